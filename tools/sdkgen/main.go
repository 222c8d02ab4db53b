// voxbind-sdkgen generates the voxbind SDKs from pulumi_voxbind/plugin/schema.json with
// Pulumi's own code generators (github.com/pulumi/pulumi/pkg/v3 codegen), offline.
//
//	go run . -schema ../../pulumi_voxbind/plugin/schema.json -python ../../pulumi_voxbind/sdk
//
// -python DIR receives the Python package (the generator's <package>/ directory; the
// generator's setup files and README are left out, because the classes ship inside the
// pulumi-voxbind wheel). The output directory is replaced, so a removed resource disappears.
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
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "voxbind-sdkgen"

func main() {
	schemaPath := flag.String("schema", "", "the package schema (JSON)")
	pythonDir := flag.String("python", "", "directory to write the Python package into")
	flag.Parse()
	if *schemaPath == "" || *pythonDir == "" {
		fail(fmt.Errorf("usage: %s -schema schema.json -python DIR", tool))
	}
	data, err := os.ReadFile(*schemaPath)
	fail(err)
	var spec schema.PackageSpec
	fail(json.Unmarshal(data, &spec))
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	fail(err)
	if diags.HasErrors() {
		fail(fmt.Errorf("schema %s: %s", *schemaPath, diags.Error()))
	}
	files, err := pygen.GeneratePackage(tool, pkg, map[string][]byte{}, noPackages{})
	fail(err)
	fail(writePython(files, *pythonDir))
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
