// Command pulumi-language-python is a stand-in for Pulumi's Python language host, built by
// tools/ensure-pulumi when the official host cannot be fetched.
//
// Why it exists: the official host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) that Pulumi never tags, so
// it can only be fetched at a pseudo-version of a commit. The module proxy this project can
// reach serves no version of that module at all, so `go build` cannot get it. Everything else
// the host needs ships in github.com/pulumi/pulumi/sdk/v3 at the pinned version: the
// LanguageRuntime gRPC service, the Python toolchain logic (pip/poetry/uv, virtualenv handling,
// PULUMI_PYTHON_CMD), rpcutil and the pulumi-plugin.json reader. This program wires those same
// packages into the language host protocol so that `pulumi preview/up/refresh/destroy` of a
// Python project directory behave as they do with the official host:
//
//   - the program is run through the SDK's pulumi-language-python-exec script found next to
//     this executable, with the same flags (--monitor --engine --project --root_directory
//     --stack --pwd --dry_run --parallel --tracing --organization <entry point> <args>) and the
//     same environment (PULUMI_CONFIG, PULUMI_CONFIG_SECRET_KEYS), using the interpreter chosen
//     by the SDK's toolchain package (runtime options virtualenv/toolchain, PULUMI_PYTHON_CMD);
//   - a program exit code of 32 means "error already shown" (Bail), any other non-zero code is
//     reported as "program exited with non-zero exit code: N";
//   - required packages are computed like the official host: every installed distribution
//     whose name starts with pulumi-, or that ships <module>/pulumi-plugin.json, needs a
//     resource plugin unless that file says {"resource": false}; the file is found through
//     Python's import system (importlib), so editable installs are seen too (Pulumi >= 3.226);
//   - Cancel (the engine's reaction to the first Ctrl-C) interrupts the running program with
//     SIGINT and kills it if it is still running 5 s later (Pulumi >= 3.229).
//
// Not supported (answered with Unimplemented): code generation (GenerateProgram/Project/
// Package), Pack, Link and attaching a debugger. Use the official Pulumi CLI for those.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

const (
	execScriptName = "pulumi-language-python-exec"

	envConfig           = "PULUMI_CONFIG"
	envConfigSecretKeys = "PULUMI_CONFIG_SECRET_KEYS" //nolint:gosec // a variable name, not a secret

	// Exit code with which pulumi-language-python-exec reports that it already printed an
	// actionable error; the engine is then told to bail without adding another message.
	exitAfterUserActionableMessage = 32

	// How long a program may take to stop after the SIGINT that Cancel sends before it is
	// killed (Pulumi's host waits 5 s too).
	programInterruptGrace = 5 * time.Second
)

var minimumPythonVersion = semver.MustParse("3.10.0")

func main() {
	var tracing, givenExecutor string
	flag.StringVar(&tracing, "tracing", "", "Emit tracing to a Zipkin-compatible tracing endpoint")
	flag.StringVar(&givenExecutor, "use-executor", "", "Use the given program as the executor")
	// Accepted for command-line compatibility with older engines; runtime options now arrive
	// with each request.
	flag.String("virtualenv", "", "[obsolete] Virtual environment path to use")
	flag.String("root", "", "[obsolete] Project root path to use")
	flag.String("typechecker", "", "[obsolete] Use a typechecker to type check")
	flag.String("toolchain", "pip", "[obsolete] Package manager to use")
	flag.Parse()

	logging.InitLogging(false, 0, false)
	cmdutil.InitTracing("pulumi-language-python", "pulumi-language-python", tracing)

	executor := givenExecutor
	if executor == "" {
		self, err := os.Executable()
		if err != nil {
			cmdutil.Exit(fmt.Errorf("could not determine current executable: %w", err))
		}
		executor = filepath.Join(filepath.Dir(self), execScriptName)
		if _, err := os.Stat(executor); err != nil {
			cmdutil.Exit(fmt.Errorf("missing executor %s: %w", executor, err))
		}
	}

	var engineAddress string
	if args := flag.Args(); len(args) > 0 {
		engineAddress = args[0]
	}

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	cancelChannel := make(chan bool)
	go func() {
		<-ctx.Done()
		cancel()
		close(cancelChannel)
	}()

	if engineAddress != "" {
		// Exit when the engine goes away, as every Pulumi plugin does.
		if err := rpcutil.Healthcheck(ctx, engineAddress, 5*time.Minute, cancel); err != nil {
			cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
		}
	}

	host := newPythonHost(executor, engineAddress, tracing)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelChannel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start language host RPC server: %w", err))
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)

	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host RPC stopped serving: %w", err))
	}
}

