package functions_test

import (
	"go/build"
	"strings"
	"testing"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

func TestEveryDeclarationIsValid(t *testing.T) {
	if err := spec.ValidateAll(functions.All()); err != nil {
		t.Fatal(err)
	}
}

func TestEveryFunctionEntryIsAMainPackageOfItsService(t *testing.T) {
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			t.Run(f.Name, func(t *testing.T) {
				if !strings.HasPrefix(f.Entry, "./functions/"+s.Name+"/") {
					t.Errorf("entry %s is outside functions/%s", f.Entry, s.Name)
				}
				pkg, err := build.Default.Import(f.Entry, "..", 0)
				if err != nil {
					t.Fatalf("entry %s: %v", f.Entry, err)
				}
				if pkg.Name != "main" {
					t.Errorf("entry %s is package %s, not main", f.Entry, pkg.Name)
				}
			})
		}
	}
}

func TestDeclarationPackagesImportNoHandlerCode(t *testing.T) {
	for _, s := range functions.All() {
		pkg, err := build.Default.Import("./"+s.Name, ".", 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pkg.Imports {
			if strings.Contains(imp, "aws-sdk") || strings.Contains(imp, "aws-cdk") || strings.Contains(imp, "aws-lambda-go") ||
				(strings.HasPrefix(imp, "github.com/conveyor-dev/conveyor/") && imp != "github.com/conveyor-dev/conveyor/shared/spec") {
				t.Errorf("declaration package %s imports %s", s.Name, imp)
			}
		}
	}
}

func TestDomainPackagesImportNoAWSCDKOrTracing(t *testing.T) {
	for _, s := range functions.All() {
		pkg, err := build.Default.Import("./"+s.Name+"/domain", ".", 0)
		if err != nil {
			t.Fatalf("service %s has no domain package: %v", s.Name, err)
		}
		for _, imp := range pkg.Imports {
			if strings.Contains(imp, "aws") || strings.Contains(imp, "cdk") || strings.Contains(imp, "xray") ||
				strings.HasSuffix(imp, "/shared/tracing") || strings.HasSuffix(imp, "/shared/httpapi") {
				t.Errorf("%s/domain imports %s", s.Name, imp)
			}
		}
	}
}
