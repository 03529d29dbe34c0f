package main

// Every block and attribute of the language, applied, then each JWT decoded
// from the state and compared field by field with the claims jwt/v2 builds
// for the nsc command the block replaces (written above each case). The
// expected claims are built the way nsc builds them, with jwt/v2's own
// constructors and list methods, so a default that differs (0 where the
// library means -1) fails here.

import (
	"sort"
	"testing"
	"time"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nkeys"
)

const claimsConfig = `
operator "Acme" {
  system_account        = account.SYS
  service_urls          = ["nats://127.0.0.1:4222", "tls://127.0.0.1:4443"]
  account_server_url    = "https://jwt.example.com/jwt/v1"
  assert_server_version = "2.10.0"
  tags                  = ["Prod", "eu"]
  expires               = "2035-01-01"
  signing_key "accounts" {}
}

account "SYS" {}

account "Limits" {
  limits {
    connections      = 10
    leaf_nodes       = 2
    data             = "1G"
    payload          = "1MiB"
    subscriptions    = 100
    imports          = 5
    exports          = 6
    wildcard_exports = false
    disallow_bearer  = true
  }
}

account "JS" {
  jetstream {
    enabled                 = true
    memory_storage          = "1G"
    disk_storage            = "10G"
    streams                 = 5
    consumers               = 50
    max_ack_pending         = 100
    memory_max_stream_bytes = "1M"
    disk_max_stream_bytes   = "1G"
    max_bytes_required      = true
  }
}

account "JSDefaults" {
  cluster_traffic = "owner"
  jetstream { enabled = true }
}

account "Tiered" {
  jetstream {
    enabled = true
    tier "R1" { disk_storage = "1G" }
    tier "R3" {
      disk_storage = "3G"
      streams      = 2
    }
  }
}

account "Info" {
  signed_by   = operator.Acme.signing_key.accounts
  description = "the info account"
  info_url    = "https://example.com/info"
  tags        = ["Team-A", "b"]
  expires     = "2035-01-01"
  not_before  = "2025-01-01T00:00:00Z"
  default_permissions {
    allow_pub          = ["a.>"]
    deny_sub           = ["b.>"]
    allow_pub_response = 2
    response_ttl       = "5s"
  }
  mapping "m.*" {
    destination {
      subject = "n.$1"
      weight  = 60
    }
    destination {
      subject = "o.{{wildcard(1)}}"
      weight  = 40
      cluster = "c1"
    }
  }
  mapping "single" { to = "other" }
  trace {
    destination = "trace.info"
    sampling    = 50
  }
}

account "Callout" {
  user "auth" {}
  authorization {
    auth_users       = [account.Callout.user.auth]
    allowed_accounts = [account.Limits, "AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"]
    xkey             = "XATA57CQYNHHDW37O4YR33NW64GAVZ267OOCISSU3T5LFM6PSMQSB2JI"
  }
}

account "Exp" {
  service "svc" {
    subject                = "svc.*"
    response_type          = "Stream"
    response_threshold     = "1s"
    account_token_position = 2
    advertise              = true
    allow_trace            = true
    description            = "the service"
    info_url               = "https://example.com/svc"
    latency {
      sampling = 50
      results  = "lat.svc"
    }
  }
  stream "feed" {
    subject            = "feed.>"
    private            = true
    revoke_activations = ["AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"]
  }
  signing_key "ops" {}
  signing_key "dev" {
    role        = "developer"
    description = "the developers"
    template {
      allow_pub        = ["dev.>"]
      subscriptions    = 10
      connection_types = ["STANDARD"]
    }
  }
  user "perms" {
    allow_pub          = ["$JS.API.>", "p.>"]
    allow_sub          = ["s.*", "q.* workers"]
    allow_pubsub       = ["both"]
    deny_pub           = ["p.secret"]
    deny_sub           = ["s.secret"]
    deny_pubsub        = ["never"]
    allow_pub_response = true
    response_ttl       = "2s"
  }
  user "limited" {
    source_networks  = ["192.168.1.0/24", "10.0.0.0/8"]
    locale           = "Europe/Berlin"
    connection_types = ["standard", "websocket", "leafnode", "leafnode_ws", "mqtt", "mqtt_ws", "in_process"]
    subscriptions    = 10
    data             = "1M"
    payload          = "1K"
    bearer_token     = true
    proxy_required   = true
    tags             = ["x"]
    expires          = "2035-01-01"
    time {
      start = "08:00:00"
      end   = "17:00:00"
    }
  }
  user "by_ops" { signed_by = account.Exp.signing_key.ops }
  user "by_dev" { signed_by = account.Exp.signing_key.dev }
}

account "Imp" {
  import "svc" {
    service = account.Exp.service.svc
    share   = true
  }
  import "feed" {
    stream        = account.Exp.stream.feed
    local_subject = "mine.>"
    allow_trace   = true
  }
}

grant "feed_to_imp" {
  stream  = account.Exp.stream.feed
  to      = account.Imp
  expires = "2035-01-01"
}
`

