// Package accessgen generates random NATS configurations as claims and
// JWTs, signed with throwaway keys made in memory: accounts with exports,
// imports (with activation tokens, some expired or revoked), mappings,
// default permissions, revocations and scoped signing keys, and users
// with random permissions, bearer tokens, connection types and expiries.
// The access analysis' differential tests ask questions of them, of the
// analysis and of an embedded nats-server.
package accessgen
