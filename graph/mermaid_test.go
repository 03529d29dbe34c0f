package graph

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/natsplan/natsplan/state"
)

// mermaidChecker returns a directory holding testdata/mermaid's check.mjs
// with Mermaid installed beside it. Mermaid is the parser GitHub renders
// with; there is no Go one. It is installed once per version of the lock
// file, into the user's cache, with npm ci; node and npm must be on PATH
// (apt-get install -y nodejs npm).
func mermaidChecker(t *testing.T) string {
	t.Helper()
	lock, err := os.ReadFile("testdata/mermaid/package-lock.json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "natsplan-test", "mermaid-"+hex.EncodeToString(sum[:6]))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "mermaid", "package.json")); err != nil {
		installMermaid(t, dir)
	}
	// check.mjs is copied each time: the installed modules depend on the
	// lock file only.
	copyFile(t, "testdata/mermaid/check.mjs", filepath.Join(dir, "check.mjs"))
	return dir
}

// installMermaid runs npm ci in a fresh directory and renames it into
// place, so that two test processes never see half an install.
func installMermaid(t *testing.T, dir string) {
	t.Helper()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the Mermaid check needs %s on PATH (apt-get install -y nodejs npm): %v", tool, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "install-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	for _, f := range []string{"package.json", "package-lock.json"} {
		copyFile(t, filepath.Join("testdata/mermaid", f), filepath.Join(tmp, f))
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	cmd.Dir = tmp
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci for the Mermaid check: %v\n%s", err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "node_modules")); statErr != nil {
			t.Fatal(err) // not another process that won the race
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mermaidParsed is what Mermaid read from a diagram (check.mjs).
type mermaidParsed struct {
	Type     string `json:"type"`
	Vertices []struct {
		ID      string   `json:"id"`
		Text    string   `json:"text"`
		Classes []string `json:"classes"`
	} `json:"vertices"`
	Edges []struct {
		From   string `json:"from"`
		To     string `json:"to"`
		Text   string `json:"text"`
		Stroke string `json:"stroke"`
	} `json:"edges"`
	Subgraphs []struct {
		Title string   `json:"title"`
		Nodes []string `json:"nodes"`
	} `json:"subgraphs"`
}

func parseMermaid(t *testing.T, dir, src string) (*mermaidParsed, error) {
	t.Helper()
	cmd := exec.Command("node", "check.mjs")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = time.Minute
	out, err := cmd.Output()
	if err != nil {
		return nil, &mermaidError{err: err, stderr: stderr.String()}
	}
	var p mermaidParsed
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("check.mjs wrote %q: %v", out, err)
	}
	return &p, nil
}

type mermaidError struct {
	err    error
	stderr string
}

func (e *mermaidError) Error() string { return e.err.Error() + ": " + e.stderr }

// TestMermaidParses has Mermaid parse the output and reads back every
// node, subgraph and edge, with the colours of a plan.
func TestMermaidParses(t *testing.T) {
	dir := mermaidChecker(t)
	plan := &Changes{Status: map[string]Status{"account.C": Added, "account.Shop": Changed,
		"account.C.user.u1": Added, "grant.orders_to_c": Added},
		Removed: []Entity{{Address: "account.Shop.user.bob", Kind: state.KindUser, Name: "bob"}}}
	g := Build(loadConfig(t, testConfig), Options{MaxUsers: 2, Plan: plan})
	var b strings.Builder
	if err := WriteMermaid(&b, g); err != nil {
		t.Fatal(err)
	}
	p, err := parseMermaid(t, dir, b.String())
	if err != nil {
		t.Fatalf("Mermaid does not parse: %v\n%s", err, b.String())
	}
	if p.Type != "flowchart-v2" {
		t.Errorf("diagram type %q", p.Type)
	}
	labels, cluster, classes := map[string]string{}, map[string]string{}, map[string]string{}
	for _, sg := range p.Subgraphs {
		for _, n := range sg.Nodes {
			cluster[n] = sg.Title
		}
	}
	var got want
	for _, v := range p.Vertices {
		labels[v.ID] = v.Text
		classes[v.Text] = strings.Join(v.Classes, " ")
		got.placed = append(got.placed, cluster[v.ID]+" | "+v.Text)
	}
	sort.Strings(got.placed)
	for _, e := range p.Edges {
		got.edges = append(got.edges, edgeKey{labels[e.From], labels[e.To], e.Text})
	}
	sortEdges(got.edges)
	compare(t, "Mermaid", wantOf(g), got)
	for label, class := range map[string]string{"account C": "added", "account Shop": "changed",
		"user bob": "removed", "operator O": "", "3 users\n(1 added, 0 changed, 0 removed)": "changed"} {
		if classes[label] != class {
			t.Errorf("node %q has classes %q, want %q", label, classes[label], class)
		}
	}
}

// TestMermaidRefusesBrokenText proves the check can fail: Mermaid
// refuses a label whose quote is not escaped.
func TestMermaidRefusesBrokenText(t *testing.T) {
	dir := mermaidChecker(t)
	if _, err := parseMermaid(t, dir, "flowchart LR\n  n0[\"a \" b\"]\n"); err == nil {
		t.Fatal("Mermaid accepted an unescaped quote; the check proves nothing")
	}
	var b strings.Builder
	g := &Graph{Nodes: []Node{{ID: "x", Kind: KindAccount, Label: `a " b # c <b>x</b> ] end`}}}
	if err := WriteMermaid(&b, g); err != nil {
		t.Fatal(err)
	}
	p, err := parseMermaid(t, dir, b.String())
	if err != nil {
		t.Fatalf("escaped label refused: %v\n%s", err, b.String())
	}
	if len(p.Vertices) != 1 || p.Vertices[0].Text != g.Nodes[0].Label {
		t.Errorf("label read back as %+v, want %q", p.Vertices, g.Nodes[0].Label)
	}
}
