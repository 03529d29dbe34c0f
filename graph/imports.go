package graph

import (
	"github.com/natsplan/natsplan/lang"
)

// importEdge draws an import from the export to the importing account.
func (b *builder) importEdge(imp *lang.Import) {
	from := exportID(imp.From, string(imp.Kind), imp.Export)
	if imp.External() {
		from = b.external(imp.FromKey)
	} else if !b.has(from) {
		return // validation refuses such a configuration
	}
	label := imp.Subject
	if imp.LocalSubject != "" && imp.LocalSubject != imp.Subject {
		label += " as " + imp.LocalSubject
	}
	importer := "account." + imp.Account
	e := Edge{From: from, To: importer, Label: label, Import: true, Status: b.plan.importStatus(importer)}
	if imp.Grant != "" {
		e.Private = true
		e.Label += "\ngrant " + imp.Grant
		if s := b.plan.Status["grant."+imp.Grant]; s != Same && e.Status == Same {
			e.Status = s
		}
	}
	b.edge(e)
}

// externalGrant draws a grant to an account not managed here.
func (b *builder) externalGrant(g *lang.Grant) {
	from := exportID(g.From, string(g.Kind), g.Export)
	if !b.has(from) {
		return
	}
	to := b.external(g.ToKey)
	b.edge(Edge{From: from, To: to, Label: g.Subject + "\ngrant " + g.Name, Import: true, Private: true,
		Status: b.plan.Status[g.Address()]})
}

// external is the node of an account not managed here, by its key.
func (b *builder) external(key string) string {
	short := key
	if len(short) > 12 {
		short = short[:6] + "…" + short[len(short)-4:]
	}
	return b.add(Node{ID: "external." + key, Kind: KindExternal, Label: "external account\n" + short})
}
