package apply

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/nats-io/jwt/v2"
	"golang.org/x/sync/errgroup"

	"github.com/natsplan/natsplan/custody"
	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// phases is the signing order: every phase only embeds or is signed by
// what earlier phases produced. Activations come before accounts because
// an importer's JWT carries its activation token.
var phases = []state.Kind{state.KindOperator, state.KindGrant, state.KindAccount, state.KindUser}

func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// signer signs the planned changes of one apply.
type signer struct {
	plan *planner.Plan
	prev *state.State
	next *state.State
	keys custody.Custody
	now  int64

	fresh *freshKeys // keys this apply created, to sign with directly

	mu sync.Mutex
}

// sign returns the state after plan p, signing each created or updated
// entity exactly once.
func sign(ctx context.Context, p *planner.Plan, st *state.State, opt Options, fresh *freshKeys) (*state.State, int, error) {
	s := &signer{plan: p, prev: st, next: copyState(st), keys: opt.Custody, fresh: fresh, now: opt.Now().Unix()}
	total, done := countSigned(p), 0
	for _, kind := range phases {
		n, err := s.phase(ctx, kind)
		if err != nil {
			return nil, 0, err
		}
		done += n
		if opt.Progress != nil {
			opt.Progress(done, total)
		}
	}
	for _, c := range p.Changes {
		if c.Action == planner.Delete {
			delete(s.next.Resources, c.Address)
		}
	}
	return s.next, done, nil
}

func countSigned(p *planner.Plan) int {
	n := 0
	for _, c := range p.Changes {
		if c.Action != planner.Delete {
			n++
		}
	}
	return n
}

// phase signs every change of one kind, in parallel.
func (s *signer) phase(ctx context.Context, kind state.Kind) (int, error) {
	var todo []*planner.Change
	for _, c := range s.plan.Changes {
		if c.Kind == kind && c.Action != planner.Delete {
			todo = append(todo, c)
		}
	}
	out := make([]*state.Resource, len(todo))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers())
	for i, c := range todo {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, err := s.signOne(c.Desired)
			out[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	for i, c := range todo {
		s.next.Resources[c.Address] = out[i]
	}
	return len(todo), nil
}

func (s *signer) signOne(d *planner.Desired) (*state.Resource, error) {
	signerKey := d.SignerKey
	kp, err := s.keyPair(d.Signer, signerKey)
	if err != nil {
		return nil, err
	}
	claims, err := s.withTokens(d.Claims)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Address, err)
	}
	var prevIat int64
	if prior := s.prev.Get(d.Address); prior != nil {
		prevIat = prior.IssuedAt
	}
	// An activation for a key its exporter revoked (a grant removed or
	// re-targeted before) must be newer than the revocation.
	iat := issueTime(s.now, max(prevIat, d.IssueAfter))
	token, err := encode(claims, kp, iat)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Address, err)
	}
	return &state.Resource{Kind: d.Kind, Name: d.Name, ClaimName: claimName(d.Name, claims), PublicKey: d.PublicKey,
		Issuer: signerKey, IssuedAt: iat, JWT: token, Digest: d.Digest, Export: d.Export, Revocations: d.Revocations,
		SigningKeys: d.SigningKeys, PreventDestroy: d.PreventDestroy}, nil
}

// claimName is the name the state records beside the label when the JWT
// carries another (the configuration's `name`), so that the state's
// verification can tell a named entity from a JWT moved between entities.
func claimName(label string, c jwt.Claims) string {
	if _, grant := c.(*jwt.ActivationClaims); grant {
		return "" // an activation is named after its subject
	}
	if n := c.Claims().Name; n != state.ClaimName(label) {
		return n
	}
	return ""
}

// keyPair returns the signing key of the entity at addr: one this apply
// created, or the custody's (which reads a keystore seed once and checks
// it is pub's, or signs through the signer).
func (s *signer) keyPair(addr, pub string) (keyPair, error) {
	if k, ok := s.fresh.signer(pub); ok {
		return k, nil
	}
	k, err := s.keys.Key(pub)
	if err != nil {
		return nil, fmt.Errorf("cannot sign with the key of %s (%s): %w", addr, pub, err)
	}
	return k, nil
}

// withTokens returns claims ready to sign: for an account, a copy whose
// import tokens are the JWTs of the grants they reference, checked to be
// activations issued by the exporter for this account.
func (s *signer) withTokens(c jwt.Claims) (jwt.Claims, error) {
	ac, ok := c.(*jwt.AccountClaims)
	if !ok {
		return c, nil
	}
	cp := *ac
	cp.Imports = make(jwt.Imports, len(ac.Imports))
	for i, imp := range ac.Imports {
		ic := *imp
		if addr, ok := planner.ParseTokenRef(imp.Token); ok {
			token, err := s.grantToken(addr, ac.Subject, imp)
			if err != nil {
				return nil, err
			}
			ic.Token = token
		}
		if url, insecure, ok := planner.ParseURLToken(imp.Token); ok {
			token, err := fetchToken(tokenClient, url, insecure, ac.Subject, imp)
			if err != nil {
				return nil, err
			}
			ic.Token = token
		}
		cp.Imports[i] = &ic
	}
	return &cp, nil
}

func (s *signer) grantToken(addr, importer string, imp *jwt.Import) (string, error) {
	s.mu.Lock()
	r := s.next.Resources[addr]
	s.mu.Unlock()
	if r == nil {
		return "", fmt.Errorf("import %q needs %s, which has no activation in state", imp.Name, addr)
	}
	act, err := jwt.DecodeActivationClaims(r.JWT)
	if err != nil {
		return "", fmt.Errorf("state holds an activation for %s that does not verify: %w", addr, err)
	}
	if act.Subject != importer || (act.Issuer != imp.Account && act.IssuerAccount != imp.Account) {
		return "", fmt.Errorf("state holds an activation for %s that was not issued by %s for %s", addr, imp.Account, importer)
	}
	return r.JWT, nil
}

func copyState(st *state.State) *state.State {
	cp := *st
	cp.Resources = make(map[string]*state.Resource, len(st.Resources))
	for k, v := range st.Resources {
		cp.Resources[k] = v
	}
	if cp.Version == 0 {
		cp.Version = state.FormatVersion
	}
	return &cp
}
