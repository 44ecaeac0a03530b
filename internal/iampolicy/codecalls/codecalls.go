// Package codecalls finds the AWS operations a Go program can call: it
// builds the program's call graph by rapid type analysis from its main
// function and collects every call it reaches to a method of an AWS SDK
// service client (github.com/aws/aws-sdk-go-v2/service/<name>.Client),
// with what IAM needs to know beyond the operation: the items of DynamoDB
// transactions, and whether DynamoDB queries name an index.
//
// The tests of the IAM policies hold each function's declared access
// against what its code can call, so that a role holds no action its code
// never calls and lacks none it does. The analysis over-approximates, never
// under: an interface call reaches every type the program puts in such an
// interface. Calls made only through reflection are left out (the Lambda
// runtime's reflective call of a handler function would otherwise reach
// every function whose address the program takes).
package codecalls

import (
	"errors"
	"fmt"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/callgraph"
	"golang.org/x/tools/go/callgraph/rta"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// sdkService is the import path prefix of the AWS SDK's service clients.
const sdkService = "github.com/aws/aws-sdk-go-v2/service/"

// iamPrefix maps an SDK service package to the prefix of its IAM actions,
// where the two differ.
var iamPrefix = map[string]string{
	"eventbridge":     "events",
	"dynamodbstreams": "dynamodb",
}

// transactionItems maps the fields of the SDK's DynamoDB transaction items
// to the operation IAM authorises each as.
var transactionItems = map[string]map[string]string{
	"TransactWriteItem": {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem", "ConditionCheck": "ConditionCheckItem"},
	"TransactGetItem":   {"Get": "GetItem"},
}

// Calls are the AWS operations one program can call.
type Calls struct {
	// Operations are the SDK client methods the program can call, as IAM
	// names them, "<prefix>:<Operation>" (e.g. "dynamodb:GetItem",
	// "sqs:SendMessage", "events:PutEvents"); sorted.
	Operations []string
	// TransactionItems are the operations of the items the program's
	// DynamoDB transactions hold (e.g. "dynamodb:PutItem"): IAM
	// authorises a transaction item by item; sorted.
	TransactionItems []string
	// QueriesTable reports whether some DynamoDB query the program builds
	// names no index, QueriesIndex whether some names one.
	QueriesTable, QueriesIndex bool
}

// Actions are the IAM actions the calls need, sorted: on the resources
// they name (a transaction's as the operations of its items, a query only
// if it queries the table itself), and on a table's indexes (a query of
// an index).
func (c Calls) Actions() (actions, onIndexes []string) {
	set := map[string]bool{}
	for _, op := range c.Operations {
		switch op {
		case "dynamodb:TransactWriteItems", "dynamodb:TransactGetItems":
			for _, item := range c.TransactionItems {
				set[item] = true
			}
		case "dynamodb:Query":
			if c.QueriesTable {
				set[op] = true
			}
			if c.QueriesIndex {
				onIndexes = []string{op}
			}
		default:
			set[op] = true
		}
	}
	return slices.Sorted(maps.Keys(set)), onIndexes
}

// Find loads the main packages that patterns name (e.g.
// "./functions/orders/cmd/api"), relative to dir, and returns the calls
// of each, by its import path.
func Find(dir string, patterns ...string) (map[string]Calls, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("codecalls: load %v: %w", patterns, err)
	}
	var errs []error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, fmt.Errorf("codecalls: %s: %v", p.PkgPath, e))
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	prog, mains := ssautil.AllPackages(pkgs, ssa.InstantiateGenerics)
	prog.Build()
	out := map[string]Calls{}
	for i, p := range mains {
		if p == nil || p.Pkg.Name() != "main" {
			return nil, fmt.Errorf("codecalls: %s is not a main package", pkgs[i].PkgPath)
		}
		module := pkgs[i].Module
		if module == nil {
			return nil, fmt.Errorf("codecalls: %s belongs to no module", pkgs[i].PkgPath)
		}
		out[p.Pkg.Path()] = find(p, module.Path)
	}
	return out, nil
}

// find analyses one main package of module: the calls it can make to the
// SDK's clients, and what the module's own code puts in its transactions
// and queries (the SDK's serializers read every field of both).
func find(p *ssa.Package, module string) Calls {
	roots := []*ssa.Function{p.Func("main"), p.Func("init")}
	graph := rta.Analyze(roots, true).CallGraph
	operations, items := map[string]bool{}, map[string]bool{}
	var c Calls
	for _, fn := range reachable(graph, roots, func(caller, callee *ssa.Function) {
		if op, ok := clientOperation(callee); ok && callsFor(caller, module) {
			operations[op] = true
		}
	}) {
		if !inModule(fn, module) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.FieldAddr:
					if op, ok := transactionItem(x); ok {
						items[op] = true
					}
				case *ssa.Alloc:
					if isSDKType(x.Type(), "dynamodb", "QueryInput") {
						if setsField(x, "IndexName") {
							c.QueriesIndex = true
						} else {
							c.QueriesTable = true
						}
					}
				}
			}
		}
	}
	c.Operations = slices.Sorted(maps.Keys(operations))
	c.TransactionItems = slices.Sorted(maps.Keys(items))
	return c
}

