package graph

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/awalterschulze/gographviz"

	"github.com/natsplan/natsplan/lang"
)

// testConfig has every kind of node: operator and account signing keys
// (one scoped, with a role), users signed by a signing key, public and
// private exports, an import through a grant, and for_each instances,
// whose names hold quotes and brackets.
const testConfig = `
operator "O" {
  system_account = account.SYS
  signing_key "accounts" {}
}

account "SYS" {}

account "Shop" {
  signed_by = operator.O.signing_key.accounts
  signing_key "ops" {}
  signing_key "oncall" {
    role = "oncall"
    template {
      allow_sub = [">"]
    }
  }
  user "alice" {
    signed_by = account.Shop.signing_key.ops
  }
  service "help" {
    subject = "help"
  }
  service "orders" {
    subject = "orders.>"
    private = true
  }
}

account "team" {
  for_each = toset(["a", "b"])
  user "dev" {}
  import "help" {
    service = account.Shop.service.help
  }
}

account "C" {
  user "u1" {}
  user "u2" {}
  user "u3" {}
  import "orders" {
    service       = account.Shop.service.orders
    local_subject = "orders.>"
  }
}

grant "orders_to_c" {
  service = account.Shop.service.orders
  to      = account.C
  subject = "orders.>"
}
`

func loadConfig(t *testing.T, src string) *lang.Config {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, diags := lang.Load(dir, lang.LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("config: %v", diags)
	}
	return cfg
}

// edgeKey is an edge by the labels of its ends, as a reader sees it.
type edgeKey struct{ from, to, label string }

// want is what the picture must show: every node's label with its
// cluster's label, and every edge.
type want struct {
	nodes map[string]string // label -> cluster label ("" for none)
	// placed are "cluster | label" of every node, sorted: labels repeat
	// (user dev in each team), placements do not.
	placed []string
	edges  []edgeKey
}

func wantOf(g *Graph) want {
	groups := map[string]string{}
	for _, gr := range g.Groups {
		groups[gr.ID] = gr.Label
	}
	labels := map[string]string{}
	w := want{nodes: map[string]string{}}
	for _, n := range g.Nodes {
		labels[n.ID] = n.Label
		w.nodes[n.Label] = groups[n.Group]
		w.placed = append(w.placed, groups[n.Group]+" | "+n.Label)
	}
	sort.Strings(w.placed)
	for _, e := range g.Edges {
		w.edges = append(w.edges, edgeKey{labels[e.From], labels[e.To], e.Label})
	}
	sortEdges(w.edges)
	return w
}

func sortEdges(e []edgeKey) {
	sort.Slice(e, func(i, j int) bool {
		a, b := e[i], e[j]
		if a.from != b.from {
			return a.from < b.from
		}
		if a.to != b.to {
			return a.to < b.to
		}
		return a.label < b.label
	})
}

func TestBuildDrawsTheTree(t *testing.T) {
	g := Build(loadConfig(t, testConfig), Options{MaxUsers: 2})
	w := wantOf(g)
	for label, cluster := range map[string]string{
		"operator O":                         "",
		"signing key accounts":               "",
		"account Shop":                       "account Shop",
		"signing key oncall\nrole oncall":    "account Shop",
		"user alice":                         "account Shop",
		"service orders\norders.> (private)": "account Shop",
		`account team["a"]`:                  `account team["a"]`,
		`user dev`:                           `account team["b"]`,
		"3 users":                            "account C",
	} {
		got, ok := w.nodes[label]
		if !ok {
			t.Errorf("no node %q; nodes: %v", label, w.nodes)
			continue
		}
		if label != "user dev" && got != cluster {
			t.Errorf("node %q in cluster %q, want %q", label, got, cluster)
		}
	}
	for _, e := range []edgeKey{
		{"signing key accounts", "account Shop", ""},
		{"signing key ops", "user alice", ""},
		{"service help\nhelp", `account team["a"]`, "help"},
		{"service help\nhelp", `account team["b"]`, "help"},
		{"service orders\norders.> (private)", "account C", "orders.>\ngrant orders_to_c"},
	} {
		if !containsEdge(w.edges, e) {
			t.Errorf("no edge %q; edges: %q", e, w.edges)
		}
	}
	for _, e := range g.Edges {
		if e.Label == "orders.>\ngrant orders_to_c" && !e.Private {
			t.Error("the import through a grant is not marked private")
		}
	}
}

