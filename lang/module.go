package lang

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// module is the decoded content of all files, in source order, and once
// expanded, the instances of its blocks.
type module struct {
	variables []*variableDecl
	locals    []*hcl.Attribute
	moves     []*Move
	operators []*operatorDecl
	accounts  []*body
	grants    []*body

	accountDecls []*accountDecl
	grantDecls   []*grantDecl
}

// decodeFiles parses and decodes the top-level blocks of the files names
// lists, on all cores (parse.go), and puts the results together in the
// order of names. When any file has a syntax error, the module is
// nil and the diagnostics are the parser's only.
func decodeFiles(names []string, files map[string][]byte) (*module, hcl.Diagnostics) {
	parts := parseAll(names, files)
	var diags hcl.Diagnostics
	for _, p := range parts {
		diags = append(diags, p.syntax...)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	m := &module{}
	var localBlocks []*hcl.Block
	for _, part := range parts {
		p := part.m
		if p == nil {
			continue // the parser returned no file, and said why
		}
		diags = append(diags, part.diags...)
		localBlocks = append(localBlocks, part.locals...)
		m.variables = append(m.variables, p.variables...)
		m.moves = append(m.moves, p.moves...)
		m.operators = append(m.operators, p.operators...)
		m.accounts = append(m.accounts, p.accounts...)
		m.grants = append(m.grants, p.grants...)
	}
	locals, more := decodeLocals(localBlocks)
	m.locals = locals
	return m, append(diags, more...)
}

// decodeFile decodes the top-level blocks of one file; locals blocks are
// returned as they are, for decodeLocals to read across files.
func decodeFile(f *hcl.File) (*module, []*hcl.Block, hcl.Diagnostics) {
	m := &module{}
	var diags hcl.Diagnostics
	var localBlocks []*hcl.Block
	content, more := f.Body.Content(rootSchema)
	diags = append(diags, more...)
	for _, b := range content.Blocks {
		switch b.Type {
		case "variable":
			v, more := decodeVariableBlock(b)
			diags = append(diags, more...)
			m.variables = append(m.variables, v)
		case "locals":
			localBlocks = append(localBlocks, b)
		case "moved":
			mv, more := decodeMovedBlock(b)
			diags = append(diags, more...)
			m.moves = append(m.moves, mv)
		case "operator":
			op, more := decodeOperatorBlock(b)
			diags = append(diags, more...)
			m.operators = append(m.operators, op)
		case "account":
			a, more := decodeBody(b, accountNode)
			diags = append(diags, append(more, checkAccountBody(a)...)...)
			m.accounts = append(m.accounts, a)
		case "grant":
			g, more := decodeBody(b, grantNode)
			diags = append(diags, more...)
			m.grants = append(m.grants, g)
		}
	}
	return m, localBlocks, diags
}

// checkDuplicates reports duplicate account and grant labels across files.
func (m *module) checkDuplicates() hcl.Diagnostics {
	diags := duplicateLabels(m.accounts, "account", "",
		"Account names must be unique; rename or remove one of the blocks.")
	return append(diags, duplicateLabels(m.grants, "grant", "",
		"Grant names must be unique; rename or remove one of the blocks.")...)
}

// expand makes every instance and tells the scope what exists.
func (m *module) expand(s *scope) hcl.Diagnostics {
	var diags hcl.Diagnostics
	// Variables and locals do not change while blocks expand: one base
	// context serves every block.
	base := s.baseContext()
	diags = append(diags, m.expandAccounts(s, base)...)
	seen := map[string]bool{}
	for _, b := range m.grants {
		if !seen[b.label()] {
			seen[b.label()] = true
			list, more := s.expandGrant(b, base)
			diags = append(diags, more...)
			m.grantDecls = append(m.grantDecls, list...)
		}
	}
	s.accounts = m.accountDecls
	for _, op := range m.operators {
		for i, kb := range op.b.nested["signing_key"] {
			diags = append(diags, s.readCompromised(op.SigningKeys[i], kb, base)...)
		}
	}
	m.assignKeys(s.keys) // after compromised is read: no key is made for such a key
	for _, op := range m.operators {
		s.operators = append(s.operators, op.Operator)
		s.labels["operator"] = append(s.labels["operator"], op.Name)
	}
	s.labels["account"] = uniqueSorted(s.labels["account"])
	s.labels["operator"] = uniqueSorted(s.labels["operator"])
	s.indexCompromised()
	return diags
}

// eval evaluates every instance in the full context.
func (m *module) eval(s *scope, op *operatorDecl) hcl.Diagnostics {
	ctx := s.fullContext()
	var diags hcl.Diagnostics
	system := ""
	if op != nil {
		diags = append(diags, op.eval(s, ctx)...)
		system = op.SystemAccount
	}
	diags = append(diags, m.evalAccounts(s, system)...)
	for _, g := range m.grantDecls {
		diags = append(diags, g.eval(s, ctx)...)
	}
	return diags
}

// assemble fills cfg with the instances, every slice sorted by name.
func (m *module) assemble(cfg *Config, op *operatorDecl) {
	if op != nil {
		cfg.Operator = op.Operator
		sortByName(op.SigningKeys)
	}
	for _, a := range m.accountDecls {
		sortByName(a.Users)
		sortByName(a.Exports)
		sortByName(a.Imports)
		sortByName(a.SigningKeys)
		sort.Slice(a.Mappings, func(i, j int) bool { return a.Mappings[i].From < a.Mappings[j].From })
		cfg.Accounts = append(cfg.Accounts, a.Account)
	}
	for _, g := range m.grantDecls {
		cfg.Grants = append(cfg.Grants, g.Grant)
	}
	sortByName(cfg.Accounts)
	sortByName(cfg.Grants)
}

// named is what sorting by name needs of a block.
type named interface{ name() string }

func (a *Account) name() string    { return a.Name }
func (u *User) name() string       { return u.Name }
func (e *Export) name() string     { return e.Name }
func (i *Import) name() string     { return i.Name }
func (g *Grant) name() string      { return g.Name }
func (k *SigningKey) name() string { return k.Name }

func sortByName[T named](list []T) {
	sort.SliceStable(list, func(i, j int) bool { return list[i].name() < list[j].name() })
}

// declaredAddresses lists every address the configuration declares.
func declaredAddresses(cfg *Config) map[string]bool {
	set := map[string]bool{}
	if cfg.Operator != nil {
		set[cfg.Operator.Address()] = true
	}
	for _, a := range cfg.Accounts {
		set[a.Address()] = true
		for _, u := range a.Users {
			set[u.Address()] = true
		}
	}
	for _, g := range cfg.Grants {
		set[g.Address()] = true
	}
	return set
}
