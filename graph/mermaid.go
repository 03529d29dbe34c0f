package graph

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
)

// mermaidShape opens and closes a node of each kind.
var mermaidShape = map[string][2]string{
	KindOperator: {"[[", "]]"}, KindAccount: {"[", "]"}, KindUser: {"([", "])"}, KindUsers: {"[/", "/]"},
	KindSigningKey: {"{{", "}}"}, KindExport: {">", "]"}, KindExternal: {"[(", ")]"}, KindGrant: {"[", "]"},
}

// WriteMermaid writes g as a Mermaid flowchart, which GitHub renders in a
// ```mermaid block. IDs are n0, n1, ... and g0, g1, ...; every label is
// a quoted string with Mermaid's entity codes for the characters that
// could end it or be read as markup.
func WriteMermaid(out io.Writer, g *Graph) error {
	w := bufio.NewWriter(out)
	ids := make(map[string]string, len(g.Nodes))
	for i, n := range g.Nodes {
		ids[n.ID] = fmt.Sprintf("n%d", i)
	}
	fmt.Fprintln(w, "flowchart LR")
	byGroup := map[string][]int{}
	for i, n := range g.Nodes {
		byGroup[n.Group] = append(byGroup[n.Group], i)
	}
	for _, i := range byGroup[""] {
		mermaidNode(w, "  ", ids, g.Nodes[i])
	}
	for gi, grp := range g.Groups {
		fmt.Fprintf(w, "  subgraph g%d[%s]\n", gi, mermaidText(grp.Label))
		for _, i := range byGroup[grp.ID] {
			mermaidNode(w, "    ", ids, g.Nodes[i])
		}
		fmt.Fprintln(w, "  end")
	}
	if err := mermaidEdges(w, ids, g.Edges); err != nil {
		return err
	}
	mermaidClasses(w, ids, g.Nodes)
	return w.Flush()
}

func mermaidNode(w io.Writer, indent string, ids map[string]string, n Node) {
	s := mermaidShape[n.Kind]
	if s[0] == "" {
		s = [2]string{"[", "]"}
	}
	fmt.Fprintf(w, "%s%s%s%s%s\n", indent, ids[n.ID], s[0], mermaidText(n.Label), s[1])
}

// mermaidEdges writes the edges and then their colours: linkStyle counts
// edges in the order they are written.
func mermaidEdges(w io.Writer, ids map[string]string, edges []Edge) error {
	styles := map[Status][]string{}
	for i, e := range edges {
		from, to := ids[e.From], ids[e.To]
		if from == "" || to == "" {
			return fmt.Errorf("graph: edge %s -> %s names a node that is not drawn", e.From, e.To)
		}
		arrow := "-->"
		switch {
		case e.Private:
			arrow = "-.->"
		case !e.Import:
			arrow = "---"
		}
		if e.Label != "" {
			fmt.Fprintf(w, "  %s %s|%s| %s\n", from, arrow, mermaidText(e.Label), to)
		} else {
			fmt.Fprintf(w, "  %s %s %s\n", from, arrow, to)
		}
		if e.Status != Same {
			styles[e.Status] = append(styles[e.Status], fmt.Sprint(i))
		}
	}
	for _, s := range []Status{Added, Changed, Removed} {
		if len(styles[s]) > 0 {
			fmt.Fprintf(w, "  linkStyle %s stroke:%s,stroke-width:2px\n", strings.Join(styles[s], ","), statusColour[s])
		}
	}
	return nil
}

// mermaidClasses colours nodes by status, one class per status.
func mermaidClasses(w io.Writer, ids map[string]string, nodes []Node) {
	members := map[Status][]string{}
	for _, n := range nodes {
		if n.Status != Same {
			members[n.Status] = append(members[n.Status], ids[n.ID])
		}
	}
	statuses := make([]Status, 0, len(members))
	for s := range members {
		statuses = append(statuses, s)
	}
	sort.Slice(statuses, func(i, j int) bool { return statuses[i] < statuses[j] })
	for _, s := range statuses {
		dash := ""
		if s == Removed {
			dash = ",stroke-dasharray:5 5"
		}
		fmt.Fprintf(w, "  classDef %s stroke:%s,stroke-width:2px,color:%s%s\n", s, statusColour[s], statusColour[s], dash)
		fmt.Fprintf(w, "  class %s %s\n", strings.Join(members[s], ","), s)
	}
}

// mermaidText quotes a label. Inside a quoted string, Mermaid reads
// "#name;" as an entity: the quote, '#' itself and the characters of
// HTML are written so, and a newline as <br/>.
func mermaidText(s string) string {
	r := strings.NewReplacer("#", "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;", "&", "#amp;",
		"`", "#96;", "\r", "", "\n", "<br/>")
	return `"` + r.Replace(s) + `"`
}
