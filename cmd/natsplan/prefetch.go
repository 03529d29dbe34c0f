package main

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/state"
)

// configLoad is the configuration being loaded in the background while the
// state is read. Parsing needs nothing from the state; only evaluation
// does (the public keys of entities that exist), so lang asks for keys
// through a function that waits until the state is known. For a large
// fleet the two reads are each a good part of a plan, and they overlap.
type configLoad struct {
	known chan struct{} // closed once the state is read (or failed)
	keys  func(string) (string, bool)
	st    *state.State

	done  chan struct{} // closed once loading ends
	cfg   *lang.Config
	diags hcl.Diagnostics
}

// prefetch starts loading the configuration; the next state() supplies
// the keys and the next plan() of that state takes the result. Commands
// that plan call it before reading the state.
func (ws *workspace) prefetch() {
	l := &configLoad{known: make(chan struct{}), done: make(chan struct{})}
	keys := func(addr string) (string, bool) {
		<-l.known
		if l.keys == nil {
			return "", false
		}
		return l.keys(addr)
	}
	go func() {
		defer close(l.done)
		l.cfg, l.diags = ws.loadConfig(keys)
	}()
	ws.pending = l
}

// stateKnown hands the state just read (nil if reading failed) to a
// load in progress.
func (l *configLoad) stateKnown(ws *workspace, st *state.State) {
	if l == nil {
		return
	}
	if st != nil {
		l.st, l.keys = st, ws.stateKeys(st)
	}
	close(l.known)
}

// loadFor returns the configuration evaluated with the keys of st, and
// its diagnostics: the prefetched one when it was for st, else a fresh
// load.
func (ws *workspace) loadFor(st *state.State) (*lang.Config, hcl.Diagnostics) {
	l := ws.pending
	ws.pending = nil
	if l == nil || l.st != st {
		return ws.loadConfig(ws.stateKeys(st))
	}
	<-l.done
	return l.cfg, l.diags
}
