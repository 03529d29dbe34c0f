package graph

import (
	"fmt"
	"io"

	"github.com/emicklei/dot"
)

// statusColour is the colour of each status, in both writers: GitHub's
// green, yellow and red.
var statusColour = map[Status]string{Added: "#1a7f37", Changed: "#9a6700", Removed: "#cf222e"}

var dotShape = map[string]string{
	KindOperator: "doubleoctagon", KindAccount: "box", KindUser: "ellipse", KindUsers: "folder",
	KindSigningKey: "diamond", KindExport: "note", KindExternal: "box", KindGrant: "octagon",
}

// WriteDOT writes g for Graphviz. Node and cluster IDs are the library's
// own (n1, cluster_0); labels are quoted by it, so no text from the
// configuration stands unquoted.
func WriteDOT(w io.Writer, g *Graph) error {
	d := dot.NewGraph(dot.Directed)
	d.ID("natsplan")
	d.Attr("rankdir", "LR")
	d.Attr("fontname", "Helvetica")
	clusters := map[string]*dot.Graph{}
	for i, grp := range g.Groups {
		c := d.Subgraph(fmt.Sprint(i), dot.ClusterOption{})
		c.Attr("label", grp.Label)
		clusters[grp.ID] = c
	}
	nodes := map[string]dot.Node{}
	for _, n := range g.Nodes {
		parent := d
		if c, ok := clusters[n.Group]; ok {
			parent = c
		}
		dn := parent.Node(n.ID).Label(n.Label).Attr("shape", dotShape[n.Kind])
		if n.Kind == KindExternal {
			dn.Attr("style", "dashed")
		}
		dotStatus(n.Status, dn.AttributesMap)
		nodes[n.ID] = dn
	}
	for _, e := range g.Edges {
		from, ok1 := nodes[e.From]
		to, ok2 := nodes[e.To]
		if !ok1 || !ok2 {
			return fmt.Errorf("graph: edge %s -> %s names a node that is not drawn", e.From, e.To)
		}
		de := d.Edge(from, to)
		if e.Label != "" {
			de.Label(e.Label)
		}
		if !e.Import {
			de.Attr("arrowhead", "none").Attr("color", "gray50")
		}
		if e.Private {
			de.Dashed()
		}
		dotStatus(e.Status, de.AttributesMap)
	}
	_, err := io.WriteString(w, d.String())
	return err
}

func dotStatus(s Status, a dot.AttributesMap) {
	if s == Same {
		return
	}
	a.Attr("color", statusColour[s])
	a.Attr("fontcolor", statusColour[s])
	a.Attr("penwidth", "2")
	if s == Removed {
		a.Attr("style", "dashed")
	}
}
