package lang

// A compromised signing key is dropped from its owner's JWT and from the
// state at once, so nothing may carry its public key any more: a
// reference to it would be the old key in the plan that marks it and a
// placeholder without a seed after apply, and the configuration would
// never converge. compromised is therefore read while blocks expand (in
// the base context, as for_each is), before any argument is evaluated;
// a reference that names such a key is refused where it is written
// (checkVariables), and the key is left out of the values expressions see
// (accountValues), so that nothing reaches it without naming it either.
// A retiring key is still trusted and stays referenceable.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// readCompromised evaluates compromised of the signing_key block kb into
// k, in ctx: the base context with the instance's each.
func (s *scope) readCompromised(k *SigningKey, kb *body, ctx *hcl.EvalContext) hcl.Diagnostics {
	attr := kb.attrs["compromised"]
	if attr == nil {
		return nil
	}
	if refersToEntities(attr.Expr) {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid compromised argument",
			Detail: "compromised decides which keys expressions may refer to, so it cannot refer to the keys of " +
				"accounts or operators. Use variables, locals or literal values.", Subject: attr.Expr.Range().Ptr()}}
	}
	e := s.evaluator(ctx)
	k.Compromised = e.boolean(attr, false)
	if k.Compromised {
		s.anyCompromised.Store(true)
	}
	return e.diags
}

// indexCompromised lists the compromised keys by address, once blocks are
// expanded; with none (nearly always), it does nothing.
func (s *scope) indexCompromised() {
	if !s.anyCompromised.Load() {
		return
	}
	s.compromised = map[string]*SigningKey{}
	add := func(keys []*SigningKey) {
		for _, k := range keys {
			if k.Compromised {
				s.compromised[k.Address()] = k
			}
		}
	}
	for _, op := range s.operators {
		add(op.SigningKeys)
	}
	for _, a := range s.accounts {
		add(a.SigningKeys)
	}
}

// compromisedRef reports trav when it names a compromised signing key:
// account.A.signing_key.k..., account.team["x"].signing_key.k... or
// operator.O.signing_key.k....
func (s *scope) compromisedRef(trav hcl.Traversal) *hcl.Diagnostic {
	steps, why, _ := traversalSteps(trav)
	if why != "" || len(steps) < 4 {
		return nil
	}
	ref, why := parseBlockRef(steps)
	if why != "" || ref.kind != "signing_key" || ref.sub == "" {
		return nil
	}
	k := s.compromised[ref.root+"."+ref.name+".signing_key."+ref.sub]
	if k == nil {
		return nil
	}
	kind, owner, _ := strings.Cut(k.Owner, ".")
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Reference to a compromised signing key",
		Detail: fmt.Sprintf("Signing key `%s` of %s %s is compromised: it is dropped from %s's JWT and nothing may "+
			"carry its public key any more. Remove the reference, or point it at another signing key.",
			k.Name, kind, owner, owner),
		Subject: trav.SourceRange().Ptr(),
	}
}
