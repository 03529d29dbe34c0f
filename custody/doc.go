// Package custody is where the keys apply signs with are kept, behind one
// interface: the keystore (seeds in files, in plain text or encrypted with
// age) and an external signer process that holds the seeds itself and
// signs on request (docs/signer.md). apply signs only through a Custody,
// so it never needs to know where a seed is, or whether it can see one.
//
// The state is public and committed; the keys are the one secret. This
// package is the room for the secret: state/ still stores the keystore's
// files (its layout, packs, durable writes), and custody wraps it and adds
// the ways of keeping keys that do not put a plaintext seed on disk.
//
// Neighbours: apply signs with a Custody (apply.Options.Custody) and asks
// it, before signing anything, whether every key the plan needs is there
// (apply.Check); cmd/natsplan builds the Custody from -keystore,
// -keystore-age-* and -signer.
package custody
