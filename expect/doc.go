// Package expect runs a repository's access expectations: the expect
// blocks of tests/*.test.hcl, beside the configuration (never loaded as
// configuration). Each says that a user can, or cannot, request a
// subject in an account, receive a stream from one, publish or subscribe.
//
// Every expectation is checked twice, independently, against the planned
// configuration: by the access analysis, and on an embedded nats-server in
// operator mode that is loaded with the planned claims re-signed by
// throwaway keys made in memory (the real keys are never needed, so the
// check runs in an untrusted pull-request job), with real clients. When
// the two disagree, that is a failure of natsplan itself, reported with
// both answers.
package expect
