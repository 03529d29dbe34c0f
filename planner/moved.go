package planner

import (
	"strings"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// Move is a moved block that applies to the state a plan was made
// against: the entity at From (and everything nested in it) is now at To.
type Move struct {
	From, To string
}

// MoveState returns st with the moves applied: a copy when any applies,
// st itself otherwise. Apply calls it with the plan's Moves so that it
// signs against the state the plan compared with.
func MoveState(st *state.State, moves []Move) *state.State {
	if len(moves) == 0 {
		return st
	}
	cp := *st
	cp.Resources = make(map[string]*state.Resource, len(st.Resources))
	for addr, r := range st.Resources {
		cp.Resources[addr] = r
	}
	for _, m := range moves {
		renameAll(&cp, m)
	}
	return &cp
}

// applicableMoves returns the moved blocks of cfg that apply to st, in
// order: their From is in the state (as left by the moves before) and
// their To is not.
func applicableMoves(st *state.State, moves []*lang.Move) []Move {
	var out []Move
	cur := st
	for _, m := range moves {
		if m.From == "" || m.To == "" || cur.Get(m.From) == nil || cur.Get(m.To) != nil {
			continue
		}
		mv := Move{From: m.From, To: m.To}
		out = append(out, mv)
		cur = MoveState(cur, []Move{mv})
	}
	return out
}

// renameAll renames, in place, every resource at or under m.From.
func renameAll(st *state.State, m Move) {
	renamed := map[string]string{}
	for addr := range st.Resources {
		if to, ok := lang.Rename(addr, m.From, m.To); ok {
			renamed[addr] = to
		}
	}
	for addr, to := range renamed {
		r := st.Resources[addr]
		cp := *r
		cp.Rename(lastName(to))
		cp.Revocations = nil
		for _, rev := range r.Revocations {
			rev.Address, _ = lang.Rename(rev.Address, m.From, m.To)
			cp.Revocations = append(cp.Revocations, rev)
		}
		delete(st.Resources, addr)
		st.Resources[to] = &cp
	}
}

// lastName is the name an address ends with: account.A.user.u -> u.
func lastName(addr string) string {
	parts := strings.Split(addr, ".")
	return parts[len(parts)-1]
}

// movedKeys answers keys of moved entities by their old addresses too,
// for the keys apply passes, which it looks up in the state before moves.
func movedKeys(keys func(string) (string, bool), moves []*lang.Move) func(string) (string, bool) {
	if keys == nil || len(moves) == 0 {
		return keys
	}
	return func(addr string) (string, bool) {
		if k, ok := keys(addr); ok {
			return k, true
		}
		if old, ok := lang.MovedFrom(moves, addr); ok {
			return keys(old)
		}
		return "", false
	}
}
