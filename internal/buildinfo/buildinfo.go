// Package buildinfo says which natsplan this is. The state records the
// version that wrote it, so that a plan can tell a digest computed by
// another version from a state edited by hand.
package buildinfo

import (
	"runtime/debug"
	"sync"
)

// version is set at build time with
// -ldflags "-X github.com/natsplan/natsplan/internal/buildinfo.version=v1.2.3".
var version = "dev"

var resolved = sync.OnceValue(func() string {
	if version != "dev" {
		return version
	}
	// Without -ldflags, the module version go install or go build
	// stamped (a release, or a commit for a build from a checkout).
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
})

// Version is the version of this natsplan: "dev" for a build that carries
// none.
func Version() string { return resolved() }
