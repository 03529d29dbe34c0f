package lang

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// EnvVarPrefix starts the names of environment variables that set
// variables: NATSPLAN_VAR_teams sets var.teams.
const EnvVarPrefix = "NATSPLAN_VAR_"

// Vars are the variable values given from outside the configuration, in
// rising precedence: Env first, then Flag and File in the order called.
type Vars struct {
	items []varItem
}

type varItem struct {
	env       bool
	name, raw string // -var name=raw, or the environment
	file      string // -var-file
}

// Env adds the NATSPLAN_VAR_name entries of environ (as os.Environ gives
// it). They come before everything else, whenever Env is called.
func (v *Vars) Env(environ []string) {
	var env []varItem
	for _, kv := range environ {
		name, raw, ok := strings.Cut(kv, "=")
		if ok && strings.HasPrefix(name, EnvVarPrefix) && len(name) > len(EnvVarPrefix) {
			env = append(env, varItem{env: true, name: name[len(EnvVarPrefix):], raw: raw})
		}
	}
	sort.Slice(env, func(i, j int) bool { return env[i].name < env[j].name })
	v.items = append(env, v.items...)
}

// Flag adds a -var flag, "name=value".
func (v *Vars) Flag(s string) error {
	name, raw, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("-var %q: the value must be name=value", s)
	}
	v.items = append(v.items, varItem{name: strings.TrimSpace(name), raw: raw})
	return nil
}

// File adds a -var-file: HCL (or JSON, for names ending in .json) holding
// name = value lines. It is read when the configuration is loaded.
func (v *Vars) File(path string) { v.items = append(v.items, varItem{file: path}) }

// givenValue is one value for one variable, with where it came from.
type givenValue struct {
	name   string
	raw    string         // text from -var or the environment
	expr   hcl.Expression // from a -var-file
	rng    hcl.Range      // in a -var-file; empty otherwise
	source string         // -var or the environment variable
	env    bool
	inFile bool
}

// expand reads the var files and lists every given value in precedence
// order. Parsed files are added to files, for diagnostics with snippets.
func (v *Vars) expand(cfg *Config, in *inputs) ([]givenValue, hcl.Diagnostics) {
	if v == nil {
		return nil, nil
	}
	var out []givenValue
	var diags hcl.Diagnostics
	p := hclparse.NewParser()
	for _, it := range v.items {
		if it.file == "" {
			src := "-var"
			if it.env {
				src = EnvVarPrefix + it.name
			}
			out = append(out, givenValue{name: it.name, raw: it.raw, env: it.env, source: src})
			continue
		}
		vals, more := readVarFile(p, it.file, cfg, in)
		diags = append(diags, more...)
		out = append(out, vals...)
	}
	return out, diags
}

func readVarFile(p *hclparse.Parser, path string, cfg *Config, in *inputs) ([]givenValue, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read variable file",
			Detail:   fmt.Sprintf("%s. Check the path given to -var-file.", err),
			Subject:  &hcl.Range{Filename: path},
		}}
	}
	var f *hcl.File
	var diags hcl.Diagnostics
	isJSON := strings.HasSuffix(path, ".json")
	if d := nestingProblem(src, path, hcl.InitialPos, isJSON); d != nil {
		return nil, hcl.Diagnostics{d}
	}
	if isJSON {
		f, diags = p.ParseJSON(src, path)
	} else {
		f, diags = p.ParseHCL(src, path)
	}
	if f == nil || diags.HasErrors() {
		return nil, diags
	}
	cfg.Sources[path] = src
	in.varFile(path, src)
	if cfg.varFiles == nil {
		cfg.varFiles = map[string]bool{}
	}
	cfg.varFiles[path] = true
	if isJSON {
		if cfg.json == nil {
			cfg.json = map[string]bool{}
		}
		cfg.json[path] = true
	}
	attrs, more := f.Body.JustAttributes()
	diags = append(diags, more...)
	var out []givenValue
	for _, a := range attrs {
		out = append(out, givenValue{name: a.Name, expr: a.Expr, rng: a.Expr.Range(), inFile: true})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rng.Start.Byte < out[j].rng.Start.Byte })
	return out, diags
}

// where says where a value came from, for messages.
func (g givenValue) where() string {
	if g.inFile {
		return g.rng.Filename
	}
	return g.source
}

// value reads the given value as the variable's type.
func (g givenValue) value(d *variableDecl) (cty.Value, hcl.Diagnostics) {
	var val cty.Value
	var diags hcl.Diagnostics
	switch {
	case g.expr != nil:
		val, diags = g.expr.Value(nil)
	case d.ty.IsPrimitiveType() || d.ty == cty.DynamicPseudoType:
		val = cty.StringVal(g.raw)
	default:
		name := "<value for var." + g.name + ">"
		if d := nestingProblem([]byte(g.raw), name, hcl.InitialPos, false); d != nil {
			return cty.NilVal, hcl.Diagnostics{d}
		}
		expr, more := hclsyntax.ParseExpression([]byte(g.raw), name, hcl.InitialPos)
		diags = more
		if !more.HasErrors() {
			val, diags = expr.Value(nil)
		}
	}
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	return d.convert(val, g.rng)
}

// undeclared reports a value for a variable no block declares: an error
// for -var, a warning in a file (which may serve several configurations),
// nothing for the environment (which may serve several tools).
func (g givenValue) undeclared() *hcl.Diagnostic {
	if g.env {
		return nil
	}
	d := &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Value for undeclared variable",
		Detail: fmt.Sprintf("%s sets %q, but no variable of that name is declared. Declare it with a variable block, "+
			"or correct the name.", g.where(), g.name),
	}
	if g.inFile {
		d.Severity = hcl.DiagWarning
		d.Subject = g.rng.Ptr()
	}
	return d
}
