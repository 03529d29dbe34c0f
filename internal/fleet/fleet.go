// Package fleet generates large natsplan configurations as HCL text, for
// the benchmarks (bench/) and the crash harness (cmd/natsplan). A fleet is
// an operator, a system account and N accounts; each account has U users,
// one public service and I imports of the services of the next I accounts
// (wrapping around), so every account is both an exporter and an importer.
//
// It writes plain HCL, one block per entity, rather than using for_each:
// the point is to measure natsplan on a configuration the size of a real
// one, and to depend on nothing but the core language. WriteFile splits
// it into files of AccountsPerFile accounts, as large configurations are.
package fleet

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Spec describes a fleet.
type Spec struct {
	Accounts int // N accounts besides SYS; at least Imports+1
	Users    int // users per account
	Imports  int // imports per account

	// Version is added to the subject of every service whose account
	// index i has i%Every == 0 (Every 0: only account 0), so two specs
	// that differ only in Version differ in those services' subjects:
	// "svc.A000000" at version 0, "svc.A000000.v3" at version 3.
	Version int
	Every   int

	// Renamed, when not 0, renames the last user of every account
	// ("u09" becomes "u09r2" for Renamed 2): a user removed, so revoked by
	// its account, and a new one with a new key.
	Renamed int
}

// Standard is the fleet shape of the benchmarks: 10 users, one service and
// five imports per account.
func Standard(accounts int) Spec { return Spec{Accounts: accounts, Users: 10, Imports: 5} }

// Entities is the number of entities the fleet declares: the operator, SYS,
// the accounts and their users.
func (s Spec) Entities() int { return 2 + s.Accounts*(1+s.Users) }

// AccountName is the name of account i.
func AccountName(i int) string { return fmt.Sprintf("A%06d", i) }

// Subject is the subject of account i's service under this spec.
func (s Spec) Subject(i int) string {
	subj := "svc." + AccountName(i)
	if s.Version > 0 && (s.Every == 0 && i == 0 || s.Every > 0 && i%s.Every == 0) {
		subj += fmt.Sprintf(".v%d", s.Version)
	}
	return subj
}

// AccountsPerFile is how many accounts WriteFile puts in one file: large
// configurations are split into files, as real ones are.
const AccountsPerFile = 1000

// Write writes the fleet's whole configuration to w, as one file.
func (s Spec) Write(w io.Writer) error {
	if err := s.check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	s.writeHeader(bw)
	for i := range s.Accounts {
		s.writeAccount(bw, i)
	}
	return bw.Flush()
}

func (s Spec) check() error {
	if s.Accounts < s.Imports+1 {
		return fmt.Errorf("fleet: %d accounts cannot each import from %d others", s.Accounts, s.Imports)
	}
	return nil
}

func (s Spec) writeHeader(w *bufio.Writer) {
	fmt.Fprintf(w, "operator \"Fleet\" {\n  system_account = account.SYS\n}\n\naccount \"SYS\" {}\n")
}

func (s Spec) writeAccount(w *bufio.Writer, i int) {
	fmt.Fprintf(w, "\naccount %q {\n", AccountName(i))
	for u := range s.Users {
		if u == s.Users-1 && s.Renamed > 0 {
			fmt.Fprintf(w, "  user \"u%02dr%d\" {}\n", u, s.Renamed)
			continue
		}
		fmt.Fprintf(w, "  user \"u%02d\" {}\n", u)
	}
	fmt.Fprintf(w, "\n  service \"svc\" {\n    subject = %q\n  }\n", s.Subject(i))
	for k := 1; k <= s.Imports; k++ {
		from := AccountName((i + k) % s.Accounts)
		fmt.Fprintf(w, "\n  import \"from_%s\" {\n    service = account.%s.service.svc\n  }\n", from, from)
	}
	w.WriteString("}\n")
}

// WriteFile writes the fleet's configuration into dir: the operator and
// SYS in main.hcl, the accounts in accounts-NNN.hcl, AccountsPerFile to a
// file. Each file is replaced atomically enough for a test (temp file and
// rename), so a natsplan started next never reads half a file, and account
// files a previous, larger fleet left are removed.
func (s Spec) WriteFile(dir string) error {
	if err := s.check(); err != nil {
		return err
	}
	keep := map[string]bool{"main.hcl": true}
	if err := writeAtomic(dir, "main.hcl", func(w *bufio.Writer) { s.writeHeader(w) }); err != nil {
		return err
	}
	for first := 0; first < s.Accounts; first += AccountsPerFile {
		name := fmt.Sprintf("accounts-%03d.hcl", first/AccountsPerFile)
		keep[name] = true
		last := min(first+AccountsPerFile, s.Accounts)
		err := writeAtomic(dir, name, func(w *bufio.Writer) {
			for i := first; i < last; i++ {
				s.writeAccount(w, i)
			}
		})
		if err != nil {
			return err
		}
	}
	stale, err := filepath.Glob(filepath.Join(dir, "accounts-*.hcl"))
	if err != nil {
		return err
	}
	for _, path := range stale {
		if !keep[filepath.Base(path)] {
			if err := os.Remove(path); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeAtomic writes dir/name through a temp file and a rename.
func writeAtomic(dir, name string, write func(*bufio.Writer)) error {
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	write(bw)
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, name))
}