const externalKey = "AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V"

var (
	expiry2035 = time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	start2025  = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// claimCase is one entity: the nsc commands that would make it, and the
// claims jwt/v2 builds for them.
type claimCase struct {
	addr string
	nsc  string
	want func(a *applied, t *testing.T) jwt.Claims
}

func TestClaimsMatchNsc(t *testing.T) {
	if !nkeys.IsValidPublicAccountKey(externalKey) {
		t.Fatal("externalKey is not an account key")
	}
	a := applySrc(t, claimsConfig)
	for _, tc := range claimCases() {
		t.Run(tc.addr, func(t *testing.T) {
			sameClaims(t, tc.nsc, encoded(tc.want(a, t)), a.claims(t, tc.addr))
		})
	}
}

func claimCases() []claimCase {
	cases := append(operatorCases(), accountCases()...)
	cases = append(cases, userCases()...)
	return append(cases, exportCases()...)
}

// account builds account claims as nsc add account does: jwt/v2's
// defaults, issued by the operator (or the named operator key).
func account(a *applied, t *testing.T, name, issuer string) *jwt.AccountClaims {
	ac := jwt.NewAccountClaims(a.key(t, "account."+name))
	ac.Name, ac.Issuer, ac.Type, ac.Version = name, a.key(t, issuer), jwt.AccountClaim, 2
	return ac
}

func user(a *applied, t *testing.T, acct, name string) *jwt.UserClaims {
	uc := jwt.NewUserClaims(a.key(t, "account."+acct+".user."+name))
	uc.Name, uc.Issuer, uc.Type, uc.Version = name, a.key(t, "account."+acct), jwt.UserClaim, 2
	return uc
}

func operatorCases() []claimCase {
	return []claimCase{{
		addr: "operator.Acme",
		nsc: "nsc add operator Acme --sys; nsc edit operator --sk generate --service-url nats://127.0.0.1:4222 " +
			"--service-url tls://127.0.0.1:4443 --account-jwt-server-url https://jwt.example.com/jwt/v1 " +
			"--tag Prod,eu --expiry 2035-01-01 (assert_server_version has no nsc flag)",
		want: func(a *applied, t *testing.T) jwt.Claims {
			key := a.key(t, "operator.Acme")
			oc := jwt.NewOperatorClaims(key)
			oc.Name, oc.Issuer, oc.Type, oc.Version = "Acme", key, jwt.OperatorClaim, 2
			oc.SystemAccount = a.key(t, "account.SYS")
			oc.SigningKeys.Add(a.key(t, "operator.Acme.signing_key.accounts"))
			oc.OperatorServiceURLs.Add("nats://127.0.0.1:4222", "tls://127.0.0.1:4443")
			oc.AccountServerURL = "https://jwt.example.com/jwt/v1"
			oc.AssertServerVersion = "2.10.0"
			oc.Tags.Add("Prod", "eu")
			oc.Expires = expiry2035
			return oc
		},
	}}
}

func accountCases() []claimCase {
	return []claimCase{
		{addr: "account.Limits",
			nsc: "nsc edit account Limits --conns 10 --leaf-conns 2 --data 1G --payload 1MiB --subscriptions 100 " +
				"--imports 5 --exports 6 --wildcard-exports=false --disallow-bearer",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "Limits", "operator.Acme")
				ac.Limits.Conn, ac.Limits.LeafNodeConn, ac.Limits.Data, ac.Limits.Payload = 10, 2, 1e9, 1<<20
				ac.Limits.Subs, ac.Limits.Imports, ac.Limits.Exports = 100, 5, 6
				ac.Limits.WildcardExports, ac.Limits.DisallowBearer = false, true
				return ac
			}},
		{addr: "account.JS",
			nsc: "nsc edit account JS --js-mem-storage 1G --js-disk-storage 10G --js-streams 5 --js-consumer 50 " +
				"--js-max-ack-pending 100 --js-max-mem-stream 1M --js-max-disk-stream 1G --js-max-bytes-required",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "JS", "operator.Acme")
				ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: 1e9, DiskStorage: 1e10, Streams: 5,
					Consumer: 50, MaxAckPending: 100, MemoryMaxStreamBytes: 1e6, DiskMaxStreamBytes: 1e9, MaxBytesRequired: true}
				return ac
			}},
		{addr: "account.JSDefaults",
			nsc: "nsc edit account JSDefaults --js-mem-storage -1 --js-disk-storage -1 (every other limit at its -1 default) " +
				"--host-cluster-traffic",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "JSDefaults", "operator.Acme")
				ac.ClusterTraffic = jwt.ClusterTrafficOwner
				ac.Limits.JetStreamLimits = jwt.JetStreamLimits{MemoryStorage: -1, DiskStorage: -1, Streams: -1,
					Consumer: -1, MaxAckPending: -1, MemoryMaxStreamBytes: -1, DiskMaxStreamBytes: -1}
				return ac
			}},
		{addr: "account.Tiered",
			nsc: "nsc edit account Tiered --js-tier 1 --js-mem-storage -1 --js-disk-storage 1G; " +
				"nsc edit account Tiered --js-tier 3 --js-mem-storage -1 --js-disk-storage 3G --js-streams 2",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "Tiered", "operator.Acme")
				unlimited := jwt.JetStreamLimits{MemoryStorage: -1, Streams: -1, Consumer: -1, MaxAckPending: -1,
					MemoryMaxStreamBytes: -1, DiskMaxStreamBytes: -1}
				r1, r3 := unlimited, unlimited
				r1.DiskStorage = 1e9
				r3.DiskStorage, r3.Streams = 3e9, 2
				ac.Limits.JetStreamTieredLimits["R1"], ac.Limits.JetStreamTieredLimits["R3"] = r1, r3
				return ac
			}},
		{addr: "account.Info",
			nsc: "nsc add account Info -K <operator signing key>; nsc edit account Info --description 'the info account' " +
				"--info-url https://example.com/info --tag Team-A,b --expiry 2035-01-01 --start 2025-01-01 --allow-pub 'a.>' " +
				"--deny-sub 'b.>' --allow-pub-response=2 --response-ttl 5s --trace-context-subject trace.info " +
				"--trace-context-sampling 50; nsc add mapping --from 'm.*' --to 'n.$1' --weight 60; " +
				"nsc add mapping --from 'm.*' --to 'o.{{wildcard(1)}}' --weight 40 --cluster c1; nsc add mapping --from single --to other",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "Info", "operator.Acme.signing_key.accounts")
				ac.Description, ac.InfoURL = "the info account", "https://example.com/info"
				ac.Tags.Add("Team-A", "b")
				ac.Expires, ac.NotBefore = expiry2035, start2025
				ac.DefaultPermissions.Pub.Allow.Add("a.>")
				ac.DefaultPermissions.Sub.Deny.Add("b.>")
				ac.DefaultPermissions.Resp = &jwt.ResponsePermission{MaxMsgs: 2, Expires: 5 * time.Second}
				ac.Trace = &jwt.MsgTrace{Destination: "trace.info", Sampling: 50}
				ac.AddMapping("m.*", jwt.WeightedMapping{Subject: "n.$1", Weight: 60},
					jwt.WeightedMapping{Subject: "o.{{wildcard(1)}}", Weight: 40, Cluster: "c1"})
				ac.AddMapping("single", jwt.WeightedMapping{Subject: "other", Weight: 100})
				return ac
			}},
		{addr: "account.Callout",
			nsc: "nsc edit authcallout --account Callout --auth-user <auth> --allowed-account <Limits>,AD3L... --curve XATA...",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "Callout", "operator.Acme")
				ac.EnableExternalAuthorization(a.key(t, "account.Callout.user.auth"))
				ac.Authorization.AllowedAccounts.Add(a.key(t, "account.Limits"), externalKey)
				sortList(&ac.Authorization.AllowedAccounts) // natsplan sorts sets, so that order never re-signs
				ac.Authorization.XKey = "XATA57CQYNHHDW37O4YR33NW64GAVZ267OOCISSU3T5LFM6PSMQSB2JI"
				return ac
			}},
		{addr: "account.Imp",
			nsc: "nsc add import --account Imp --src-account <Exp> --remote-subject svc.<Imp> --service --share; " +
				"nsc add import --account Imp --token <activation> --local-subject 'mine.>' --allow-trace",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "Imp", "operator.Acme")
				exp := a.key(t, "account.Exp")
				ac.Imports.Add(&jwt.Import{Name: "svc", Subject: jwt.Subject("svc." + ac.Subject), Account: exp,
					Type: jwt.Service, Share: true})
				ac.Imports.Add(&jwt.Import{Name: "feed", Subject: "feed.>", Account: exp, Type: jwt.Stream,
					LocalSubject: "mine.>", AllowTrace: true, Token: a.st.Get("grant.feed_to_imp").JWT})
				return ac
			}},
	}
}

