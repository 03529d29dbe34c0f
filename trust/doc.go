// Package trust says what in a state can be believed. The state arrives
// through pull requests like the configuration does (DESIGN invariant 9),
// so nothing builds on it unchecked: apply before it signs, push,
// server-config and serve before a server sees it, creds before it hands
// out a seed, and `validate -state` on request.
//
// A state is sound when every resource is what its address says (kind,
// name, the prefix of its keys), no two entities share an identity key,
// and every JWT verifies: its type is the resource's kind, its subject is
// the recorded public key, its name is the entity's, it was issued by the
// parent entity's key or a signing key the parent's own verified JWT
// lists, and its claims digest is the one the state records. The JWT
// signatures carry the trust; the rest of a resource is checked against
// them, since anyone can edit it.
//
// What the state cannot say is whether its operator is ours: a
// self-signed operator verifies whoever made it. Only the keystore can
// tell (apply's evidence check, apply/evidence.go).
//
// Neighbours: state (the file format) below; apply, cmd/natsplan and
// validate above. The planner stays fast by not using this package: a
// no-op plan decodes no JWT, and checks only what it compares.
package trust
