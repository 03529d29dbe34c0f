package lang

// Loading runs in phases, and diagnostics accumulate across them:
//
//  1. parse every file; syntax errors stop here, because blocks after a
//     syntax error are guesses and would only produce noise;
//  2. decode blocks against static schemas, with references kept as names;
//  3. evaluate string and bool arguments in one EvalContext (eval.go);
//  4. run the cross-block rules (validate.go).
//
// Phases 2 to 4 always all run, so one Load reports every problem.

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
)

// LoadOptions configures Load and LoadFiles.
type LoadOptions struct {
	// Keys returns the public key of an already-created entity by address
	// ("account.X", "operator.Y"), or false when it does not exist yet.
	// When Keys is nil or returns false, the entity's key is PendingKey of
	// its address.
	Keys func(address string) (string, bool)
}

// Load reads every *.hcl file directly in dir (not in subdirectories, and
// not names starting with "." or "#", which editors use for scratch files),
// in name order, and returns the configuration they declare. Diagnostic
// ranges name files as dir/NAME. Once files are read, the Config is
// returned even with errors, with Files set so that the diagnostics can be
// printed with snippets; it is nil only when there is nothing to parse.
func Load(dir string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	dirRange := &hcl.Range{Filename: dir}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read configuration directory",
			Detail:   fmt.Sprintf("%s. Check that the directory exists and is readable.", err),
			Subject:  dirRange,
		}}
	}
	files := map[string][]byte{}
	var diags hcl.Diagnostics
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".hcl") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") {
			continue
		}
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Cannot read configuration file",
				Detail:   fmt.Sprintf("%s. Check that the file is readable.", err),
				Subject:  &hcl.Range{Filename: path},
			})
			continue
		}
		files[path] = src
	}
	if len(files) == 0 && !diags.HasErrors() {
		return nil, hcl.Diagnostics{noFiles(dir, dirRange)}
	}
	cfg, more := LoadFiles(files, opts)
	return cfg, append(diags, more...)
}

func noFiles(dir string, rng *hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "No configuration files",
		Detail: fmt.Sprintf("Directory %q holds no *.hcl files. Write the configuration in files ending in .hcl, "+
			"or point natsplan at the directory that holds them.", dir),
		Subject: rng,
	}
}

// LoadFiles is Load over files given as name -> content, for tests and
// fuzzing. Names are used as given in diagnostic ranges.
func LoadFiles(files map[string][]byte, opts LoadOptions) (*Config, hcl.Diagnostics) {
	cfg := &Config{Files: map[string]*hcl.File{}, Digest: Digest(files), Pending: map[string]string{}}
	if len(files) == 0 {
		return cfg, hcl.Diagnostics{noFiles(".", nil)}
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range files {
			if !yield(name) {
				return
			}
		}
	})
	parsed, diags := parseFiles(names, files, cfg.Files)
	if diags.HasErrors() {
		return cfg, diags
	}
	m, more := decodeFiles(parsed)
	diags = append(diags, more...)
	cfg.Operator, more = chooseOperator(m.operators, hcl.Range{
		Filename: names[0], Start: hcl.InitialPos, End: hcl.InitialPos,
	})
	diags = append(diags, more...)
	diags = append(diags, m.checkDuplicates()...)

	s := m.scope(newKeySource(opts.Keys))
	diags = append(diags, m.eval(s)...)
	m.assemble(cfg)
	cfg.Pending = s.keys.pending
	diags = append(diags, validate(cfg)...)
	sortDiagnostics(diags)
	return cfg, diags
}

// parseFiles parses every file, in order, into into.
func parseFiles(names []string, files map[string][]byte, into map[string]*hcl.File) ([]*hcl.File, hcl.Diagnostics) {
	p := hclparse.NewParser()
	var diags hcl.Diagnostics
	var out []*hcl.File
	for _, name := range names {
		f, more := p.ParseHCL(files[name], name)
		diags = append(diags, more...)
		if f != nil {
			into[name] = f
			out = append(out, f)
		}
	}
	return out, diags
}

