package graph

import (
	"strings"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// Changes is what a plan does, by address, for colouring.
type Changes struct {
	Status  map[string]Status
	Removed []Entity // entities the plan destroys, gone from the configuration
}

// Entity is one entity a plan removes.
type Entity struct {
	Address string
	Kind    state.Kind
	Name    string
}

// FromPlan reads the statuses of p's changes. An action other than
// create, update and delete (a replacement) shows as changed.
func FromPlan(p *planner.Plan) *Changes {
	c := &Changes{Status: map[string]Status{}}
	for _, ch := range p.Changes {
		switch ch.Action {
		case planner.Create:
			c.Status[ch.Address] = Added
		case planner.Delete:
			c.Status[ch.Address] = Removed
			c.Removed = append(c.Removed, Entity{Address: ch.Address, Kind: ch.Kind, Name: ch.Name})
		default:
			c.Status[ch.Address] = Changed
		}
	}
	return c
}

// userCounts counts what the plan does to the users of an account.
func (c *Changes) userCounts(account string) (add, change, remove int) {
	prefix := account + ".user."
	for addr, s := range c.Status {
		if !strings.HasPrefix(addr, prefix) {
			continue
		}
		switch s {
		case Added:
			add++
		case Changed:
			change++
		case Removed:
			remove++
		}
	}
	return
}

// importStatus is an import's status: added with its importer.
func (c *Changes) importStatus(importer string) Status {
	if c.Status[importer] == Added {
		return Added
	}
	return Same
}

// removed draws the entities the plan destroys: in their account's
// cluster when it is still drawn, else on their own.
func (b *builder) removed() {
	for _, e := range b.plan.Removed {
		switch e.Kind {
		case state.KindAccount:
			b.add(Node{ID: e.Address, Kind: KindAccount, Label: "account " + e.Name, Status: Removed})
		case state.KindUser:
			account := e.Address[:max(0, strings.LastIndex(e.Address, ".user."))]
			if b.has(account + ".users") {
				continue // counted in the collapsed node
			}
			group := ""
			if b.has(account) {
				group = account
			}
			b.add(Node{ID: e.Address, Kind: KindUser, Label: "user " + e.Name, Group: group, Status: Removed})
			if group != "" {
				b.edge(Edge{From: account, To: e.Address, Status: Removed})
			}
		case state.KindGrant:
			b.add(Node{ID: e.Address, Kind: KindGrant, Label: "grant " + e.Name + "\n(revoked)", Status: Removed})
		default:
			b.add(Node{ID: e.Address, Kind: string(e.Kind), Label: string(e.Kind) + " " + e.Name, Status: Removed})
		}
	}
}
