package planner

import (
	"fmt"
	"sort"

	"github.com/natsplan/natsplan/lang"
)

// maxStaleChanges is how many changed entities a refusal names; the rest
// are counted. A stale plan of a large fleet would otherwise print a
// line per entity.
const maxStaleChanges = 10

// inputsMoved says which inputs were read with other content, or only
// then or only now; variables is set when one of them is a variable.
func inputsMoved(then, now []lang.Input) (why []string, variables bool) {
	type key struct{ kind, name string }
	was := make(map[key]string, len(then))
	for _, in := range then {
		was[key{in.Kind, in.Name}] = in.Digest
	}
	is := make(map[key]string, len(now))
	for _, in := range now {
		is[key{in.Kind, in.Name}] = in.Digest
	}
	all := make([]key, 0, len(was)+len(is))
	for k := range was {
		all = append(all, k)
	}
	for k := range is {
		if _, ok := was[k]; !ok {
			all = append(all, k)
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].kind != all[j].kind {
			return all[i].kind < all[j].kind
		}
		return all[i].name < all[j].name
	})
	for _, k := range all {
		d0, ok0 := was[k]
		d1, ok1 := is[k]
		if ok0 && ok1 && d0 == d1 {
			continue
		}
		why = append(why, inputMoved(k.kind, k.name, ok0, ok1))
		variables = variables || k.kind == lang.InputVariable
	}
	return why, variables
}

// inputMoved is the reason for one input: read then and now with other
// content, read then only, or now only.
func inputMoved(kind, name string, then, now bool) string {
	var phrases [3]string // changed, then only, now only
	switch kind {
	case lang.InputFile:
		phrases = [3]string{"%s, read by file(), changed since the plan was made",
			"%s was read by file() when the plan was made, and is not now",
			"%s is read by file() now, and was not when the plan was made"}
	case lang.InputVarFile:
		phrases = [3]string{"-var-file %s changed since the plan was made",
			"-var-file %s was read when the plan was made, and is not now",
			"-var-file %s is read now, and was not when the plan was made"}
	case lang.InputVariable:
		phrases = [3]string{"var.%s, given from outside, has another value",
			"var.%s was given from outside when the plan was made, and is not now",
			"var.%s is given from outside now, and was not when the plan was made"}
	default: // a saved plan is untrusted: a kind this natsplan does not read
		phrases = [3]string{"input " + kind + " %s changed", "input " + kind + " %s is not read now",
			"input " + kind + " %s is read now"}
	}
	switch {
	case then && now:
		return fmt.Sprintf(phrases[0], name)
	case then:
		return fmt.Sprintf(phrases[1], name)
	}
	return fmt.Sprintf(phrases[2], name)
}

// changesMoved compares the saved changes with those planned now, by
// address: an entity touched only then or only now, with another action,
// or signed with other claims.
func (s *Saved) changesMoved(now *Plan) []string {
	saved := make(map[string]SavedChange, len(s.Changes))
	var why []string
	for _, c := range s.Changes {
		if _, dup := saved[c.Address]; dup {
			why = append(why, fmt.Sprintf("it lists %s twice", c.Address))
		}
		saved[c.Address] = c
	}
	got := now.Save().Changes
	moved := 0
	note := func(reason string) {
		if moved < maxStaleChanges {
			why = append(why, reason)
		}
		moved++
	}
	for _, g := range got {
		c, ok := saved[g.Address]
		delete(saved, g.Address)
		switch {
		case !ok:
			note(fmt.Sprintf("planning now says %s %s, which the plan did not show", g.Action, g.Address))
		case c.Action != g.Action:
			note(fmt.Sprintf("it says %s %s, planning now says %s %s", c.Action, c.Address, g.Action, g.Address))
		case c.Digest != g.Digest:
			note(fmt.Sprintf("%s would be signed with other claims than the plan showed", g.Address))
		}
	}
	for _, c := range s.Changes { // in the saved order, for a stable message
		if _, ok := saved[c.Address]; ok {
			note(fmt.Sprintf("it says %s %s, planning now does not change it", c.Action, c.Address))
			delete(saved, c.Address)
		}
	}
	if moved > maxStaleChanges {
		why = append(why, fmt.Sprintf("and %d more changes differ", moved-maxStaleChanges))
	}
	return why
}

// tokenFilesMoved compares the token files the saved plan would write
// with those planning now writes: a file that went missing or changed
// since the plan was made is work the reviewer did not see.
func (s *Saved) tokenFilesMoved(now *Plan) []string {
	saved := map[SavedTokenFile]bool{}
	for _, t := range s.TokenFiles {
		saved[t] = true
	}
	var why []string
	for _, t := range now.TokenFiles {
		k := SavedTokenFile{Address: t.Address, Path: t.Path}
		if !saved[k] {
			why = append(why, fmt.Sprintf("planning now writes token file %s for %s (%s), which the plan did not show", t.Path, t.Address, t.Reason))
		}
		delete(saved, k)
	}
	for _, t := range s.TokenFiles {
		if saved[t] {
			why = append(why, fmt.Sprintf("it writes token file %s for %s, planning now does not", t.Path, t.Address))
		}
	}
	return why
}
