package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/state"
)

// applied is a configuration after apply: its directory and state.
type applied struct {
	dir string
	st  *state.State
}

// applySrc writes src as main.hcl in a new directory, applies it, and
// checks the idempotency invariant: planning again finds no changes.
func applySrc(t *testing.T, src string, args ...string) *applied {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.hcl"), src)
	mustRun(t, exitOK, dir, append([]string{"apply", "-auto-approve"}, args...)...)
	if out := mustRun(t, exitOK, dir, append([]string{"plan"}, args...)...); !strings.Contains(out, "No changes.") {
		t.Fatalf("plan after apply is not empty:\n%s", out)
	}
	return &applied{dir: dir, st: readState(t, dir)}
}

// key returns the public key of the entity at addr.
func (a *applied) key(t *testing.T, addr string) string {
	t.Helper()
	if r := a.st.Get(addr); r != nil {
		return r.PublicKey
	}
	if owner, name, ok := strings.Cut(addr, ".signing_key."); ok {
		if r := a.st.Get(owner); r != nil && r.SigningKeys[name] != "" {
			return r.SigningKeys[name]
		}
	}
	t.Fatalf("no key for %s in the state", addr)
	return ""
}

// claims decodes the JWT in state at addr; jwt/v2 checks its signature.
func (a *applied) claims(t *testing.T, addr string) jwt.Claims {
	t.Helper()
	r := a.st.Get(addr)
	if r == nil {
		t.Fatalf("no %s in the state", addr)
	}
	c, err := jwt.Decode(r.JWT)
	if err != nil {
		t.Fatalf("%s: the JWT in state does not decode: %v", addr, err)
	}
	return c
}

// sameClaims compares two claims field by field, through their JSON form,
// ignoring the fields every signing sets anew (iat, jti).
func sameClaims(t *testing.T, what string, want, got jwt.Claims) {
	t.Helper()
	w, g := fields(t, want), fields(t, got)
	var diffs []string
	for _, k := range sortedKeys(w, g) {
		if w[k] != g[k] {
			diffs = append(diffs, fmt.Sprintf("%s: want %s, got %s", k, orNone(w, k), orNone(g, k)))
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%s: claims differ from what jwt/v2 builds for the nsc command:\n  %s", what, strings.Join(diffs, "\n  "))
	}
}

// fields flattens claims to path -> JSON value.
func fields(t *testing.T, c jwt.Claims) map[string]string {
	t.Helper()
	data := c.Claims()
	iat, jti := data.IssuedAt, data.ID
	data.IssuedAt, data.ID = 0, ""
	b, err := json.Marshal(c)
	data.IssuedAt, data.ID = iat, jti
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	flattenJSON(tree, "", out)
	return out
}

func flattenJSON(v any, path string, out map[string]string) {
	if m, ok := v.(map[string]any); ok && len(m) > 0 {
		for k, child := range m {
			flattenJSON(child, strings.TrimPrefix(path+"."+k, "."), out)
		}
		return
	}
	b, _ := json.Marshal(v)
	out[path] = string(b)
}

func sortedKeys(maps ...map[string]string) []string {
	set := map[string]bool{}
	for _, m := range maps {
		for k := range m {
			set[k] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func orNone(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return "(absent)"
}