func containsEdge(edges []edgeKey, e edgeKey) bool {
	for _, x := range edges {
		if x == e {
			return true
		}
	}
	return false
}

// TestDOTParses parses the DOT output with gographviz, a Go parser of
// the DOT language, and reads back every node, cluster and edge.
func TestDOTParses(t *testing.T) {
	g := Build(loadConfig(t, testConfig), Options{MaxUsers: 2})
	var b strings.Builder
	if err := WriteDOT(&b, g); err != nil {
		t.Fatal(err)
	}
	parsed, err := gographviz.ParseString(b.String())
	if err != nil {
		t.Fatalf("DOT does not parse: %v\n%s", err, b.String())
	}
	dg := gographviz.NewGraph()
	if err := gographviz.Analyse(parsed, dg); err != nil {
		t.Fatalf("DOT does not analyse: %v", err)
	}
	labels, cluster := map[string]string{}, map[string]string{}
	for _, sg := range dg.SubGraphs.SubGraphs {
		for child := range dg.Relations.ParentToChildren[sg.Name] {
			cluster[child] = dotUnquote(t, sg.Attrs["label"])
		}
	}
	var got want
	for _, n := range dg.Nodes.Nodes {
		labels[n.Name] = dotUnquote(t, n.Attrs["label"])
		got.placed = append(got.placed, cluster[n.Name]+" | "+labels[n.Name])
	}
	sort.Strings(got.placed)
	for _, e := range dg.Edges.Edges {
		got.edges = append(got.edges, edgeKey{labels[e.Src], labels[e.Dst], dotUnquote(t, e.Attrs["label"])})
	}
	sortEdges(got.edges)
	compare(t, "DOT", wantOf(g), got)
}

// dotUnquote reads a quoted DOT string: \" and \\ and \n as Graphviz
// reads them in labels.
func dotUnquote(t *testing.T, s string) string {
	t.Helper()
	if s == "" {
		return ""
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		t.Fatalf("label %s is not a quoted string: %v", s, err)
	}
	return u
}

func compare(t *testing.T, what string, want, got want) {
	t.Helper()
	if strings.Join(got.placed, "\n") != strings.Join(want.placed, "\n") {
		t.Errorf("%s: nodes differ:\n got %q\nwant %q", what, got.placed, want.placed)
	}
	if strings.Join(edgeStrings(got.edges), "\n") != strings.Join(edgeStrings(want.edges), "\n") {
		t.Errorf("%s: edges differ:\n got %q\nwant %q", what, got.edges, want.edges)
	}
}

func edgeStrings(e []edgeKey) []string {
	out := make([]string, len(e))
	for i, x := range e {
		out[i] = strconv.Quote(x.from) + "->" + strconv.Quote(x.to) + ":" + strconv.Quote(x.label)
	}
	return out
}

// TestDOTQuotesEveryLabel writes labels that would end a DOT string or
// statement if they were not quoted, and reads them back whole.
func TestDOTQuotesEveryLabel(t *testing.T) {
	nasty := `a " b \ c ] ; } -> n1 [label="x"] <b>`
	g := &Graph{
		Groups: []Group{{ID: "account.x", Label: nasty + " group"}},
		Nodes: []Node{{ID: "account.x", Kind: KindAccount, Label: nasty, Group: "account.x"},
			{ID: "y", Kind: KindUser, Label: "y"}},
		Edges: []Edge{{From: "account.x", To: "y", Label: nasty + " edge", Import: true}},
	}
	var b strings.Builder
	if err := WriteDOT(&b, g); err != nil {
		t.Fatal(err)
	}
	parsed, err := gographviz.ParseString(b.String())
	if err != nil {
		t.Fatalf("DOT does not parse: %v\n%s", err, b.String())
	}
	dg := gographviz.NewGraph()
	if err := gographviz.Analyse(parsed, dg); err != nil {
		t.Fatal(err)
	}
	if len(dg.Nodes.Nodes) != 2 || len(dg.Edges.Edges) != 1 {
		t.Fatalf("%d nodes, %d edges, want 2 and 1:\n%s", len(dg.Nodes.Nodes), len(dg.Edges.Edges), b.String())
	}
	found := false
	for _, n := range dg.Nodes.Nodes {
		found = found || dotUnquote(t, n.Attrs["label"]) == nasty
	}
	if !found || dotUnquote(t, dg.Edges.Edges[0].Attrs["label"]) != nasty+" edge" {
		t.Errorf("labels not read back whole:\n%s", b.String())
	}
}
