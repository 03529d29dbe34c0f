package graph

import (
	"fmt"

	"github.com/natsplan/natsplan/lang"
)

// DefaultMaxUsers is how many users an account shows one by one; more
// are drawn as one node with their count.
const DefaultMaxUsers = 10

// Options says how to draw.
type Options struct {
	// MaxUsers is how many users an account shows one by one (negative:
	// all of them).
	MaxUsers int
	// Plan colours what a plan changes; nil draws the configuration only.
	Plan *Changes
}

// builder makes a Graph, with an index of its nodes by ID.
type builder struct {
	g     *Graph
	index map[string]int
	plan  *Changes
}

// Build draws cfg.
func Build(cfg *lang.Config, o Options) *Graph {
	b := &builder{g: &Graph{}, index: map[string]int{}, plan: o.Plan}
	if b.plan == nil {
		b.plan = &Changes{}
	}
	var op string
	if cfg.Operator != nil {
		op = b.operator(cfg.Operator)
	}
	for _, a := range cfg.Accounts {
		b.account(a, op, o.MaxUsers)
	}
	for _, a := range cfg.Accounts {
		for _, imp := range a.Imports {
			b.importEdge(imp)
		}
	}
	for _, gr := range cfg.Grants {
		if gr.To == "" && gr.ToKey != "" {
			b.externalGrant(gr)
		}
	}
	b.removed()
	return b.g
}

func (b *builder) add(n Node) string {
	if _, ok := b.index[n.ID]; ok {
		return n.ID
	}
	if n.Status == Same {
		n.Status = b.plan.Status[n.ID]
	}
	b.index[n.ID] = len(b.g.Nodes)
	b.g.Nodes = append(b.g.Nodes, n)
	return n.ID
}

func (b *builder) has(id string) bool { _, ok := b.index[id]; return ok }

func (b *builder) edge(e Edge) { b.g.Edges = append(b.g.Edges, e) }

func (b *builder) operator(o *lang.Operator) string {
	id := b.add(Node{ID: o.Address(), Kind: KindOperator, Label: "operator " + o.Name})
	for _, k := range o.SigningKeys {
		sk := b.add(Node{ID: id + ".signing_key." + k.Name, Kind: KindSigningKey, Label: keyLabel(k)})
		b.edge(Edge{From: id, To: sk})
	}
	return id
}

// keyLabel names a signing key and, for a scoped one, its role.
func keyLabel(k *lang.SigningKey) string {
	if k.Scoped {
		return fmt.Sprintf("signing key %s\nrole %s", k.Name, k.Role)
	}
	return "signing key " + k.Name
}

func (b *builder) account(a *lang.Account, op string, maxUsers int) {
	id := "account." + a.Name
	b.g.Groups = append(b.g.Groups, Group{ID: id, Label: "account " + a.Name})
	b.add(Node{ID: id, Kind: KindAccount, Label: "account " + a.Name, Group: id})
	if op != "" {
		b.edge(Edge{From: signer(op, a.Signer), To: id})
	}
	for _, k := range a.SigningKeys {
		sk := b.add(Node{ID: id + ".signing_key." + k.Name, Kind: KindSigningKey, Label: keyLabel(k), Group: id})
		b.edge(Edge{From: id, To: sk})
	}
	if maxUsers >= 0 && len(a.Users) > maxUsers {
		b.users(id, len(a.Users))
	} else {
		for _, u := range a.Users {
			uid := b.add(Node{ID: id + ".user." + u.Name, Kind: KindUser, Label: "user " + u.Name, Group: id})
			b.edge(Edge{From: signer(id, u.Signer), To: uid})
		}
	}
	for _, e := range a.Exports {
		label := fmt.Sprintf("%s %s\n%s", e.Kind, e.Name, e.Subject)
		if e.Private {
			label += " (private)"
		}
		b.add(Node{ID: exportID(a.Name, string(e.Kind), e.Name), Kind: KindExport, Label: label, Group: id})
	}
}

func signer(owner, key string) string {
	if key == "" {
		return owner
	}
	return owner + ".signing_key." + key
}

func exportID(account, kind, name string) string {
	return "account." + account + "." + kind + "." + name
}

// users is an account's users collapsed to a count, with what the plan
// does to them.
func (b *builder) users(account string, n int) {
	add, change, remove := b.plan.userCounts(account)
	label := fmt.Sprintf("%d users", n)
	status := Same
	if add+change+remove > 0 {
		label += fmt.Sprintf("\n(%d added, %d changed, %d removed)", add, change, remove)
		status = Changed
	}
	id := b.add(Node{ID: account + ".users", Kind: KindUsers, Label: label, Group: account, Status: status})
	b.edge(Edge{From: account, To: id})
}
