package functions_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/conveyor-dev/conveyor/functions"
	"github.com/conveyor-dev/conveyor/functions/inventory"
	inventoryservice "github.com/conveyor-dev/conveyor/functions/inventory/service"
	"github.com/conveyor-dev/conveyor/functions/orders"
	ordersservice "github.com/conveyor-dev/conveyor/functions/orders/service"
	"github.com/conveyor-dev/conveyor/functions/payments"
	paymentsservice "github.com/conveyor-dev/conveyor/functions/payments/service"
	"github.com/conveyor-dev/conveyor/functions/shipping"
	shippingservice "github.com/conveyor-dev/conveyor/functions/shipping/service"
	"github.com/conveyor-dev/conveyor/shared/config"
	"github.com/conveyor-dev/conveyor/shared/middleware"
	"github.com/conveyor-dev/conveyor/shared/spec"
)

const module = "github.com/conveyor-dev/conveyor"

// constructorName is the name of the constructor of function f of service
// s in s's service package: "orders-events" → NewEventsHandler.
func constructorName(s spec.Service, f spec.Function) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.TrimPrefix(f.Name, s.Name+"-"), "-") {
		if part == "api" {
			b.WriteString("API")
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return "New" + b.String() + "Handler"
}

// TestEveryMainIsTheOneLineWiring reads every function's main.go and
// checks it is the same few lines: package main, two imports (its
// service's wiring and the middleware), and
//
//	func main() { middleware.Main(service.New<Function>Handler) }
func TestEveryMainIsTheOneLineWiring(t *testing.T) {
	for _, s := range functions.All() {
		for _, f := range s.Functions {
			t.Run(f.Name, func(t *testing.T) {
				path := filepath.Join("..", f.Entry, "main.go")
				file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
				if err != nil {
					t.Fatal(err)
				}
				var imports []string
				for _, imp := range file.Imports {
					p, _ := strconv.Unquote(imp.Path.Value)
					imports = append(imports, p)
				}
				slices.Sort(imports)
				want := []string{module + "/functions/" + s.Name + "/service", module + "/shared/middleware"}
				if !slices.Equal(imports, want) {
					t.Errorf("imports %v, want %v", imports, want)
				}
				if file.Doc == nil || !strings.Contains(file.Doc.Text(), f.Name+" Lambda function") {
					t.Errorf("the package comment does not say it is the %s Lambda function", f.Name)
				}
				var funcs []*ast.FuncDecl
				for _, d := range file.Decls {
					switch d := d.(type) {
					case *ast.FuncDecl:
						funcs = append(funcs, d)
					case *ast.GenDecl:
						if d.Tok != token.IMPORT {
							t.Errorf("declares a %s; a main holds only func main", d.Tok)
						}
					}
				}
				if len(funcs) != 1 || funcs[0].Name.Name != "main" || len(funcs[0].Body.List) != 1 {
					t.Fatalf("want exactly one func main of one statement")
				}
				call, ok := funcs[0].Body.List[0].(*ast.ExprStmt)
				if !ok {
					t.Fatalf("main's statement is not a call")
				}
				c, ok := call.X.(*ast.CallExpr)
				if !ok || !isSelector(c.Fun, "middleware", "Main") || len(c.Args) != 1 || !isSelector(c.Args[0], "service", constructorName(s, f)) {
					t.Errorf("main is not middleware.Main(service.%s)", constructorName(s, f))
				}
			})
		}
	}
}

func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg && sel.Sel.Name == name
}

// consumers builds, by function name, every function that drains a
// subscription queue, through the constructor its main calls. A new
// service's queue consumer is added here.
var consumers = map[string]func(t *testing.T, env map[string]string) lambda.Handler{
	orders.EventsFunction:    builder(ordersservice.NewEventsHandler),
	inventory.EventsFunction: builder(inventoryservice.NewEventsHandler),
	payments.SagaFunction:    builder(paymentsservice.NewSagaHandler),
	shipping.SagaFunction:    builder(shippingservice.NewSagaHandler),
}

// builder loads C from env as the function's main would, and calls the
// constructor.
func builder[C any](ctor middleware.Constructor[C]) func(t *testing.T, env map[string]string) lambda.Handler {
	return func(t *testing.T, env map[string]string) lambda.Handler {
		t.Helper()
		cfg, err := config.LoadFrom[C](env)
		if err != nil {
			t.Fatal(err)
		}
		h, _, err := ctor(t.Context(), cfg, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
}

// TestEverySubscriptionIsHandledExactly builds each subscription's
// consumer and checks that it registers a handler for every detail-type
// (or sends itself) the subscription declares, and handles nothing the
// function's subscriptions do not bring it: a missing handler would otherwise show up
// only at run time, as poison messages in a DLQ.
func TestEverySubscriptionIsHandledExactly(t *testing.T) {
	// Building a function makes no AWS call; the region is all the SDK
	// needs.
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_ACCESS_KEY_ID", "test")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	for _, s := range functions.All() {
		declared := map[string][]string{} // function → detail-types of its subscriptions
		for _, sub := range s.Subscriptions {
			declared[sub.Function] = append(declared[sub.Function], sub.DetailTypes...)
			declared[sub.Function] = append(declared[sub.Function], sub.SelfSent...)
		}
		for fn, types := range declared {
			t.Run(fn, func(t *testing.T) {
				construct, ok := consumers[fn]
				if !ok {
					t.Fatalf("no constructor for %s in this test's consumers", fn)
				}
				f, _ := s.Function(fn)
				env, err := s.Env(f, spec.Runtime{
					Stage: "test", TableName: "test-" + s.Name, EventBusName: "test", LogLevel: "ERROR",
					Parameter: func(string) string { return "http://127.0.0.1:9" },
					QueueURL:  func(sub string) string { return "http://127.0.0.1:9/000000000000/test-" + sub },
				})
				if err != nil {
					t.Fatal(err)
				}
				h := construct(t, env)
				typed, ok := h.(interface{ Types() []string })
				if !ok {
					t.Fatalf("%s's handler %T does not list the event types it handles (Types)", fn, h)
				}
				var handled []string
				for _, t := range typed.Types() {
					name, _, _ := strings.Cut(t, ".v")
					if !slices.Contains(handled, name) {
						handled = append(handled, name)
					}
				}
				slices.Sort(handled)
				want := slices.Clone(types)
				slices.Sort(want)
				want = slices.Compact(want)
				if !slices.Equal(handled, want) {
					t.Errorf("%s handles %v; its subscriptions bring %v", fn, handled, want)
				}
			})
		}
	}
}