type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	exec    string
	tracing string

	// cancelled is done once the engine calls Cancel; running programs are then interrupted.
	cancelled context.Context
	cancel    context.CancelFunc

	mu            sync.Mutex
	engineAddress string
}

func newPythonHost(executor, engineAddress, tracing string) *pythonHost {
	cancelled, cancel := context.WithCancel(context.Background())
	return &pythonHost{
		exec: executor, engineAddress: engineAddress, tracing: tracing,
		cancelled: cancelled, cancel: cancel,
	}
}

func (h *pythonHost) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// parseOptions turns the project's runtime options into toolchain options, rejecting the same
// malformed values as the official host.
func parseOptions(info *pulumirpc.ProgramInfo) (toolchain.PythonOptions, error) {
	if info == nil {
		return toolchain.PythonOptions{}, errors.New("missing program info")
	}
	opts := toolchain.PythonOptions{Root: info.RootDirectory, ProgramDir: info.ProgramDirectory}
	raw := info.GetOptions().AsMap()

	if v, ok := raw["virtualenv"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("virtualenv option must be a string")
		}
		opts.Virtualenv = s
	}
	if v, ok := raw["typechecker"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("typechecker option must be a string")
		}
		switch s {
		case "mypy":
			opts.Typechecker = toolchain.TypeCheckerMypy
		case "pyright":
			opts.Typechecker = toolchain.TypeCheckerPyright
		default:
			return opts, fmt.Errorf("unsupported typechecker option: %s", s)
		}
	}
	if v, ok := raw["toolchain"]; ok {
		s, ok := v.(string)
		if !ok {
			return opts, errors.New("toolchain option must be a string")
		}
		switch s {
		case "pip":
			opts.Toolchain = toolchain.Pip
		case "poetry":
			opts.Toolchain = toolchain.Poetry
		case "uv":
			opts.Toolchain = toolchain.Uv
		default:
			return opts, fmt.Errorf("unsupported toolchain option: %s", s)
		}
	}
	return opts, nil
}

// usesPip is true for the pip toolchain and for Auto (no toolchain option), which resolves to
// pip unless the project has poetry or uv files.
func usesPip(opts toolchain.PythonOptions) bool {
	return opts.Toolchain == toolchain.Pip || opts.Toolchain == toolchain.Auto
}

