package lang

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/internal/parallel"
)

// expandAccounts makes the instances of every account block, the blocks
// on all cores, and tells the scope their labels; a block whose label an
// earlier one has is a duplicate, already reported, and skipped. Making
// an instance reads the base context and the block only (for_each is
// evaluated in base, which nothing changes meanwhile), so blocks expand
// independently; the results are put together in source order, so the
// instances and diagnostics are those a loop over the blocks would give.
func (m *module) expandAccounts(s *scope, base *hcl.EvalContext) hcl.Diagnostics {
	var blocks []*body
	seen := map[string]bool{}
	for _, b := range m.accounts {
		if !seen[b.label()] {
			seen[b.label()] = true
			blocks = append(blocks, b)
		}
	}
	lists := make([][]*accountDecl, len(blocks))
	found := make([]hcl.Diagnostics, len(blocks))
	parallel.For(len(blocks), 64, func(i int) { lists[i], found[i] = s.expandAccount(blocks[i], base) })
	var diags hcl.Diagnostics
	for i, b := range blocks {
		diags = append(diags, found[i]...)
		m.accountDecls = append(m.accountDecls, lists[i]...)
		s.labels["account"] = append(s.labels["account"], b.label())
	}
	return diags
}
