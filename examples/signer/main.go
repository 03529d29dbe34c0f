// Command signer is an example natsplan signer (docs/signer.md): it keeps
// nkey seeds in a directory and signs for natsplan over JSON lines on
// stdin and stdout, so that no seed enters natsplan's process.
//
//	natsplan apply -signer='signer -dir /secure/nkeys -create'
//
// -dir holds one <public key>.nk file per key (0600, in a 0700 directory;
// any nsc keystore works too, its files are found recursively). With
// -create, natsplan's new keys are made here. Use it as a starting point
// for an adapter to a KMS or Vault's transit engine.
package main

import (
	"os"

	"github.com/natsplan/natsplan/examples/signer/nkeysigner"
)

func main() { os.Exit(nkeysigner.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
