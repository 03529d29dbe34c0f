package lang

// Arguments are evaluated in hcl.EvalContexts built here. There are two:
//
//   - the base context holds var, local (those evaluated so far) and the
//     functions; for_each and locals are evaluated in it, because they
//     decide which blocks exist and so cannot depend on them;
//   - the full context adds account and operator, whose attributes are the
//     public keys of every declared entity (real, or placeholders until
//     apply creates them): account.A.public_key,
//     account.A.user.u.public_key, account.A.signing_key.k.public_key,
//     and for a block with for_each, account.team["a"].public_key.
//
// A block with for_each evaluates its arguments in a child context that
// adds each (each.key, each.value); a nested block inherits it, and a
// nested block with a for_each of its own sees the enclosing instance as
// outer (outer.key, outer.value).

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// scope is everything an argument may refer to.
type scope struct {
	vars    map[string]cty.Value
	locals  map[string]cty.Value
	keys    *keySource
	baseDir string
	inputs  *inputs                      // what file() read, shared by workers
	funcs   map[string]function.Function // built once, never changed

	// Filled once blocks are expanded.
	accounts  []*accountDecl
	operators []*Operator
	labels    map[string][]string // "account", "operator" -> declared labels

	// The account and operator objects of the full context, built the
	// first time an expression evaluated needs them (most arguments of a
	// large configuration are references decoded without evaluation, or
	// literals): once blocks are expanded, keys no longer change. Until
	// then, waiting lists the full contexts that lack them.
	entities *[2]cty.Value
	waiting  []*hcl.EvalContext

	// built makes the entity values once for this scope and every worker
	// copy of it (worker); each copy fills its own contexts from it.
	built *entityValues

	// made counts the instances for_each arguments made, against
	// MaxInstances; blocks expand on all cores.
	made *atomic.Int64

	// anyCompromised is set when a signing key is compromised (blocks
	// expand on all cores); compromised then lists those keys by address
	// (compromised.go), nil otherwise.
	anyCompromised *atomic.Bool
	compromised    map[string]*SigningKey
}

// entityValues are the account and operator objects, made once.
type entityValues struct {
	once sync.Once
	v    [2]cty.Value
}

func newScope(keys *keySource, baseDir string) *scope {
	return &scope{vars: map[string]cty.Value{}, locals: map[string]cty.Value{}, keys: keys,
		baseDir: baseDir, inputs: newInputs(baseDir), labels: map[string][]string{}, built: &entityValues{}, made: new(atomic.Int64),
		anyCompromised: new(atomic.Bool)}
}

// worker returns a copy of s for evaluating blocks on another goroutine,
// once blocks are expanded: everything it shares with s is only read from
// then on, except the entity values (made once, under entityValues.once)
// and the key source (which locks). Its full contexts are its own, so
// filling them in never touches a context another goroutine reads.
func (s *scope) worker() *scope {
	w := *s
	w.entities, w.waiting = nil, nil
	return &w
}

// baseContext holds variables, locals and functions.
func (s *scope) baseContext() *hcl.EvalContext {
	return &hcl.EvalContext{
		Variables: map[string]cty.Value{
			"var":   objectOrEmpty(s.vars),
			"local": objectOrEmpty(s.locals),
		},
		Functions: s.functions(),
	}
}

func (s *scope) functions() map[string]function.Function {
	if s.funcs == nil {
		s.funcs = functions(s.baseDir, s.inputs)
	}
	return s.funcs
}

// fullContext adds the keys of every declared entity, once an expression
// needs them (needEntities). It is only called once blocks are expanded.
func (s *scope) fullContext() *hcl.EvalContext {
	ctx := s.baseContext()
	if s.entities == nil {
		s.waiting = append(s.waiting, ctx)
		return ctx
	}
	ctx.Variables["account"] = s.entities[0]
	ctx.Variables["operator"] = s.entities[1]
	return ctx
}

// needEntities gives the full contexts account and operator before expr
// is evaluated, if expr refers to either.
func (s *scope) needEntities(expr hcl.Expression) {
	if s.entities != nil || len(s.waiting) == 0 || !refersToEntities(expr) {
		return
	}
	s.built.once.Do(func() { s.built.v = [2]cty.Value{s.accountValues(), s.operatorValues()} })
	s.entities = &s.built.v
	for _, ctx := range s.waiting {
		ctx.Variables["account"] = s.entities[0]
		ctx.Variables["operator"] = s.entities[1]
	}
	s.waiting = nil
}