func (h *pythonHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	h.engineAddress = req.EngineAddress
	h.mu.Unlock()

	hctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	if err := rpcutil.Healthcheck(hctx, req.EngineAddress, 5*time.Minute, cancel); err != nil {
		cmdutil.Exit(fmt.Errorf("could not start health check host RPC server: %w", err))
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *pythonHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GetRequiredPlugins is deprecated in favour of GetRequiredPackages; the official host answers
// Unimplemented too, which makes the engine use GetRequiredPackages.
func (h *pythonHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return nil, status.Errorf(codes.Unimplemented, "method GetRequiredPlugins not implemented")
}

// engineLogWriters returns writers that forward text to the engine as ephemeral log messages.
func (h *pythonHost) engineLogWriters(ctx context.Context) (io.Writer, io.Writer, io.Closer, error) {
	conn, err := grpc.NewClient(h.engine(),
		grpc.WithTransportCredentials(insecure.NewCredentials()), rpcutil.GrpcChannelOptions())
	if err != nil {
		return nil, nil, nil, fmt.Errorf("language host could not make connection to engine: %w", err)
	}
	client := pulumirpc.NewEngineClient(conn)
	stream := rand.Int31() //nolint:gosec // a stream id, not a secret
	info := &engineLogWriter{ctx, client, stream, pulumirpc.LogSeverity_INFO}
	errw := &engineLogWriter{ctx, client, stream, pulumirpc.LogSeverity_ERROR}
	return info, errw, conn, nil
}

type engineLogWriter struct {
	ctx      context.Context
	client   pulumirpc.EngineClient
	streamID int32
	severity pulumirpc.LogSeverity
}

func (w *engineLogWriter) Write(p []byte) (int, error) {
	_, err := w.client.Log(w.ctx, &pulumirpc.LogRequest{
		Message:   strings.ToValidUTF8(string(p), "\uFFFD"),
		Ephemeral: true,
		StreamId:  w.streamID,
		Severity:  w.severity,
	})
	if err != nil {
		return 0, err
	}
	return len(p), nil
}

func (h *pythonHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	stdout, stderr, closer, err := h.engineLogWriters(ctx)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	if err := tc.EnsureVenv(ctx, req.Info.ProgramDirectory, false, true, stdout, stderr); err != nil {
		return nil, err
	}
	warnOnOldPython(ctx, tc)

	installed, err := tc.ListPackages(ctx, true /*transitive*/)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(installed))
	for _, p := range installed {
		names = append(names, p.Name)
	}
	pluginFiles, err := locatePluginFiles(ctx, tc, names)
	if err != nil {
		return nil, err
	}

	var packages []*pulumirpc.PackageDependency
	for _, p := range installed {
		dep, err := packageDependency(p, pluginFiles[p.Name])
		if err != nil {
			return nil, err
		}
		if dep != nil {
			packages = append(packages, dep)
		}
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// Distributions known to have no plugin even though their names start with "pulumi".
var packagesWithoutPlugins = map[string]bool{
	"pulumi-policy":  true,
	"pulumi-esc-sdk": true,
}

// locatePluginScript prints, as one JSON object, the path of pulumi-plugin.json for each
// distribution name given as an argument, or "" when it has none. Like Pulumi's own host (since
// v3.226) it asks Python's import system where the distribution's module lives (the module name
// is the distribution's metadata name with "-" replaced by "_"), so the file is found wherever
// the package is imported from: site-packages, an editable install's source tree or a path
// entry. A name whose lookup fails maps to "".
const locatePluginScript = `import importlib.metadata, importlib.util, json, os, sys
found = {}
for name in sys.argv[1:]:
    path = ""
    try:
        module = importlib.metadata.distribution(name).metadata["Name"].replace("-", "_")
        spec = importlib.util.find_spec(module)
        for location in (spec.submodule_search_locations or []) if spec else []:
            candidate = os.path.join(str(location), "pulumi-plugin.json")
            if os.path.isfile(candidate):
                path = candidate
                break
    except Exception:
        pass
    found[name] = path
json.dump(found, sys.stdout)
`

// locatePluginFiles maps each installed distribution to its pulumi-plugin.json ("" when none).
// As in Pulumi's host, a failure to run the lookup is logged and treated as "no files found":
// packages then fall back to the name rule in packageDependency.
func locatePluginFiles(ctx context.Context, tc toolchain.Toolchain, names []string) (map[string]string, error) {
	if len(names) == 0 {
		return map[string]string{}, nil
	}
	cmd, err := tc.Command(ctx, append([]string{"-c", locatePluginScript}, names...)...)
	if err != nil {
		logging.V(5).Infof("GetRequiredPackages: cannot run the pulumi-plugin.json lookup: %v", err)
		return map[string]string{}, nil
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		logging.V(5).Infof("GetRequiredPackages: the pulumi-plugin.json lookup failed: %v: %s",
			err, strings.TrimSpace(stderr.String()))
		return map[string]string{}, nil
	}
	var located map[string]string
	if err := json.Unmarshal(out, &located); err != nil {
		return nil, fmt.Errorf("parsing pulumi-plugin.json locations: %w", err)
	}
	return located, nil
}

// packageDependency decides whether an installed distribution needs a resource plugin, and
// which one. pluginFile is the path of its pulumi-plugin.json, or "".
func packageDependency(pkg plugin.DependencyInfo, pluginFile string) (*pulumirpc.PackageDependency, error) {
	var meta *plugin.PulumiPluginJSON
	if pluginFile != "" {
		m, err := plugin.LoadPulumiPluginJSON(pluginFile)
		if err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("reading %s: %w", pluginFile, err)
		}
		meta = m
	}
	// The toolchain lists normalized names (lower case, "-" separators), as Pulumi's host expects.
	isPulumi := meta != nil || strings.HasPrefix(pkg.Name, "pulumi-")
	if !isPulumi || packagesWithoutPlugins[pkg.Name] {
		return nil, nil
	}

	var name, ver, server string
	var param *pulumirpc.PackageParameterization
	if meta != nil {
		if !meta.Resource {
			logging.V(5).Infof("GetRequiredPackages: %s has pulumi-plugin.json with resource=false", pkg.Name)
			return nil, nil
		}
		name, ver, server = meta.Name, meta.Version, meta.Server
		if p := meta.Parameterization; p != nil {
			param = &pulumirpc.PackageParameterization{Name: p.Name, Version: p.Version, Value: p.Value}
		}
	}
	if name == "" {
		name = strings.TrimPrefix(pkg.Name, "pulumi-")
	}
	if ver == "" {
		v, err := pep440ToSemver(pkg.Version)
		if err != nil {
			logging.V(5).Infof("GetRequiredPackages: no plugin version for %s %s: %v", pkg.Name, pkg.Version, err)
			return nil, nil
		}
		ver = v
	}
	if !strings.HasPrefix(ver, "v") {
		ver = "v" + ver
	}
	return &pulumirpc.PackageDependency{
		Name: name, Version: ver, Kind: "resource", Server: server, Parameterization: param,
	}, nil
}

var pep440Re = regexp.MustCompile(
	`^(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?$`)

// pep440ToSemver converts the subset N(.N)*[{a|b|rc}N][.postN][.devN] of PEP 440 into a plugin
// version: at least three numeric parts, a1 -> -alpha.1, b1 -> -beta.1, rc1 -> -rc.1, and
// .postN/.devN as build metadata (+postN, +devN, +postNdevM).
func pep440ToSemver(v string) (string, error) {
	m := pep440Re.FindStringSubmatch(v)
	if m == nil {
		return "", fmt.Errorf("unsupported version %q", v)
	}
	parts := strings.Split(m[1], ".")
	for len(parts) < 3 {
		parts = append(parts, "0")
	}
	out := strings.Join(parts, ".")
	switch m[2] {
	case "a":
		out += "-alpha." + m[3]
	case "b":
		out += "-beta." + m[3]
	case "rc":
		out += "-rc." + m[3]
	}
	build := ""
	if m[4] != "" {
		build += "post" + m[4]
	}
	if m[5] != "" {
		build += "dev" + m[5]
	}
	if build != "" {
		out += "+" + build
	}
	return out, nil
}

// warnOnOldPython prints a diagnostic (stderr is shown by the engine) when the interpreter is
// older than Pulumi supports.
func warnOnOldPython(ctx context.Context, tc toolchain.Toolchain) {
	cmd, err := tc.Command(ctx, "--version")
	if err != nil {
		fmt.Fprintf(os.Stderr, "Failed to create python version command: %s\n", err)
		return
	}
	out, err := cmd.Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "Failed to resolve python version command: %s\n", err)
		return
	}
	parsed, err := toolchain.ParsePythonVersion(strings.TrimSpace(string(out)))
	if err != nil {
		return
	}
	if parsed.LT(minimumPythonVersion) {
		fmt.Fprintf(os.Stderr, "Pulumi does not support Python %s. Please upgrade to at least %s\n",
			parsed, minimumPythonVersion)
	}
}

