package main

import (
	"fmt"
)

// cmdKeys converts the keystore in place: `keys encrypt -recipient=age1...`
// seals every plain key file with age, `keys decrypt` opens every sealed
// one with the identity (-keystore-age-identity or
// NATSPLAN_KEYSTORE_AGE_IDENTITY). One file at a time, each atomically
// (state.Keystore.Convert): a keystore interrupted midway still works,
// and the same command finishes the job.
// keysSubcommands are the subcommands of keys, each a command of its own
// in the table (commands.go).
var keysSubcommands = []string{"encrypt", "decrypt"}

func cmdKeys(c *cli, args []string) int {
	if len(args) == 0 || (args[0] != "encrypt" && args[0] != "decrypt") {
		if _, ok := parse(c.flags("keys"), args); !ok { // keys -h
			return exitError
		}
		c.errorf("usage: natsplan keys encrypt -recipient=age1... | natsplan keys decrypt [-keystore-age-identity=FILE]")
		return exitError
	}
	op := args[0]
	fs := c.flags("keys " + op)
	ws := c.workspace(fs)
	recipient := fs.String("recipient", "", "age recipient to encrypt the keystore to (keys encrypt)")
	pos, ok := parse(fs, args[1:])
	if !ok {
		return exitError
	}
	if len(pos) > 0 {
		c.errorf("keys %s takes no arguments, only flags (got %q)", op, pos[0])
		return exitError
	}
	if *recipient == "" {
		*recipient = ws.keys.ageRecipient
	}
	if op == "encrypt" && *recipient == "" {
		c.errorf("keys encrypt needs -recipient=age1... (or NATSPLAN_KEYSTORE_AGE_RECIPIENT): the age recipient whose identity will read the keystore")
		return exitError
	}
	if op == "decrypt" {
		*recipient = "" // decrypting writes plain files: nothing is sealed
	}
	ws.keys.ageRecipient = *recipient
	ks, ok := ws.keystore()
	if !ok {
		return exitError
	}
	if op == "decrypt" && ks.Open == nil {
		c.errorf("keys decrypt needs the age identity: -keystore-age-identity=FILE or NATSPLAN_KEYSTORE_AGE_IDENTITY")
		return exitError
	}
	n, err := ks.Convert(op == "encrypt")
	if err != nil {
		c.errorf("%v", err)
		c.errorf("%d key files were converted before this one; every key is still readable. Fix the cause and run keys %s again to finish", n, op)
		return exitError
	}
	fmt.Fprintf(c.stdout, "%sed %d key files in %s.\n", map[string]string{"encrypt": "Encrypt", "decrypt": "Decrypt"}[op], n, ws.keystoreDir)
	return exitOK
}
