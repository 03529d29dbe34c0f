package statekv

import (
	"strings"
	"testing"
)

func TestParseKeepsCredentialsOutOfEveryText(t *testing.T) {
	sp, err := Parse("tls://alice:s3cretpw@h1,h2:4333/team-state")
	if err != nil {
		t.Fatal(err)
	}
	if sp.User != "alice" || sp.Password != "s3cretpw" || sp.Bucket != "team-state" || strings.Join(sp.Hosts, ",") != "h1:4222,h2:4333" {
		t.Fatalf("parsed %+v", sp)
	}
	for _, text := range []string{sp.String(), sp.servers(), Redact("tls://alice:s3cretpw@h1,h2:4333/team-state")} {
		if strings.Contains(text, "s3cretpw") || strings.Contains(text, "alice") {
			t.Fatalf("credentials in %q", text)
		}
	}
	if tok, _ := Parse("nats://tok3n@h/b"); tok.Token != "tok3n" || tok.User != "" {
		t.Fatalf("token form: %+v", tok)
	}
	for _, bad := range []string{"nats://u:pw9999@h", "nats://u:pw9999@h/a.b", "http://h/b", "nats://u:pw9999@/b"} {
		_, err := Parse(bad)
		if err == nil || strings.Contains(err.Error(), "pw9999") {
			t.Fatalf("Parse(%s): %v", bad, err)
		}
	}
}

// The lock's per-key TTL needs nats-server 2.11; older servers are named
// before anything is written.
func TestAtLeast(t *testing.T) {
	for v, want := range map[string]bool{"2.10.24": false, "2.11.0": true, "2.12.1-RC.2": true, "3.0.0": true, "1.99.9": false, "": false, "v2.11.3": true} {
		if got := atLeast(v, 2, 11); got != want {
			t.Errorf("atLeast(%q, 2, 11) = %v", v, got)
		}
	}
}
