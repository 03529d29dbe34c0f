package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/natsplan/natsplan/lang"
)

// cmdFmt rewrites *.hcl files canonically; with -check it only lists the
// files that would change and exits 3 when there are any, like terraform.
func cmdFmt(c *cli, args []string) int {
	fs := c.flags("fmt")
	check := fs.Bool("check", false, "list files that are not formatted and exit non-zero; change nothing")
	if _, ok := parse(fs, args); !ok {
		return exitError
	}
	files, err := filepath.Glob(filepath.Join(c.dir, "*.hcl"))
	if err != nil {
		c.errorf("%v", err)
		return exitError
	}
	sort.Strings(files)
	unformatted := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			c.errorf("%v", err)
			return exitError
		}
		out := lang.Format(src)
		if bytes.Equal(src, out) {
			continue
		}
		unformatted++
		fmt.Fprintln(c.stdout, filepath.Base(f))
		if !*check {
			if err := os.WriteFile(f, out, 0o644); err != nil {
				c.errorf("%v", err)
				return exitError
			}
		}
	}
	if *check && unformatted > 0 {
		return 3
	}
	return exitOK
}
