package lang

// Loading runs in phases, and diagnostics accumulate across them:
//
//  1. parse every file; syntax errors stop here, because blocks after a
//     syntax error are guesses and would only produce noise;
//  2. decode blocks against static schemas (schema.go), with references
//     kept as expressions (each file right after it is parsed, parse.go);
//  3. resolve variables, then the locals that need no keys;
//  4. expand for_each into instances (foreach.go);
//  5. evaluate the remaining locals and every argument of every instance
//     in the full context (eval.go);
//  6. run the cross-block rules (validate.go).
//
// Phases 2 to 6 always all run, so one Load reports every problem.

import (
	"bytes"
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
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// LoadOptions configures Load and LoadFiles.
type LoadOptions struct {
	// Keys returns the public key of an already-created entity by address
	// ("account.X", "operator.Y"), or false when it does not exist yet.
	// When Keys is nil or returns false, the entity's key is PendingKey of
	// its address.
	Keys func(address string) (string, bool)

	// NewKeys, when set, makes the keys of entities that have none yet,
	// in place of placeholders: apply makes them before it plans, so the
	// plan it shows is the plan it signs. It is called at most once, with
	// every such address, and returns one public key per address. The
	// keys still count as pending (Config.Pending), since their seeds are
	// not stored yet.
	NewKeys func(addresses []string) []string

	// Vars are the variable values given from outside (-var, -var-file,
	// the environment); nil for none.
	Vars *Vars

	// Dir is the directory relative paths in the configuration (file(),
	// token_file) are read from. Load sets it to its dir; LoadFiles uses
	// the working directory when it is empty.
	Dir string
}

// Load reads every *.hcl file directly in dir (not in subdirectories, and
// not names starting with "." or "#", which editors use for scratch files),
// in name order, and returns the configuration they declare. Diagnostic
// ranges name files as dir/NAME. Once files are read, the Config is
// returned even with errors, with Sources set so that the diagnostics can
// be printed with snippets (DiagnosticFiles); it is nil only when there is nothing to parse.
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
		return nil, hcl.Diagnostics{noFiles(dir)}
	}
	opts.Dir = dir
	cfg, more := LoadFiles(files, opts)
	return cfg, append(diags, more...)
}

// noFiles has no Subject: there is no line to show, and a range of the
// directory printed as "on DIR line 0".
func noFiles(dir string) *hcl.Diagnostic {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "No configuration files",
		Detail: fmt.Sprintf("There are no *.hcl files in %s. Write the configuration in files ending in .hcl, "+
			"or point natsplan at the directory that holds them (natsplan -chdir=DIR).", dir),
	}
}

// LoadFiles is Load over files given as name -> content, for tests and
// fuzzing. Names are used as given in diagnostic ranges.
func LoadFiles(files map[string][]byte, opts LoadOptions) (*Config, hcl.Diagnostics) {
	cfg := &Config{Sources: make(map[string][]byte, len(files)), Digest: Digest(files), Pending: map[string]string{}}
	if len(files) == 0 {
		return cfg, hcl.Diagnostics{noFiles(".")}
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range files {
			if !yield(name) {
				return
			}
		}
	})
	for name, src := range files {
		cfg.Sources[name] = src
	}
	m, diags := decodeFiles(names, files)
	if m == nil {
		return cfg, diags
	}
	start := hcl.Range{Filename: names[0], Start: hcl.InitialPos, End: hcl.InitialPos}
	diags = dedupe(append(diags, m.load(cfg, files, opts, start)...))
	suggestAttributes(diags)
	sortDiagnostics(diags)
	return cfg, diags
}

// load runs phases 3 to 6 over the decoded module.
func (m *module) load(cfg *Config, files map[string][]byte, opts LoadOptions, start hcl.Range) hcl.Diagnostics {
	keys := newKeySource(opts)
	keys.moves = m.moves
	s := newScope(keys, opts.Dir)
	op, diags := chooseOperator(m.operators, start)
	diags = append(diags, m.checkDuplicates()...)

	given, more := opts.Vars.expand(cfg, s.inputs)
	diags = append(diags, more...)
	outside, more := resolveVariables(m.variables, given, s)
	diags = append(diags, more...)
	if len(outside) > 0 { // else LoadFiles set it already
		cfg.Digest = digestWithVars(files, outside)
		s.inputs.variables(outside)
	}

	late, more := s.evalLocals(m.locals, false)
	diags = append(diags, more...)
	diags = append(diags, m.expand(s)...)
	_, more = s.evalLocals(late, true)
	diags = append(diags, more...)

	diags = append(diags, m.eval(s, op)...)
	m.assemble(cfg, op)
	cfg.Moves = m.moves
	cfg.Pending = keys.pending
	cfg.Inputs = s.inputs.list()
	if len(cfg.Moves) > 0 {
		diags = append(diags, checkMoves(cfg, declaredAddresses(cfg))...)
	}
	return append(diags, validate(cfg)...)
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

// dedupe drops repeated diagnostics: a block with for_each is evaluated
// once per instance, and a mistake in it would otherwise be reported as
// often.
func dedupe(diags hcl.Diagnostics) hcl.Diagnostics {
	seen := map[string]bool{}
	out := diags[:0]
	for _, d := range diags {
		k := fmt.Sprintf("%d\x00%s\x00%s\x00%v", d.Severity, d.Summary, d.Detail, d.Subject)
		if !seen[k] {
			seen[k] = true
			out = append(out, d)
		}
	}
	return out
}

// Digest returns the hex sha256 that identifies a configuration: over the
// (base name, content) pairs of its files, sorted, each part prefixed with
// its length. The directory is left out, so a plan saved in one working
// directory can be applied from another.
func Digest(files map[string][]byte) string {
	type pair struct {
		name    string
		content []byte
	}
	pairs := make([]pair, 0, len(files))
	for name, src := range files {
		pairs = append(pairs, pair{filepath.Base(name), src})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].name != pairs[j].name {
			return pairs[i].name < pairs[j].name
		}
		return bytes.Compare(pairs[i].content, pairs[j].content) < 0
	})
	h := sha256.New()
	for _, p := range pairs {
		for _, part := range [][]byte{[]byte(p.name), p.content} {
			h.Write(binary.AppendUvarint(nil, uint64(len(part))))
			h.Write(part)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// digestWithVars is Digest over the files and, as entries no file name can
// take, the values variables were given from outside.
func digestWithVars(files map[string][]byte, outside map[string]cty.Value) string {
	if len(outside) == 0 {
		return Digest(files)
	}
	all := make(map[string][]byte, len(files)+len(outside))
	for k, v := range files {
		all[k] = v
	}
	for name, v := range outside {
		b, _ := ctyjson.Marshal(v, v.Type())
		all["\x00var "+name] = b
	}
	return Digest(all)
}