func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if h.engine() == "" {
		return nil, errors.New("when debugging or running explicitly, must call Handshake before Run")
	}
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{
			Error: "attaching a debugger is not supported by this build of pulumi-language-python",
		}, nil
	}
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}

	args := append([]string{h.exec}, h.execArguments(req)...)

	configJSON := ""
	if cfg := req.GetConfig(); cfg != nil {
		b, err := json.Marshal(cfg)
		if err != nil {
			return nil, fmt.Errorf("failed to serialize configuration: %w", err)
		}
		configJSON = string(b)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("failed to serialize configuration secret keys: %w", err)
	}

	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, err
	}
	if err := runTypechecker(ctx, tc, opts, req.Info.ProgramDirectory); err != nil {
		return nil, err
	}

	// The program stops when the engine calls Cancel (Ctrl-C on `pulumi up`) or this request
	// ends: SIGINT first, a kill if it still runs programInterruptGrace later.
	runCtx, stopProgram := context.WithCancel(h.cancelled)
	defer stopProgram()
	context.AfterFunc(ctx, stopProgram)
	cmd, err := tc.Command(runCtx, args...)
	if err != nil {
		return nil, err
	}
	interruptOnCancel(cmd, programInterruptGrace)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	env := cmd.Env
	if env == nil {
		env = os.Environ()
	}
	if configJSON != "" {
		env = append(env, envConfig+"="+configJSON)
	}
	cmd.Env = append(env, envConfigSecretKeys+"="+string(secretKeysJSON))
	logging.V(5).Infof("Language host launching process: %s", strings.Join(cmd.Args, " "))

	if err := cmd.Run(); err != nil {
		// Python may crash early without flushing; make sure what it wrote reaches the engine.
		_ = os.Stdout.Sync()
		_ = os.Stderr.Sync()
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
				switch code := ws.ExitStatus(); code {
				case 0:
					err = fmt.Errorf("program exited unexpectedly: %w", exitErr)
				case exitAfterUserActionableMessage:
					return &pulumirpc.RunResponse{Bail: true}, nil
				default:
					err = fmt.Errorf("program exited with non-zero exit code: %d", code)
				}
			} else {
				err = fmt.Errorf("program exited unexpectedly: %w", exitErr)
			}
		} else {
			err = fmt.Errorf("problem executing program (could not run language executor): %w", err)
		}
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// interruptOnCancel makes the end of cmd's context send SIGINT (a kill if that fails) and kill
// the process when it has not exited grace later, instead of killing it at once.
func interruptOnCancel(cmd *exec.Cmd, grace time.Duration) {
	cmd.Cancel = func() error {
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = grace
}

// execArguments builds the command line of pulumi-language-python-exec for a RunRequest.
func (h *pythonHost) execArguments(req *pulumirpc.RunRequest) []string {
	var args []string
	add := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", h.engine())
	add("project", req.GetProject())
	add("root_directory", req.GetInfo().GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("dry_run", strconv.FormatBool(req.GetDryRun()))
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("tracing", h.tracing)
	add("organization", req.GetOrganization())

	entry := req.GetInfo().GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	return append(args, req.GetArgs()...)
}

// runTypechecker runs mypy or pyright over the program when the project asks for it.
func runTypechecker(ctx context.Context, tc toolchain.Toolchain, opts toolchain.PythonOptions, programDir string) error {
	var name string
	switch opts.Typechecker {
	case toolchain.TypeCheckerMypy:
		name = "mypy"
	case toolchain.TypeCheckerPyright:
		name = "pyright"
	default:
		return nil
	}
	args := []string{"-m", name}
	if name == "mypy" {
		venv, err := tc.VirtualEnvPath(ctx)
		if err != nil {
			return err
		}
		if venv != "" {
			rel, err := filepath.Rel(programDir, venv)
			if err != nil {
				return err
			}
			args = append(args, "--exclude", rel)
		}
	}
	args = append(args, programDir)
	installed, err := tc.ListPackages(ctx, true)
	if err != nil {
		return err
	}
	found := false
	for _, p := range installed {
		found = found || p.Name == name
	}
	if !found {
		return fmt.Errorf("The typechecker option is set to %s, but %s is not installed", name, name)
	}
	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return err
	}
	cmd.Dir = programDir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s failed: %w", name, err)
	}
	return nil
}

