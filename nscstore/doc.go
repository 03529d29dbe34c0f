// Package nscstore reads a store written by nsc, the NATS command-line
// tool, so that natsplan can adopt a deployment nsc built.
//
// nsc keeps one folder per operator under its stores directory:
//
//	<stores>/<operator>/.nsc                                 {"name": ...}
//	<stores>/<operator>/<operator>.jwt                       the operator
//	<stores>/<operator>/accounts/<account>/<account>.jwt     each account
//	<stores>/<operator>/accounts/<account>/users/<user>.jwt  its users
//
// and its seeds apart, in a keys directory (NKEYS_PATH, by default
// ~/.local/share/nats/nsc/keys) laid out as keys/<O|A|U>/<2 chars>/<public
// key>.nk, the layout natsplan's keystore also reads.
//
// A store is untrusted input, like everything natsplan reads but its own
// keystore: Open decodes every JWT, verifies its signature, its type and
// its issuer chain up to the operator, and fails naming the file of the
// first JWT that does not hold. Nothing here writes: the store and the
// keys directory are only ever read.
//
// Neighbours: package adopt turns a Store into natsplan configuration and
// state; cmd/natsplan's adopt command wires the two to the file system.
package nscstore
