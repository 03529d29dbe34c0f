// Package live connects natsplan's state to running nats-servers: it writes
// server configurations for the applied state, runs one in process
// (serve), pushes account JWTs to the servers' resolvers, deletes the
// accounts the state no longer holds, and reads back what the resolvers
// hold to detect drift.
//
// Everything goes through the system account's request subjects, on
// connections authenticated as a short-lived user that natsplan signs with
// the system account's key (or a creds file):
//
//	$SYS.REQ.SERVER.PING                  discover the servers and their routes
//	$SYS.REQ.SERVER.PING.VARZ             the operator JWT each server runs (issuers.go)
//	$SYS.REQ.CLAIMS.UPDATE                push an account JWT (every server answers)
//	$SYS.REQ.ACCOUNT.<key>.CLAIMS.LOOKUP  read back the JWT a server holds
//	$SYS.REQ.CLAIMS.LIST                  the accounts a server holds
//	$SYS.REQ.CLAIMS.DELETE                delete accounts (signed by the operator)
//
// Requests are pipelined (scatter.go): a batch is sent at once, each
// request with its own reply subject, and answers are collected until
// every expected server has answered or the answers stop coming.
//
// It reads state; it never decides what changes (planner) and never signs
// entities (apply). The only things it signs are its own short-lived
// system user and the operator's delete requests.
package live