func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return err
	}
	// Plugins never run in the ambient Python; programs may.
	if req.IsPlugin && usesPip(opts) && opts.Virtualenv == "" {
		opts.Virtualenv = "venv"
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.IsTerminal)
	if err != nil {
		return err
	}
	defer closer.Close()

	fmt.Fprint(stdout, "Installing dependencies...\n\n")
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return err
	}
	if err := tc.InstallDependencies(server.Context(), req.Info.ProgramDirectory,
		req.UseLanguageVersionTools, true, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprint(stdout, "Finished installing dependencies\n\n")
	return closer.Close()
}

func (h *pythonHost) RuntimeOptionsPrompts(
	_ context.Context, req *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	raw := req.GetInfo().GetOptions().AsMap()
	var prompts []*pulumirpc.RuntimeOptionPrompt
	tcName, hasToolchain := raw["toolchain"]
	if !hasToolchain {
		pipChoice := &pulumirpc.RuntimeOptionPrompt_RuntimeOptionValue{
			PromptType: pulumirpc.RuntimeOptionPrompt_STRING, StringValue: "pip", DisplayName: "pip",
		}
		choices := append([]*pulumirpc.RuntimeOptionPrompt_RuntimeOptionValue{pipChoice},
			plugin.MakeExecutablePromptChoices("poetry", "uv")...)
		prompts = append(prompts, &pulumirpc.RuntimeOptionPrompt{
			Key:         "toolchain",
			Description: "The toolchain to use for installing dependencies and running the program",
			PromptType:  pulumirpc.RuntimeOptionPrompt_STRING,
			Choices:     choices,
			Default:     pipChoice,
		})
	}
	if _, hasVenv := raw["virtualenv"]; hasToolchain && tcName == "pip" && !hasVenv {
		venv := &pulumirpc.RuntimeOptionPrompt_RuntimeOptionValue{
			PromptType: pulumirpc.RuntimeOptionPrompt_STRING, StringValue: "venv",
		}
		prompts = append(prompts, &pulumirpc.RuntimeOptionPrompt{
			Key:         "virtualenv",
			Description: "The virtualenv to use",
			PromptType:  pulumirpc.RuntimeOptionPrompt_STRING,
			Choices:     []*pulumirpc.RuntimeOptionPrompt_RuntimeOptionValue{venv},
			Default:     venv,
		})
	}
	return &pulumirpc.RuntimeOptionsResponse{Prompts: prompts}, nil
}

