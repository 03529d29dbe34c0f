package access

import "github.com/nats-io/jwt/v2"

// The server refuses an import that would close a cycle of imports, but
// which import of a cycle it refuses depends on the order it loads the
// accounts in. The analysis finds imports the server's search could take
// for a cycle (the same walk: imports whose subjects collide, back to the
// importing account) and answers unknown for paths through them.

// maxCycleSearch is the depth the server's search stops at.
const maxCycleSearch = 1024

// mayCycle reports whether the server's cycle search could refuse l.
func (w *World) mayCycle(l *link) bool {
	visited := map[*Account]bool{l.importer: true}
	if l.imp.Type == jwt.Service {
		return w.serviceCycle(l.exporter, l.from, visited)
	}
	return w.streamCycle(l.exporter, l.to, visited) || w.streamCycle(l.exporter, l.from, map[*Account]bool{l.importer: true})
}

func (w *World) serviceCycle(acc *Account, from string, visited map[*Account]bool) bool {
	if acc == nil || len(visited) >= maxCycleSearch {
		return acc != nil
	}
	for _, imp := range acc.Claims.Imports {
		if imp.Type != jwt.Service {
			continue
		}
		k := importSubjects(imp)
		if !collide(from, k.to) {
			continue
		}
		next := w.byPub(imp.Account)
		if visited[next] {
			return true
		}
		visited[acc] = true
		f := from
		if within(k.from, f) {
			f = k.from
		}
		if w.serviceCycle(next, f, visited) {
			return true
		}
	}
	return false
}

func (w *World) streamCycle(acc *Account, to string, visited map[*Account]bool) bool {
	if acc == nil || len(visited) >= maxCycleSearch {
		return acc != nil
	}
	exported := false
	for _, e := range acc.Claims.Exports {
		if e.Type == jwt.Stream && within(to, string(e.Subject)) {
			exported = true
		}
	}
	if !exported {
		return false
	}
	for _, imp := range acc.Claims.Imports {
		if imp.Type != jwt.Stream {
			continue
		}
		k := importSubjects(imp)
		if !collide(to, k.to) {
			continue
		}
		next := w.byPub(imp.Account)
		if visited[next] {
			return true
		}
		visited[acc] = true
		t := to
		if within(k.to, t) {
			t = k.to
		}
		if w.streamCycle(next, t, visited) {
			return true
		}
	}
	return false
}

// importSubjects is an import's from and to as the server names them:
// service local -> remote, stream remote -> local.
func importSubjects(imp *jwt.Import) link {
	l := link{from: string(imp.Subject), to: imp.GetTo()}
	if imp.Type == jwt.Service {
		if imp.LocalSubject != "" {
			l.from, l.to = string(imp.LocalSubject), string(imp.Subject)
		}
	} else if imp.LocalSubject != "" {
		l.to = string(imp.LocalSubject)
	}
	if l.to == "" {
		l.to = l.from
	}
	return l
}
