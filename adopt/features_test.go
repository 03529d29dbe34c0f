package adopt

import (
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"

	"github.com/natsplan/natsplan/internal/nsctest"
)

// featureStore writes a store using most of what nsc can put in one
// beyond the Services page, the way nsc's commands set the claims.
func featureStore(t *testing.T) *nsctest.Store {
	s := nsctest.New(t, t.TempDir(), "Acme")
	okp, opub := s.Key(nkeys.PrefixByteOperator)
	_, spub := s.Key(nkeys.PrefixByteAccount)
	akp, apub := s.Key(nkeys.PrefixByteAccount)
	_, rolePub := s.Key(nkeys.PrefixByteAccount)
	roleKP, _ := nkeysFrom(t, s, rolePub)
	_, bpub := s.Key(nkeys.PrefixByteAccount)
	_, authUser := s.Key(nkeys.PrefixByteUser)
	_, devPub := s.Key(nkeys.PrefixByteUser)
	_, botPub := s.Key(nkeys.PrefixByteUser)
	extKP, _ := nkeys.CreateAccount()
	extPub, _ := extKP.PublicKey()
	_, xkey := curveKey(t)

	oc := jwt.NewOperatorClaims(opub)
	oc.Name = "Acme"
	oc.SystemAccount = spub
	oc.OperatorServiceURLs.Add("nats://localhost:4222")
	oc.AccountServerURL = "nats://localhost:4222"
	oc.Tags.Add("prod")
	s.WriteOperator(oc, okp)

	sys := jwt.NewAccountClaims(spub)
	sys.Name = "SYS"
	s.WriteAccount(sys, okp)

	ac := jwt.NewAccountClaims(apub)
	ac.Name = "Platform"
	ac.Description, ac.InfoURL = "the platform", "https://example.com/platform"
	ac.Tags.Add("team:core")
	ac.Expires = time.Date(2040, 1, 2, 0, 0, 0, 0, time.UTC).Unix()
	ac.Limits.JetStreamTieredLimits["R1"] = jwt.JetStreamLimits{MemoryStorage: 1 << 20, DiskStorage: -1, Streams: 5, Consumer: -1, MaxAckPending: -1, MemoryMaxStreamBytes: -1, DiskMaxStreamBytes: -1}
	ac.Limits.JetStreamTieredLimits["R3"] = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: 1e9, Streams: -1, Consumer: 10, MaxAckPending: -1, MemoryMaxStreamBytes: -1, DiskMaxStreamBytes: -1}
	ac.Limits.Subs, ac.Limits.Imports = 1000, 20
	ac.DefaultPermissions.Pub.Allow.Add("platform.>")
	ac.Mappings["orders.*"] = []jwt.WeightedMapping{{Subject: "orders.v1.$1", Weight: 100}}
	ac.Mappings["search"] = []jwt.WeightedMapping{{Subject: "search.v1", Weight: 90}, {Subject: "search.v2", Weight: 10, Cluster: "east"}}
	ac.Authorization.AuthUsers.Add(authUser)
	ac.Authorization.AllowedAccounts.Add(bpub)
	ac.Authorization.XKey = xkey
	ac.Trace = &jwt.MsgTrace{Destination: "trace.platform", Sampling: 50}
	scope := jwt.NewUserScope()
	scope.Key, scope.Role, scope.Description = rolePub, "dev", "developers"
	scope.Template.Pub.Allow.Add("dev.>")
	scope.Template.Subs = 10
	ac.SigningKeys.AddScopedSigner(scope)
	ac.Exports = append(ac.Exports,
		&jwt.Export{Name: "billing", Subject: "billing.>", Type: jwt.Service, ResponseType: jwt.ResponseTypeStream,
			ResponseThreshold: 2 * time.Second, Advertise: true, Latency: &jwt.ServiceLatency{Sampling: 25, Results: "lat.billing"},
			Info: jwt.Info{Description: "bills"}, Revocations: jwt.RevocationList{bpub: 1700000000}},
		&jwt.Export{Name: "feed", Subject: "feed.*", Type: jwt.Stream, AccountTokenPosition: 2})
	act := jwt.NewActivationClaims(apub)
	act.Name, act.ImportSubject, act.ImportType = "weather.>", "weather.>", jwt.Service
	ac.Imports = append(ac.Imports, &jwt.Import{Name: "weather", Subject: "weather.>", Account: extPub, Type: jwt.Service,
		Token: s.Encode(act, extKP), LocalSubject: "wx.>"})
	s.WriteAccount(ac, okp)

	auth := jwt.NewUserClaims(authUser)
	auth.Name = "auth"
	s.WriteUser("Platform", auth, akp)
	dev := jwt.NewUserClaims(devPub)
	dev.Name, dev.IssuerAccount = "dev", apub
	dev.SetScoped(true)
	s.WriteUser("Platform", dev, roleKP)
	bot := jwt.NewUserClaims(botPub)
	bot.Name = "bot"
	bot.Tags.Add("robot")
	bot.Expires = time.Date(2039, 6, 1, 12, 0, 0, 0, time.UTC).Unix()
	bot.Pub.Deny.Add("admin.>")
	bot.Sub.Allow.Add("q.* workers")
	bot.Resp = &jwt.ResponsePermission{MaxMsgs: 1, Expires: 5 * time.Second}
	bot.Src.Add("10.0.0.0/8")
	bot.Times = []jwt.TimeRange{{Start: "08:00:00", End: "17:00:00"}}
	bot.Locale = "Europe/Berlin"
	bot.AllowedConnectionTypes.Add("STANDARD")
	bot.Limits.NatsLimits = jwt.NatsLimits{Subs: 10, Data: 1 << 20, Payload: 1000}
	s.WriteUser("Platform", bot, akp)

	bc := jwt.NewAccountClaims(bpub)
	bc.Name = "Shop"
	bc.Imports = append(bc.Imports, &jwt.Import{Name: "feed", Subject: jwt.Subject("feed." + bpub), Account: apub, Type: jwt.Stream})
	s.WriteAccount(bc, okp)
	return s
}

func nkeysFrom(t *testing.T, s *nsctest.Store, pub string) (nkeys.KeyPair, string) {
	t.Helper()
	k, err := openKeys(s.Keys)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := k.Get(pub)
	if err != nil {
		t.Fatal(err)
	}
	return kp, pub
}

func curveKey(t *testing.T) (nkeys.KeyPair, string) {
	kp, err := nkeys.CreateCurveKeys()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	return kp, pub
}

func TestFeaturesRoundTrip(t *testing.T) {
	s := featureStore(t)
	st := open(t, s.Root)
	res, err := Convert(st, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", res.Config)
	checkRoundTrip(t, st, res)
}
