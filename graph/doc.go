// Package graph draws the tree a configuration declares: the operator,
// its accounts (each a cluster holding its users, signing keys and
// exports), and imports as edges from the exporting service or stream to
// the importing account, labelled with the subject; an import of a
// private export carries the grant that allows it, dashed. Users are
// collapsed to a count above a threshold, so a fleet stays readable.
//
// Given a plan (Statuses), it colours what the plan adds, changes and
// removes: entities the plan removes are drawn too, though the
// configuration no longer has them.
//
// Build makes a Graph from a lang.Config; WriteDOT writes it for Graphviz
// (through github.com/emicklei/dot, which quotes every label) and
// WriteMermaid for Mermaid, which GitHub renders in markdown. Every label
// comes from the configuration, which is untrusted: both writers escape
// it, so a name cannot add nodes, edges or markup.
//
// Neighbours: lang gives the configuration, planner the plan whose
// actions colour it; the graph command (cmd/natsplan) reads neither
// keys nor seeds.
package graph
