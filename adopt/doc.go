// Package adopt turns an nsc store into natsplan configuration and state,
// so that a deployment nsc built is managed by natsplan from then on with
// no key changed and no JWT re-signed.
//
// Convert writes one block per entity (names from the JWTs, made into
// valid labels), a state holding every JWT byte for byte as nsc wrote it
// with the digests the planner computes for those claims, and the list of
// keys whose seeds to copy. It then checks itself: the configuration is
// loaded and planned against the state, and every claim the plan would
// change is a Finding, with the entity and the JWT field, since that is
// something the language could not express. An empty list means the first
// plan after adopting says "No changes."
//
// Activation tokens issued by an account of the store become grants whose
// state JWT is nsc's token; tokens from outside stay on the import.
//
// Neighbours: nscstore reads and verifies the store; lang and planner are
// used, read only, for the self-check; cmd/natsplan's adopt command writes
// the results and copies the seeds (CopySeeds) into natsplan's keystore.
package adopt
