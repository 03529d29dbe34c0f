package access

import (
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/planner"
)

// activation decides whether the import's token opens the private export
// e, with the checks the server makes: the import validates with it
// (issued by the exporter for this account, this type, a subject that
// contains the import's), its issuer is the exporter or one of its
// signing keys, it has not expired and the export does not revoke it.
func (w *World) activation(l *link, e *jwt.Export) (string, *failure) {
	imp := *l.imp
	if imp.Token == "" {
		return "", deny("private %s export %s needs an activation token; the import has none", kindWord(e), exportAddr(l.exporter, e))
	}
	if act, ok := w.acts[imp.Token]; ok {
		return w.plannedActivation(l, e, act)
	}
	if _, ok := planner.ParseURLTokenRef(imp.Token); ok || strings.Contains(imp.Token, "://") {
		return "", unknown("the import's activation token is fetched from %s", imp.Token)
	}
	vr := jwt.CreateValidationResults()
	imp.Validate(l.importer.Claims.Subject, vr)
	if vr.IsBlocking(true) {
		return "", deny("the activation token does not fit the import: %v", vr.Errors())
	}
	act, err := jwt.DecodeActivationClaims(imp.Token)
	if err != nil {
		return "", deny("the activation token does not decode: %v", err)
	}
	if act.IssuerAccount != "" {
		if act.IssuerAccount != l.exporter.Claims.Subject {
			return "", deny("the activation token names another issuer account")
		}
		if !l.exporter.Claims.SigningKeys.Contains(act.Issuer) && act.Issuer != l.exporter.Claims.Subject {
			return "", deny("the activation token is signed by %s, not a signing key of %s", act.Issuer, l.exporter.Address)
		}
	}
	if w.expired(act.Expires, act.NotBefore) {
		return "", deny("the activation token for %q has expired or is not yet valid", act.ImportSubject)
	}
	if revoked(e.Revocations, act.Subject, act.IssuedAt) {
		return "", deny("the activation token for %q is revoked by the export", act.ImportSubject)
	}
	if g, ok := w.grants[l.imp.Token]; ok {
		return fmt.Sprintf("activation %s for %q", g, act.ImportSubject), nil
	}
	return fmt.Sprintf("activation for %q", act.ImportSubject), nil
}

// plannedActivation makes the checks of activation for the claims of a
// grant the plan signs: the same rules, on claims instead of a token.
func (w *World) plannedActivation(l *link, e *jwt.Export, act *jwt.ActivationClaims) (string, *failure) {
	imp := l.imp
	switch {
	case act.Issuer != imp.Account && act.IssuerAccount != imp.Account:
		return "", deny("the activation is not issued by the exporting account")
	case act.Subject != l.importer.Claims.Subject:
		return "", deny("the activation is for another account")
	case act.ImportType != imp.Type:
		return "", deny("the activation is for a %s, the import is a %s", act.ImportType, imp.Type)
	}
	subj := imp.Subject
	if imp.IsService() && imp.To != "" {
		subj = jwt.Subject(imp.To)
	}
	if !subj.IsContainedIn(act.ImportSubject) {
		return "", deny("the activation's subject %q does not contain the import's %q", act.ImportSubject, subj)
	}
	if w.expired(act.Expires, act.NotBefore) {
		return "", deny("the activation token for %q has expired or is not yet valid", act.ImportSubject)
	}
	if revoked(e.Revocations, act.Subject, act.IssuedAt) {
		return "", deny("the activation token for %q is revoked by the export", act.ImportSubject)
	}
	g := w.grants[imp.Token]
	return fmt.Sprintf("activation %s for %q", g, act.ImportSubject), nil
}

// ActivationClaims returns the activation an import token stands for: a
// planned grant's claims, or the token's own when it is a JWT; nil for a
// token fetched from a URL or one that does not decode.
func (w *World) ActivationClaims(token string) *jwt.ActivationClaims {
	if act, ok := w.acts[token]; ok {
		return act
	}
	act, err := jwt.DecodeActivationClaims(token)
	if err != nil {
		return nil
	}
	return act
}
