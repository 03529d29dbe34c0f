// Package state owns everything natsplan keeps on disk between runs.
//
// The state file is versioned JSON: a lineage fixed when the state is created
// and a serial incremented on every write, so a saved plan can tell that the
// state moved under it. It holds public keys and JWTs only; Write refuses
// anything that looks like an nkey seed (invariant 2 of DESIGN.md).
// ReadLazy reads it for plan without its JWTs, which stay in the file
// until Resource.LoadJWT asks for one.
//
// Nothing is lost on a crash (invariant 6): Write goes through a temp file
// that is fsynced and renamed over the old one, after the old one has been
// kept as path+".backup", so at every instant one readable state exists. Read
// never "repairs" a damaged file; it says where the backup is and leaves the
// decision to a person.
//
// Lock serialises runs on one state with an advisory flock on path+".lock".
// The kernel drops the lock when its holder dies, so a crashed apply never
// leaves the state locked; the info record it left is reported as stale.
//
// Keystore keeps seeds in files 0600 in directories 0700: the keys apply
// creates in packs, one file per KeyBatch (<root>/packs/*.keys), and keys
// in nsc's layout (<root>/keys/<kind>/<2 chars>/<public key>.nk), which Put
// writes. Every write is durable before Put or KeyBatch.Commit returns, so
// a state file never refers to a key that a crash could lose. With a
// Sealer (custody.Age) every file it writes is sealed (keyseal.go), and
// Convert seals or opens an existing keystore in place.
package state
