package access

import (
	"fmt"
	"strings"

	"github.com/nats-io/jwt/v2"
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
	if strings.Contains(imp.Token, "://") {
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
