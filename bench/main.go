// Command bench measures natsplan on generated fleets and prints a table
// (`make bench`). For each fleet size it reports, all measured in the same
// run on the same machine:
//
//   - cold apply (every key generated, every JWT signed) next to the
//     signing floor: one nkey plus one signed JWT per entity, on all cores,
//     with nkeys and jwt/v2 as any program would use them;
//   - a no-op plan (time and peak memory) next to decoding and verifying
//     every JWT of the state once, on all cores: what plan avoids by
//     comparing claims digests;
//   - a one-line change (one service's subject): how many JWTs apply
//     re-signs, and how long it takes;
//   - from 1,000 accounts, the cold apply, no-op plan and one-line change
//     again with the state in a JetStream bucket, on an embedded server
//     and on an embedded cluster of three with an R3 bucket (and the
//     bytes the change adds to the bucket), next to the file's.
//
// natsplan runs as a separate process (built by this program), so times
// and peak memory are what a user sees.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	sizes := flag.String("sizes", "100,1000,10000", "fleet sizes in accounts (10 users, 1 service, 5 imports each)")
	work := flag.String("dir", "", "working directory (default: a temporary one, removed afterwards)")
	repeat := flag.Int("repeat", 3, "runs of each quick measurement; the best is reported")
	flag.Parse()
	if err := run(*sizes, *work, *repeat); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(sizes, work string, repeat int) error {
	var ns []int
	for _, s := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 6 {
			return fmt.Errorf("bad fleet size %q (at least 6 accounts)", s)
		}
		ns = append(ns, n)
	}
	if work == "" {
		dir, err := os.MkdirTemp("", "natsplan-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	}
	bin, err := build(filepath.Join(work, "natsplan"))
	if err != nil {
		return err
	}
	var rows []row
	for _, n := range ns {
		fmt.Fprintf(os.Stderr, "bench: fleet of %d accounts...\n", n)
		r, err := measure(bin, filepath.Join(work, fmt.Sprintf("fleet-%d", n)), n, repeat)
		if err != nil {
			return fmt.Errorf("fleet of %d accounts: %w", n, err)
		}
		rows = append(rows, r)
	}
	printTable(os.Stdout, rows)
	return nil
}
