package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/natsplan/natsplan/apply"
	"github.com/natsplan/natsplan/lang"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
	"github.com/natsplan/natsplan/view"
)

// cmdApply signs what the plan shows. It asks for "yes" unless
// -auto-approve or a saved plan (which was reviewed already) is given.
func cmdApply(c *cli, args []string) int {
	fs := c.flags("apply")
	ws := c.workspace(fs)
	ws.vars = c.varFlags(fs)
	auto := fs.Bool("auto-approve", false, "do not ask for confirmation")
	input := fs.Bool("input", true, `ask on stdin for the "yes" that approves the plan; false fails at once instead (CI never hangs on a prompt)`)
	pf := c.pushFlags(fs)
	ws.targetFlag(fs)
	ws.replaceFlag(fs)
	pos, ok := parse(fs, args)
	if !ok || len(pos) > 1 {
		if len(pos) > 1 {
			c.errorf("apply takes at most one argument, a saved plan file")
		}
		return exitError
	}
	if len(pos) == 1 && len(ws.targets) > 0 {
		c.errorf("apply PLANFILE takes no -target: the saved plan says what it does")
		return exitError
	}
	if len(pos) == 0 && !*auto && !*input {
		c.errorf(`apply asks for "yes" to approve the plan, and -input=false forbids asking. ` +
			"Approve with -auto-approve, or apply a plan saved with plan -out (natsplan apply PLANFILE).")
		return exitError
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	lock, ok := ws.lock(ctx, "apply")
	if !ok {
		return exitError
	}
	defer lock.Unlock()

	var saved *planner.Saved
	if len(pos) == 1 {
		if saved, ok = ws.readSaved(pos[0]); !ok {
			return exitError
		}
	}
	// Keys of new entities are made before planning, so the plan shown,
	// or checked against the saved plan, is the plan signed: the
	// configuration and every file it reads are read once. A saved plan
	// was made with placeholders; its digests read the same with the
	// keys made here (planner.Plan.SignedDigest).
	defer ws.closeCustody()
	ws.keyMaker = apply.NewKeyMaker()
	defer ws.keyMaker.Wipe()
	if ws.keys.signer != "" {
		// A signer that creates keys makes them during apply, after
		// approval; the plan shows them as (known after apply).
		if !ws.signerKeys() {
			return exitError
		}
	}
	ws.prefetch() // parse the configuration while the state is read
	st, ok := ws.state()
	if !ok {
		return exitError
	}
	p, cfg, ok := ws.plan(st)
	// A saved plan is checked first: one that is stale is refused
	// before the keystore is even opened.
	if !ok || (saved != nil && !ws.checkSaved(saved, p)) || !ws.checkApply(p, st) {
		return exitError
	}
	if saved != nil {
		view.Plan(c.stdout, p, ws.color())
	} else {
		view.Plan(c.stdout, p, ws.color())
		ws.partialWarning()
		if p.Empty() {
			return pf.after(ctx, ws, exitOK)
		}
		if !*auto && !c.confirm() {
			fmt.Fprintln(c.stdout, "\nApply cancelled.")
			return exitError
		}
	}
	if p.Empty() {
		fmt.Fprintln(c.stdout, "No changes. The configuration matches the state.")
		return pf.after(ctx, ws, exitOK)
	}
	return pf.after(ctx, ws, ws.apply(ctx, p, cfg, st))
}

func (ws *workspace) apply(ctx context.Context, p *planner.Plan, cfg *lang.Config, st *state.State) int {
	keys, ks, ok := ws.custody()
	if !ok {
		return exitError
	}
	res, err := apply.Apply(ctx, p, st, ws.replanner(st, cfg), apply.Options{Keystore: ks, Custody: keys,
		StatePath: ws.c.path(ws.statePath), Store: ws.store, Made: ws.keyMaker, TokenFiles: ws.tokenGuard(cfg), Checked: true})
	var written *apply.StateWrittenError
	if errors.As(err, &written) {
		ws.c.errorf("%v", err)
		ws.c.errorf("the state was written (serial %d), but not every token file; run plan to see which, and apply to write them", written.Serial)
		return exitError
	}
	if err != nil {
		ws.c.errorf("%v", err)
		ws.c.errorf("the state was not changed; keys generated so far are kept in the keystore")
		return exitError
	}
	fmt.Fprintf(ws.c.stdout, "\nApply complete! Resources: %d added, %d changed, %d destroyed.\n",
		res.Added, res.Changed, res.Destroyed)
	fmt.Fprintf(ws.c.stdout, "Keys generated: %d. JWTs signed: %d. State serial: %d.\n",
		res.KeysCreated, res.Signed, res.State.Serial)
	if res.TokenFiles > 0 {
		fmt.Fprintf(ws.c.stdout, "Token files written: %d.\n", res.TokenFiles)
	}
	return exitOK
}

// checkApply runs apply's checks of the state and of the keys the plan
// signs for (apply.Check) before the plan is shown for approval.
func (ws *workspace) checkApply(p *planner.Plan, st *state.State) bool {
	if p.Empty() {
		return true
	}
	keys, _, ok := ws.custody()
	if !ok {
		return false
	}
	if err := apply.Check(p, st, keys); err != nil {
		ws.c.errorf("%v", err)
		return false
	}
	return true
}

func (ws *workspace) readSaved(path string) (*planner.Saved, bool) {
	saved, err := planner.ReadSaved(ws.c.path(path))
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	return saved, true
}

// checkSaved refuses a saved plan that differs from p, the plan made now,
// before anything is written.
func (ws *workspace) checkSaved(saved *planner.Saved, p *planner.Plan) bool {
	if err := saved.Check(p); err != nil {
		ws.c.errorf("%v", err)
		return false
	}
	return true
}

// lock takes the state lock. When another run holds it and -lock-timeout
// allows waiting, it says so first, so a waiting apply is not mistaken
// for a hung one.
func (ws *workspace) lock(ctx context.Context, op string) (*state.HeldLock, bool) {
	b, ok := ws.backend()
	if !ok {
		return nil, false
	}
	l, err := b.Lock(ctx, 0, op)
	var busy *state.LockedError
	if errors.As(err, &busy) && ws.lockTimeout > 0 {
		holder := "another process"
		if busy.Holder != nil {
			holder = busy.Holder.String()
		}
		fmt.Fprintf(ws.c.stderr, "Waiting up to %s for the state lock, held by %s...\n", ws.lockTimeout, holder)
		l, err = b.Lock(ctx, ws.lockTimeout, op)
	}
	if err != nil {
		ws.c.errorf("%v", err)
		return nil, false
	}
	if l.Stale != nil {
		fmt.Fprintf(ws.c.stderr, "Warning: a previous run did not release the state lock (%s); it is gone, so the lock was taken over. Its changes are repaired by this run.\n", l.Stale)
	}
	return l, true
}

func (c *cli) confirm() bool {
	fmt.Fprint(c.stdout, "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
	line, _ := bufio.NewReader(c.stdin).ReadString('\n')
	return strings.TrimSpace(line) == "yes"
}