// module is the decoded, not yet evaluated, content of all files, in
// source order.
type module struct {
	operators []*Operator
	accounts  []*accountDecl
	grants    []*grantDecl
}

// decodeFiles decodes the top-level blocks of every file.
func decodeFiles(files []*hcl.File) (*module, hcl.Diagnostics) {
	m := &module{}
	var diags hcl.Diagnostics
	for _, f := range files {
		content, more := f.Body.Content(rootSchema)
		diags = append(diags, more...)
		for _, b := range content.Blocks {
			switch b.Type {
			case "operator":
				op, more := decodeOperatorBlock(b)
				diags = append(diags, more...)
				m.operators = append(m.operators, op)
			case "account":
				a, more := decodeAccountBlock(b)
				diags = append(diags, more...)
				m.accounts = append(m.accounts, a)
			case "grant":
				g, more := decodeGrantBlock(b)
				diags = append(diags, more...)
				m.grants = append(m.grants, g)
			}
		}
	}
	return m, diags
}

func (m *module) checkDuplicates() hcl.Diagnostics {
	grants := make([]*Grant, len(m.grants))
	for i, g := range m.grants {
		grants[i] = g.Grant
	}
	return checkDuplicates(m.accounts, grants)
}

// scope returns what string arguments may refer to.
func (m *module) scope(keys *keySource) *scope {
	s := &scope{keys: keys}
	for _, a := range m.accounts {
		s.accounts = append(s.accounts, a.Name)
	}
	for _, op := range m.operators {
		s.operators = append(s.operators, op.Name)
	}
	s.accounts, s.operators = uniqueSorted(s.accounts), uniqueSorted(s.operators)
	return s
}

// eval evaluates every argument that is a value rather than a reference.
func (m *module) eval(s *scope) hcl.Diagnostics {
	ctx := s.evalContext()
	var diags hcl.Diagnostics
	for _, a := range m.accounts {
		for _, e := range a.exports {
			diags = append(diags, e.eval(s, ctx)...)
		}
		for _, i := range a.imports {
			diags = append(diags, i.eval(s, ctx)...)
		}
	}
	for _, g := range m.grants {
		diags = append(diags, g.eval(s, ctx)...)
	}
	return diags
}

// assemble fills cfg with the decoded blocks, every slice sorted by name.
// The sort is stable, so among duplicates the first declared stays first.
func (m *module) assemble(cfg *Config) {
	for _, a := range m.accounts {
		sortByName(a.Users)
		sortByName(a.Exports)
		sortByName(a.Imports)
		cfg.Accounts = append(cfg.Accounts, a.Account)
	}
	for _, g := range m.grants {
		cfg.Grants = append(cfg.Grants, g.Grant)
	}
	sortByName(cfg.Accounts)
	sortByName(cfg.Grants)
}

func sortByName[T named](list []T) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].name() < list[j].name() })
}

// sortDiagnostics orders diagnostics by place, so they read top to bottom.
func sortDiagnostics(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
}

// Digest returns the hex sha256 that identifies a configuration: over the
// (base name, content) pairs of its files, sorted, each part prefixed with
// its length. The directory is left out, so a plan saved in one working
// directory can be applied from another.
func Digest(files map[string][]byte) string {
	type pair struct{ name, content string }
	pairs := make([]pair, 0, len(files))
	for name, src := range files {
		pairs = append(pairs, pair{filepath.Base(name), string(src)})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].name != pairs[j].name {
			return pairs[i].name < pairs[j].name
		}
		return pairs[i].content < pairs[j].content
	})
	h := sha256.New()
	for _, p := range pairs {
		for _, part := range []string{p.name, p.content} {
			h.Write(binary.AppendUvarint(nil, uint64(len(part))))
			h.Write([]byte(part))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
