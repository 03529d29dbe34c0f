// Package access computes who can reach what from claims alone: can a user
// publish a subject, can its request reach a service of another account
// (through which import, export, grant and mapping), can a message
// published in one account reach a user subscribed in another (through
// which stream import). It reads the operator, account, user and
// activation claims a state or a plan holds, never a key or a server.
//
// The rules are nats-server's, as its source states them (server/auth.go,
// accounts.go, client.go, sublist.go), re-stated here for claims; a
// differential test checks the verdicts against an embedded server with
// real clients. Whatever the analysis cannot decide exactly (time-of-day
// limits, source networks, overlapping mappings, chained imports, ...) it
// answers Unknown with the reason, rather than guess. docs/access.md has
// the model.
package access
