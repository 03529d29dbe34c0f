package main

import (
	"fmt"
	"github.com/natsplan/natsplan/internal/buildinfo"
	"runtime"
	"runtime/debug"
)

// versionModules are the modules whose versions decide what natsplan
// signs, parses and serves: a bug report needs them more than natsplan's.
var versionModules = []string{
	"github.com/nats-io/jwt/v2",
	"github.com/nats-io/nkeys",
	"github.com/hashicorp/hcl/v2",
	"github.com/nats-io/nats-server/v2",
}

// cmdVersion prints the versions from the binary's build information, so
// they are the ones built in, not the ones a go.mod names.
func cmdVersion(c *cli, args []string) int {
	if c.name == "version" {
		if _, ok := parse(c.flags("version"), args); !ok {
			return exitError
		}
	}
	info, ok := debug.ReadBuildInfo()
	fmt.Fprintln(c.stdout, "natsplan", natsplanVersion(info, ok))
	deps := map[string]string{}
	if ok {
		for _, d := range info.Deps {
			if d.Replace != nil {
				d = d.Replace
			}
			deps[d.Path] = d.Version
		}
	}
	for _, m := range versionModules {
		v := deps[m]
		if v == "" {
			v = "(unknown)"
		}
		fmt.Fprintf(c.stdout, "  %s %s\n", m, v)
	}
	fmt.Fprintf(c.stdout, "  %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}

// natsplanVersion is the version the state records too (buildinfo): set
// at link time, else the module version go install or go build stamped,
// else "dev".
func natsplanVersion(*debug.BuildInfo, bool) string { return buildinfo.Version() }