func (h *pythonHost) Template(
	ctx context.Context, req *pulumirpc.TemplateRequest,
) (*pulumirpc.TemplateResponse, error) {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.PrepareProject(ctx, req.ProjectName, req.Info.ProgramDirectory, false,
		os.Stderr, os.Stderr); err != nil {
		return nil, err
	}
	return &pulumirpc.TemplateResponse{}, nil
}

func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	opts := toolchain.PythonOptions{Toolchain: toolchain.Pip}
	if req != nil && req.Info != nil {
		o, err := parseOptions(req.Info)
		if err != nil {
			return nil, err
		}
		opts = o
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	info, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: info.PythonExecutable,
		Version:    info.PythonVersion.String(),
	}, nil
}

func (h *pythonHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	deps, err := tc.ListPackages(ctx, req.TransitiveDependencies)
	if err != nil {
		return nil, fmt.Errorf("failed to get python dependencies: %w", err)
	}
	out := make([]*pulumirpc.DependencyInfo, len(deps))
	for i, d := range deps {
		out[i] = &pulumirpc.DependencyInfo{Name: d.Name, Version: d.Version}
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: out}, nil
}

// RunPlugin runs a plugin written in Python: `python <dir> args` for a directory with
// __main__.py, otherwise `python -m pulumi.run.plugin <project name> args` for a package.
func (h *pythonHost) RunPlugin(
	req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer,
) error {
	opts, err := parseOptions(req.Info)
	if err != nil {
		return err
	}
	if usesPip(opts) && opts.Virtualenv == "" {
		opts.Virtualenv = "venv"
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return err
	}
	ctx := server.Context()

	var cmd *exec.Cmd
	if _, statErr := os.Stat(filepath.Join(opts.Root, "__main__.py")); statErr == nil {
		cmd, err = tc.Command(ctx, append([]string{req.Info.ProgramDirectory}, req.Args...)...)
	} else {
		pyproject, lerr := toolchain.LoadPyproject(opts.Root)
		if lerr != nil {
			return fmt.Errorf("plugin is not runnable, it provides neither __main__.py nor a "+
				"buildable pyproject.toml: %w", lerr)
		}
		if pyproject.Project == nil || pyproject.Project.Name == "" {
			return errors.New("plugin pyproject.toml has no project name")
		}
		cmd, err = tc.ModuleCommand(ctx, "pulumi.run.plugin",
			append([]string{pyproject.Project.Name}, req.Args...)...)
	}
	if err != nil {
		return err
	}

	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()
	cmd.Dir = req.Pwd
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, req.Env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok {
				return server.Send(&pulumirpc.RunPluginResponse{
					//nolint:gosec // exit codes fit in 8 bits
					Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(ws.ExitStatus())},
				})
			}
			return fmt.Errorf("program exited unexpectedly: %w", exitErr)
		}
		return fmt.Errorf("problem executing plugin program (could not run language executor): %w", err)
	}
	return closer.Close()
}

// Cancel interrupts every program this host is running and every one it starts afterwards.
// The engine calls it when the user cancels the operation (the first Ctrl-C).
func (h *pythonHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancel()
	return &emptypb.Empty{}, nil
}
