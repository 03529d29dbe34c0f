// Package nkeysigner is the example signer of examples/signer: the
// natsplan signer protocol, version 1 (docs/signer.md), served from a
// directory of nkey seeds. It is a package so that natsplan's tests can
// run the very same code as a command.
package nkeysigner
