package trust

import (
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/internal/buildinfo"
	"github.com/natsplan/natsplan/internal/parallel"
	"github.com/natsplan/natsplan/state"
)

// A claims digest is a cache: the JWT is what is signed, the digest only
// lets a plan skip decoding it. This version's digests are checked as part
// of the state (checkDigest), and one that is not the digest of its JWT's
// claims means the state was edited. Another version may have computed
// digests otherwise, so for a state it wrote a mismatch is no evidence of
// anything; but nothing vouches for such digests either, since a state can
// name any version. So they are recomputed from the JWTs, and the entities
// whose digests disagree are re-signed: a forged digest that matches the
// configuration cannot hide a change (a revocation, say) from apply.

// Foreign reports whether st was written by another natsplan version, or
// by one that did not record its version.
func Foreign(st *state.State) bool {
	return st != nil && len(st.Resources) > 0 && st.NatsplanVersion != buildinfo.Version()
}

// DistrustForeignDigests clears, in a foreign state, every digest that is
// not the digest of its JWT's claims, so that the planner re-signs those
// entities (saying that another version wrote the state), and returns
// their addresses. It does nothing to a state this version wrote. JWTs a
// lazily read state left in its file are read; a JWT that does not read
// or decode is left to Verify to report.
func DistrustForeignDigests(st *state.State) []string {
	if !Foreign(st) {
		return nil
	}
	addrs := st.Addresses()
	LoadJWTs(st, addrs)
	v := newVerifier(st)
	stale := make([]bool, len(addrs))
	parallel.For(len(addrs), 64, func(i int) {
		r := st.Resources[addrs[i]]
		if c, err := jwt.Decode(r.JWT); err == nil {
			stale[i] = v.digestMismatch(r, c)
		}
	})
	var out []string
	for i, a := range addrs {
		if stale[i] {
			st.Resources[a].Digest = ""
			out = append(out, a)
		}
	}
	return out
}

// LoadJWTs reads into the resources at addrs the JWTs a lazily read state
// (plan's) left in its file, since verification reads JWTs from the
// resources. A JWT that does not read stays empty, for Verify to report.
func LoadJWTs(st *state.State, addrs []string) {
	for _, a := range addrs {
		if r := st.Get(a); r != nil && r.JWT == "" {
			r.JWT, _ = r.LoadJWT()
		}
	}
}