func refersToEntities(expr hcl.Expression) bool {
	for _, trav := range expr.Variables() {
		if root := trav.RootName(); root == "account" || root == "operator" {
			return true
		}
	}
	return false
}

func objectOrEmpty(m map[string]cty.Value) cty.Value {
	if len(m) == 0 {
		return cty.EmptyObjectVal
	}
	return cty.ObjectVal(m)
}

// withEach returns a child of ctx in which each is set, or ctx itself for
// a block without for_each. When ctx has an each already (a user with
// for_each in an account with for_each), it stays reachable as outer.
func withEach(ctx *hcl.EvalContext, each cty.Value) *hcl.EvalContext {
	if each == cty.NilVal {
		return ctx
	}
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{"each": each}
	if outer, ok := ctx.Variables["each"]; ok {
		child.Variables["outer"] = outer
	}
	return child
}

func (s *scope) keyObject(address string, nested map[string]cty.Value) cty.Value {
	attrs := map[string]cty.Value{"public_key": cty.StringVal(s.keys.key(address))}
	for k, v := range nested {
		attrs[k] = v
	}
	return cty.ObjectVal(attrs)
}

// group puts instances of one label together: a block without for_each
// is its object, a block with for_each an object of instances by key.
type group map[string]map[string]cty.Value // label -> key ("" alone) -> value

func (g group) add(label, key string, v cty.Value) {
	if g[label] == nil {
		g[label] = map[string]cty.Value{}
	}
	g[label][key] = v
}

func (g group) value() cty.Value {
	out := map[string]cty.Value{}
	for label, byKey := range g {
		if v, ok := byKey[""]; ok && len(byKey) == 1 {
			out[label] = v
			continue
		}
		delete(byKey, "")
		out[label] = objectOrEmpty(byKey)
	}
	return objectOrEmpty(out)
}

func (s *scope) accountValues() cty.Value {
	accounts := group{}
	for _, a := range s.accounts {
		users, keys := group{}, group{}
		for _, u := range a.users {
			users.add(u.label, u.key, s.keyObject(u.Address(), nil))
		}
		for _, k := range a.SigningKeys {
			if !k.Compromised { // nothing may carry its key (compromised.go)
				keys.add(k.Name, "", s.keyObject(k.Address(), nil))
			}
		}
		accounts.add(a.label, a.key, s.keyObject(a.Address(), map[string]cty.Value{
			"user": users.value(), "signing_key": keys.value(),
		}))
	}
	return accounts.value()
}

func (s *scope) operatorValues() cty.Value {
	ops := group{}
	for _, op := range s.operators {
		keys := group{}
		for _, k := range op.SigningKeys {
			if !k.Compromised {
				keys.add(k.Name, "", s.keyObject(k.Address(), nil))
			}
		}
		ops.add(op.Name, "", s.keyObject(op.Address(), map[string]cty.Value{"signing_key": keys.value()}))
	}
	return ops.value()
}

// checkVariables reports references to undeclared accounts or operators in
// expr with natsplan's own wording, before HCL would report them as an
// unsupported attribute of an object, and references to compromised
// signing keys (compromised.go).
func (s *scope) checkVariables(expr hcl.Expression) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, trav := range expr.Variables() {
		root := trav.RootName()
		declared, ok := s.labels[root]
		if !ok || len(trav) < 2 {
			continue
		}
		step, ok := trav[1].(hcl.TraverseAttr)
		if ok && !slices.Contains(declared, step.Name) {
			diags = append(diags, undeclared(root, step.Name, declared, trav.SourceRange()))
			continue
		}
		if s.compromised != nil {
			if d := s.compromisedRef(trav); d != nil {
				diags = append(diags, d)
			}
		}
	}
	return diags
}

// undeclared is the diagnostic for a reference to a block that no file
// declares.
func undeclared(kind, name string, declared []string, rng hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Reference to undeclared %s", kind),
		Detail: fmt.Sprintf("No %s named %q is declared.%s Declare it with %s %s block, or correct the name.",
			kind, name, didYouMean(name, declared), lowerArticle(kind), kind),
		Subject: rng.Ptr(),
	}
}

// uniqueSorted returns the distinct strings of list in order.
func uniqueSorted(list []string) []string {
	if len(list) == 0 {
		return nil // as below, without an allocation: most lists of a fleet are empty
	}
	return slices.Compact(slices.Sorted(slices.Values(list)))
}