func userCases() []claimCase {
	return []claimCase{
		{addr: "account.Exp.user.perms",
			nsc: "nsc add user perms --allow-pub '$JS.API.>','p.>' --allow-sub 's.*','q.* workers' --allow-pubsub both " +
				"--deny-pub p.secret --deny-sub s.secret --deny-pubsub never --allow-pub-response --response-ttl 2s",
			want: func(a *applied, t *testing.T) jwt.Claims {
				uc := user(a, t, "Exp", "perms")
				uc.Pub.Allow.Add("$JS.API.>", "p.>", "both")
				uc.Sub.Allow.Add("s.*", "q.* workers", "both")
				uc.Pub.Deny.Add("p.secret", "never")
				uc.Sub.Deny.Add("s.secret", "never")
				for _, l := range []*jwt.StringList{&uc.Pub.Allow, &uc.Sub.Allow, &uc.Pub.Deny, &uc.Sub.Deny} {
					sortList(l)
				}
				uc.Resp = &jwt.ResponsePermission{MaxMsgs: 1, Expires: 2 * time.Second}
				return uc
			}},
		{addr: "account.Exp.user.limited",
			nsc: "nsc add user limited --source-network 192.168.1.0/24,10.0.0.0/8 --time 08:00:00-17:00:00 " +
				"--locale Europe/Berlin --conn-type STANDARD,WEBSOCKET,LEAFNODE,LEAFNODE_WS,MQTT,MQTT_WS,IN_PROCESS " +
				"--subs 10 --data 1M --payload 1K --bearer --tag x --expiry 2035-01-01",
			want: func(a *applied, t *testing.T) jwt.Claims {
				uc := user(a, t, "Exp", "limited")
				uc.Src.Add("192.168.1.0/24", "10.0.0.0/8")
				uc.Times = []jwt.TimeRange{{Start: "08:00:00", End: "17:00:00"}}
				uc.Locale = "Europe/Berlin"
				uc.AllowedConnectionTypes.Add(jwt.ConnectionTypeInProcess, jwt.ConnectionTypeLeafnode,
					jwt.ConnectionTypeLeafnodeWS, jwt.ConnectionTypeMqtt, jwt.ConnectionTypeMqttWS,
					jwt.ConnectionTypeStandard, jwt.ConnectionTypeWebsocket)
				uc.Limits.Subs, uc.Limits.Data, uc.Limits.Payload = 10, 1e6, 1e3
				uc.BearerToken = true
				uc.ProxyRequired = true // no nsc flag
				uc.Tags.Add("x")
				uc.Expires = expiry2035
				sortList((*jwt.StringList)(&uc.Src))
				return uc
			}},
		{addr: "account.Exp.user.by_ops",
			nsc: "nsc add user by_ops -K <signing key ops>",
			want: func(a *applied, t *testing.T) jwt.Claims {
				uc := user(a, t, "Exp", "by_ops")
				uc.Issuer, uc.IssuerAccount = a.key(t, "account.Exp.signing_key.ops"), a.key(t, "account.Exp")
				return uc
			}},
		{addr: "account.Exp.user.by_dev",
			nsc: "nsc add user by_dev -K <scoped signing key dev>",
			want: func(a *applied, t *testing.T) jwt.Claims {
				uc := user(a, t, "Exp", "by_dev")
				uc.Issuer, uc.IssuerAccount = a.key(t, "account.Exp.signing_key.dev"), a.key(t, "account.Exp")
				uc.SetScoped(true)
				return uc
			}},
	}
}

