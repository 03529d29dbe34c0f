package safefile

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"syscall"
)

// Suffixes of the files the state package keeps beside the state; they
// are state.BackupSuffix and state.LockSuffix (safefile does not import
// state, which uses it).
const (
	backupSuffix = ".backup"
	lockSuffix   = ".lock"
)

// Guard refuses writes to the files natsplan keeps for itself: the state,
// its backup and lock, and the keystore. The zero Guard refuses nothing.
type Guard struct {
	files []protected // compared after resolving links
	dirs  []protected // everything inside is protected
	root  *protected  // when set, everything outside is protected
}

// protected is one protected path: as resolved, and as the user named it,
// for messages.
type protected struct {
	real, name, what string
}

// NewGuard protects the state at statePath (with its backup and lock) and
// the keystore directory keystoreDir. Either may be empty. A state path
// that is a symbolic link protects the backup and lock beside the link
// and beside its target, since the state package writes through links.
func NewGuard(statePath, keystoreDir string) *Guard {
	g := &Guard{}
	if statePath != "" {
		real, err := Resolve(statePath)
		if err != nil {
			real = filepath.Clean(statePath)
		}
		for _, f := range []struct{ suffix, what string }{
			{"", "the state file"}, {backupSuffix, "the state's backup"}, {lockSuffix, "the state's lock file"}} {
			g.addFile(statePath+f.suffix, f.what)
			g.addFile(real+f.suffix, f.what)
		}
	}
	if keystoreDir != "" {
		g.dirs = append(g.dirs, protectedPath(keystoreDir, "the keystore"))
	}
	return g
}

func (g *Guard) addFile(name, what string) {
	g.files = append(g.files, protectedPath(name, what))
}

func protectedPath(name, what string) protected {
	real, err := Resolve(name)
	if err != nil {
		abs, _ := filepath.Abs(name)
		real = abs
	}
	return protected{real: real, name: name, what: what}
}

// RefusedError says why a path may not be written.
type RefusedError struct {
	Path   string // as given
	Reason string // a phrase: "it is the state file natsplan.state.json"
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("refusing to write %s: %s", e.Path, e.Reason)
}

// Check returns a *RefusedError when path is, or resolves through links
// to, a protected file or anything inside a protected directory (or
// outside the root of Within), and an error when it cannot tell (a loop
// of links).
func (g *Guard) Check(path string) error {
	real, err := Resolve(path)
	if errors.Is(err, syscall.ENOTDIR) {
		return &RefusedError{Path: path, Reason: "a part of its path is a file, not a directory"}
	}
	if err != nil {
		return fmt.Errorf("refusing to write %s: cannot tell where it leads: %w", path, err)
	}
	via := ""
	if abs, _ := filepath.Abs(path); abs != real {
		via = " (through a symbolic link, it is " + real + ")"
	}
	for _, p := range g.files {
		if real == p.real {
			return &RefusedError{Path: path, Reason: fmt.Sprintf("it is %s %s%s", p.what, p.name, via)}
		}
	}
	for _, d := range g.dirs {
		if inside(real, d.real) {
			return &RefusedError{Path: path, Reason: fmt.Sprintf("it is inside %s %s%s; only natsplan writes there", d.what, d.name, via)}
		}
	}
	return g.outside(path, real)
}

// Protect returns a guard that also refuses the given files (links
// resolved), described as what: "a configuration file".
func (g *Guard) Protect(what string, paths ...string) *Guard {
	w := *g
	w.files = append(slices.Clip(g.files), make([]protected, 0, len(paths))...)
	for _, p := range paths {
		w.addFile(p, what)
	}
	return &w
}

// Within returns a guard that also refuses any path outside dir, links
// resolved: a token_file must stay in the configuration directory.
func (g *Guard) Within(dir string) *Guard {
	w := *g
	w.root = &protected{name: dir, what: "the configuration directory"}
	if real, err := Resolve(dir); err == nil {
		w.root.real = real
	}
	return &w
}

// outside returns the refusal of a resolved path outside g's root, if any.
func (g *Guard) outside(path, real string) error {
	if g.root == nil || (g.root.real != "" && inside(real, g.root.real) && real != g.root.real) {
		return nil
	}
	return &RefusedError{Path: path, Reason: fmt.Sprintf("it lies outside %s %s (it resolves to %s)", g.root.what, g.root.name, real)}
}
