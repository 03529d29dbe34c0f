package nsctest

import (
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

// RevokedActivation writes what `nsc revocations add-activation` leaves:
// operator Acme with SYS; Shop exports the private service billing.> and
// has revoked the activation it issued to App an hour ago, and App's
// import still carries that token (nsc does not touch the importer).
func RevokedActivation(t testing.TB, dir string) *Store {
	t.Helper()
	s := New(t, dir, "Acme")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	_, spub := s.Key(nkeys.PrefixByteAccount)
	shopKP, shopPub := s.Key(nkeys.PrefixByteAccount)
	_, appPub := s.Key(nkeys.PrefixByteAccount)
	oc := jwt.NewOperatorClaims(opub)
	oc.Name, oc.SystemAccount = "Acme", spub
	s.WriteOperator(oc, okp)
	sys := jwt.NewAccountClaims(spub)
	sys.Name = "SYS"
	s.WriteAccount(sys, okp)

	act := jwt.NewActivationClaims(appPub)
	act.Name, act.ImportSubject, act.ImportType = "billing.>", "billing.>", jwt.Service
	act.IssuedAt = time.Now().Add(-time.Hour).Unix()
	token := s.Encode(act, shopKP)

	shop := jwt.NewAccountClaims(shopPub)
	shop.Name = "Shop"
	shop.Exports = append(shop.Exports, &jwt.Export{Name: "billing", Subject: "billing.>", Type: jwt.Service, TokenReq: true,
		Revocations: jwt.RevocationList{appPub: time.Now().Add(-time.Minute).Unix()}})
	s.WriteAccount(shop, okp)
	app := jwt.NewAccountClaims(appPub)
	app.Name = "App"
	app.Imports = append(app.Imports, &jwt.Import{Name: "billing", Subject: "billing.>", Account: shopPub, Type: jwt.Service, Token: token})
	s.WriteAccount(app, okp)
	return s
}
