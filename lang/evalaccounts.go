package lang

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/natsplan/natsplan/internal/parallel"
)

// evalChunk is how many accounts one worker evaluates.
const evalChunk = 200

// evalAccounts evaluates every account instance, a chunk per worker on
// all cores (for a fleet, accounts are most of the evaluation), each
// worker with its own copy of the scope and its own full context. The
// diagnostics are returned in the order of the accounts, as if evaluated
// one after another.
func (m *module) evalAccounts(s *scope, system string) hcl.Diagnostics {
	accounts := m.accountDecls
	found := make([]hcl.Diagnostics, parallel.ChunkCount(len(accounts), evalChunk))
	parallel.Chunks(len(accounts), evalChunk, func(c, lo, hi int) {
		w := s.worker()
		ctx := w.fullContext()
		for _, a := range accounts[lo:hi] {
			found[c] = append(found[c], a.eval(w, ctx, system)...)
		}
	})
	var diags hcl.Diagnostics
	for _, d := range found {
		diags = append(diags, d...)
	}
	return diags
}