func exportCases() []claimCase {
	return []claimCase{
		{addr: "account.Exp",
			nsc: "nsc add export --service --name svc --subject 'svc.*' --response-type Stream --response-threshold 1s " +
				"--account-token-position 2 --advertise --allow-trace --latency lat.svc --sampling 50; " +
				"nsc edit export --subject 'svc.*' --description 'the service' --info-url https://example.com/svc; " +
				"nsc add export --name feed --subject 'feed.>' --private; " +
				"nsc revocations add-activation --subject 'feed.>' --target-account AD3L...; " +
				"nsc edit account Exp --sk generate; nsc edit account Exp --sk generate; " +
				"nsc edit signing-key --sk <dev> --role developer --description 'the developers' --allow-pub 'dev.>' --subs 10 --conn-type STANDARD",
			want: func(a *applied, t *testing.T) jwt.Claims {
				ac := account(a, t, "Exp", "operator.Acme")
				ac.Exports.Add(&jwt.Export{Name: "svc", Subject: "svc.*", Type: jwt.Service, ResponseType: jwt.ResponseTypeStream,
					ResponseThreshold: time.Second, AccountTokenPosition: 2, Advertise: true, AllowTrace: true,
					Latency: &jwt.ServiceLatency{Sampling: 50, Results: "lat.svc"},
					Info:    jwt.Info{Description: "the service", InfoURL: "https://example.com/svc"}})
				feed := &jwt.Export{Name: "feed", Subject: "feed.>", Type: jwt.Stream, TokenReq: true}
				feed.RevokeAt(externalKey, time.Unix(revokedAt(a, t), 0))
				ac.Exports.Add(feed)
				ac.SigningKeys.Add(a.key(t, "account.Exp.signing_key.ops"))
				scope := jwt.NewUserScope()
				scope.Key, scope.Role, scope.Description = a.key(t, "account.Exp.signing_key.dev"), "developer", "the developers"
				scope.Template.Pub.Allow.Add("dev.>")
				scope.Template.Subs = 10
				scope.Template.AllowedConnectionTypes.Add(jwt.ConnectionTypeStandard)
				ac.SigningKeys.AddScopedSigner(scope)
				return ac
			}},
		{addr: "grant.feed_to_imp",
			nsc: "nsc generate activation --account Exp --subject 'feed.>' --target-account <Imp> --expiry 2035-01-01",
			want: func(a *applied, t *testing.T) jwt.Claims {
				act := jwt.NewActivationClaims(a.key(t, "account.Imp"))
				act.Name, act.Issuer, act.Type, act.Version = "feed.>", a.key(t, "account.Exp"), jwt.ActivationClaim, 2
				act.ImportSubject, act.ImportType = "feed.>", jwt.Stream
				act.Expires = expiry2035
				return act
			}},
	}
}

// revokedAt is the time of the configured revocation: the time of the
// apply that added it, which nsc would take from its clock too.
func revokedAt(a *applied, t *testing.T) int64 {
	ac := a.claims(t, "account.Exp").(*jwt.AccountClaims)
	for _, e := range ac.Exports {
		if at := e.Revocations[externalKey]; at > 0 {
			return at
		}
	}
	t.Fatal("export feed revokes nothing")
	return 0
}

// encoded normalizes claims the way nsc's last step, jwt/v2's Encode,
// does: exports and imports sorted by subject. nsc sorts tags itself.
func encoded(c jwt.Claims) jwt.Claims {
	switch c := c.(type) {
	case *jwt.AccountClaims:
		sort.Sort(c.Exports)
		sort.Sort(c.Imports)
		sort.Strings(c.Tags)
	case *jwt.OperatorClaims:
		sort.Strings(c.Tags)
	case *jwt.UserClaims:
		sort.Strings(c.Tags)
	}
	return c
}

func sortList(l *jwt.StringList) {
	s := *l
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