// reachable returns the functions the call graph reaches from roots,
// calling edge for each call it follows. It leaves out the calls made
// through reflection, which have no call site.
func reachable(g *callgraph.Graph, roots []*ssa.Function, edge func(caller, callee *ssa.Function)) []*ssa.Function {
	seen := map[*ssa.Function]bool{}
	var queue []*ssa.Function
	for _, r := range roots {
		if r != nil && !seen[r] {
			seen[r] = true
			queue = append(queue, r)
		}
	}
	for i := 0; i < len(queue); i++ {
		n := g.Nodes[queue[i]]
		if n == nil {
			continue
		}
		for _, e := range n.Out {
			if e.Site == nil {
				continue
			}
			edge(e.Caller.Func, e.Callee.Func)
			if !seen[e.Callee.Func] {
				seen[e.Callee.Func] = true
				queue = append(queue, e.Callee.Func)
			}
		}
	}
	return queue
}

// inModule reports whether fn, or the generic function it instantiates,
// is the code of module.
func inModule(fn *ssa.Function, module string) bool {
	path := packagePath(fn)
	return path == module || strings.HasPrefix(path, module+"/")
}

// packagePath is the import path of the package fn, or the generic
// function it instantiates, belongs to; "" for synthetic wrappers.
func packagePath(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Pkg == nil {
		return ""
	}
	return fn.Pkg.Pkg.Path()
}

// clientOperation returns the IAM action of fn if fn is an exported method
// of an SDK service client: "<prefix>:<Method>".
func clientOperation(fn *ssa.Function) (string, bool) {
	service, ok := clientService(fn)
	if !ok || !token.IsExported(fn.Name()) || fn.Name() == "Options" {
		return "", false
	}
	if p, ok := iamPrefix[service]; ok {
		service = p
	}
	return service + ":" + fn.Name(), true
}

// clientService returns the SDK service package name of fn's receiver, if
// fn is a method of an SDK service client.
func clientService(fn *ssa.Function) (string, bool) {
	recv := fn.Signature.Recv()
	if recv == nil {
		return "", false
	}
	ptr, ok := recv.Type().(*types.Pointer)
	if !ok {
		return "", false
	}
	n, ok := ptr.Elem().(*types.Named)
	if !ok || n.Obj().Name() != "Client" || n.Obj().Pkg() == nil {
		return "", false
	}
	service, ok := strings.CutPrefix(n.Obj().Pkg().Path(), sdkService)
	if !ok || strings.Contains(service, "/") {
		return "", false
	}
	return service, true
}

// credentialPackages are the SDK packages that find credentials: their
// calls (STS, SSO) are made before there are credentials to sign with, not
// with the function's role.
var credentialPackages = []string{"github.com/aws/aws-sdk-go-v2/config", "github.com/aws/aws-sdk-go-v2/credentials"}

// callsFor reports whether a call from caller to a client method is one
// the program makes with its credentials: any call but the client's calls
// of its own methods (endpoint discovery, the SDK's business) and the
// credential providers'.
func callsFor(caller *ssa.Function, module string) bool {
	if inModule(caller, module) {
		return true
	}
	if _, isClient := clientService(caller); isClient {
		return false
	}
	path := packagePath(caller)
	for _, p := range credentialPackages {
		if path == p || strings.HasPrefix(path, p+"/") {
			return false
		}
	}
	return true
}

// transactionItem returns the operation IAM authorises a transaction item
// as, if x addresses the Put, Update, Delete, ConditionCheck or Get field
// of a DynamoDB transaction item.
func transactionItem(x *ssa.FieldAddr) (string, bool) {
	ptr, ok := x.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return "", false
	}
	for item, fields := range transactionItems {
		if isSDKType(ptr, "dynamodb/types", item) {
			st := ptr.Elem().Underlying().(*types.Struct)
			if op, ok := fields[st.Field(x.Field).Name()]; ok {
				return "dynamodb:" + op, true
			}
		}
	}
	return "", false
}

// isSDKType reports whether t is a pointer to the named type of the SDK
// service package pkg (e.g. "dynamodb", "dynamodb/types").
func isSDKType(t types.Type, pkg, name string) bool {
	ptr, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := ptr.Elem().(*types.Named)
	return ok && n.Obj().Name() == name && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == sdkService+pkg
}

// setsField reports whether the allocated struct has field name addressed
// (set) anywhere.
func setsField(a *ssa.Alloc, name string) bool {
	st := a.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	for _, ref := range *a.Referrers() {
		if f, ok := ref.(*ssa.FieldAddr); ok && st.Field(f.Field).Name() == name {
			return true
		}
	}
	return false
}
