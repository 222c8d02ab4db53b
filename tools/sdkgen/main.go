// voxbind-sdkgen generates the voxbind SDKs from pulumi_voxbind/plugin/schema.json with
// Pulumi's own code generators (github.com/pulumi/pulumi/pkg/v3 codegen), offline.
//
//	go run . -schema ../../pulumi_voxbind/plugin/schema.json -version 0.2.0 \
//	    -python ../../pulumi_voxbind/sdk -nodejs ../../sdk/nodejs -go ../../sdk/go
//
// -version is the package's version (pyproject.toml is its one source; the schema file
// carries none, and the plugin serves the schema with its own version): the SDKs record it
// as the plugin version they ask the engine for.
//
// -python DIR receives the Python package (the generator's <package>/ directory; the
// generator's setup files and README are left out, because the classes ship inside the
// pulumi-voxbind wheel). -nodejs DIR receives the Node.js package (TypeScript sources and
// package.json), -go DIR the Go package under DIR/voxbind (DIR's go.mod and go.sum, which the
// generator does not make, are kept). Generated directories are replaced, so a removed
// resource disappears.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "voxbind-sdkgen"

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	pythonDir := flag.String("python", "", "directory to write the Python package into")
	nodejsDir := flag.String("nodejs", "", "directory to write the Node.js package into")
	goDir := flag.String("go", "", "directory to write the Go module into")
	version := flag.String("version", "", "the package version (pyproject.toml's), e.g. 0.2.0")
	flag.Parse()
	if *schemaPath == "" || *version == "" || (*pythonDir == "" && *nodejsDir == "" && *goDir == "") {
		fail(fmt.Errorf("usage: %s -schema schema.json -version X.Y.Z [-python DIR] [-nodejs DIR] [-go DIR]", tool))
	}
	data, err := os.ReadFile(*schemaPath)
	fail(err)
	var spec schema.PackageSpec
	fail(json.Unmarshal(data, &spec))
	if spec.Version != "" && spec.Version != *version {
		fail(fmt.Errorf("schema %s says version %s but -version is %s; the schema file carries no version",
			*schemaPath, spec.Version, *version))
	}
	spec.Version = *version
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	fail(err)
	if diags.HasErrors() {
		fail(fmt.Errorf("schema %s: %s", *schemaPath, diags.Error()))
	}
	if *pythonDir != "" {
		files, err := pygen.GeneratePackage(tool, pkg, map[string][]byte{}, noPackages{})
		fail(err)
		fail(writePython(files, *pythonDir))
	}
	if *nodejsDir != "" {
		files, err := nodejsgen.GeneratePackage(tool, pkg, map[string][]byte{}, nil, false, noPackages{})
		fail(err)
		fail(writeAll(files, *nodejsDir))
	}
	if *goDir != "" {
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		fail(err)
		// The generator writes the package directory (voxbind/); the module's go.mod and
		// go.sum beside it are kept (the generator makes none).
		fail(os.RemoveAll(filepath.Join(*goDir, "voxbind")))
		fail(writeFiles(files, *goDir))
	}
}

// writeAll replaces dir with the generated files.
func writeAll(files map[string][]byte, dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return writeFiles(files, dir)
}

// writeFiles writes the generated files under dir.
func writeFiles(files map[string][]byte, dir string) error {
	for name, data := range files {
		target := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writePython writes the files under the generator's package directory into dir.
func writePython(files map[string][]byte, dir string) error {
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	prefix := ""
	for _, name := range names {
		if strings.HasSuffix(name, "/_utilities.py") && strings.Count(name, "/") == 1 {
			prefix = strings.TrimSuffix(name, "_utilities.py")
		}
	}
	if prefix == "" {
		return fmt.Errorf("the Python generator wrote no package directory: %v", names)
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, name := range names {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		target := filepath.Join(dir, strings.TrimPrefix(name, prefix))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

func fail(err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", tool, err)
		os.Exit(1)
	}
}

// noPackages is the schema loader: the voxbind schema references no other package, so any
// request for one is an error (and nothing is looked up on the network or the plugin cache).
type noPackages struct{}

func (noPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the voxbind schema must not reference package %q", name)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("the voxbind schema must not reference package %q", d.Name)
}

func (noPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the voxbind schema must not reference package %q", name)
}

func (noPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the voxbind schema must not reference package %q", d.Name)
}
