package lang

// A moved block records a rename, the way Terraform's does:
//
//	moved {
//	  from = account.Old
//	  to   = account.New
//	}
//
// Before planning, the entity at From in state (and everything nested in
// it: the users of a moved account) is renamed to To, so that it keeps its
// keys and its JWT is re-signed in place rather than deleted and created
// with new keys. A moved block whose From is not in state does nothing, so
// it can stay in the configuration for others who have not applied yet.

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

var movedSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "from", Required: true}, {Name: "to", Required: true}},
}

const movedForm = "account.NAME, account.NAME.user.NAME, grant.NAME or operator.NAME"

// decodeMovedBlock decodes a moved block; its references are static.
func decodeMovedBlock(block *hcl.Block) (*Move, hcl.Diagnostics) {
	m := &Move{DeclRange: block.DefRange}
	content, diags := block.Body.Content(movedSchema)
	var more hcl.Diagnostics
	if a := content.Attributes["from"]; a != nil {
		m.From, more = decodeAddress(a)
		diags = append(diags, more...)
	}
	if a := content.Attributes["to"]; a != nil {
		m.To, more = decodeAddress(a)
		diags = append(diags, more...)
	}
	if m.From != "" && m.To != "" && addressKind(m.From) != addressKind(m.To) {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Moved to another kind",
			Detail: fmt.Sprintf("%s %s can only move to another %s, but %s is a %s. Moving keeps the entity's key, "+
				"and a key of one kind cannot serve another.", article(addressKind(m.From)), addressKind(m.From),
				addressKind(m.From), m.To, addressKind(m.To)),
			Subject: content.Attributes["to"].Expr.Range().Ptr(),
		})
		m.To = ""
	}
	return m, diags
}

// decodeAddress turns a static reference into an address.
func decodeAddress(attr *hcl.Attribute) (string, hcl.Diagnostics) {
	steps, why, diags := refSteps(attr.Expr, nil)
	if diags.HasErrors() || why != "" {
		return "", invalidRef(attr, movedForm, "keys in brackets must be written as strings")
	}
	ref, why := parseBlockRef(steps)
	ok := why == "" && (ref.parts == 2 && (ref.root == "account" || ref.root == "grant" || ref.root == "operator") ||
		ref.parts == 4 && ref.root == "account" && ref.kind == "user")
	if !ok {
		return "", invalidRef(attr, movedForm, "it names no block that can move")
	}
	addr := ref.root + "." + ref.name
	if ref.kind != "" {
		addr += "." + ref.kind + "." + ref.sub
	}
	return addr, nil
}

// addressKind is "operator", "account", "user" or "grant".
func addressKind(addr string) string {
	parts := strings.Split(addr, ".")
	if len(parts) == 4 {
		return parts[2]
	}
	return parts[0]
}

// Rename returns addr with the prefix from replaced by to, and whether it
// was under from: the address itself or one nested in it.
func Rename(addr, from, to string) (string, bool) {
	if addr == from {
		return to, true
	}
	if strings.HasPrefix(addr, from+".") {
		return to + addr[len(from):], true
	}
	return addr, false
}

// MovedFrom returns the address in state of the entity now at addr, by
// undoing moves from the last to the first, and whether any applied.
func MovedFrom(moves []*Move, addr string) (string, bool) {
	moved := false
	for i := len(moves) - 1; i >= 0; i-- {
		if moves[i].From == "" || moves[i].To == "" {
			continue
		}
		if old, ok := Rename(addr, moves[i].To, moves[i].From); ok {
			addr, moved = old, true
		}
	}
	return addr, moved
}

// checkMoves reports moved blocks whose From is still declared, or whose
// To is not: both mean the rename cannot be what was meant.
func checkMoves(cfg *Config, declared map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, m := range cfg.Moves {
		switch {
		case m.From == "" || m.To == "":
		case m.From == m.To:
			diags = append(diags, movedError(m, "Moved to itself",
				"from and to name the same block. Remove the moved block."))
		case declared[m.From]:
			diags = append(diags, movedError(m, "Moved block still declared", fmt.Sprintf(
				"%s is moved to %s but is still declared. Remove or rename the block at %s, or remove the moved block.", m.From, m.To, m.From)))
		case !declared[m.To]:
			diags = append(diags, movedError(m, "Moved to an undeclared block", fmt.Sprintf(
				"%s is moved to %s, which no block declares. Rename the block to %s, or correct to.", m.From, m.To, m.To)))
		}
	}
	return diags
}

func movedError(m *Move, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: m.DeclRange.Ptr()}
}
