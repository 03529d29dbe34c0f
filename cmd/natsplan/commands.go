package main

// commands is every natsplan command, with what help says about it. It
// is filled in init because help and completion read it.
var commands map[string]command

func init() {
	commands = map[string]command{
		"validate": {run: cmdValidate, synopsis: "Check the configuration and report every problem at once",
			help: "Validate reads the *.hcl files of the configuration directory and reports every problem at " +
				"once: syntax, unknown blocks and arguments, references, and what jwt/v2 would refuse in the claims " +
				"they declare. It reads no keys and changes nothing; with -state it also verifies every JWT in the state."},
		"fmt": {run: cmdFmt, args: "[TARGET...]", max: -1, synopsis: "Rewrite *.hcl files in the canonical format",
			help: "Fmt rewrites the configuration files (*.hcl and *.natsplanvars) in the canonical layout, which " +
				"never changes their meaning. TARGET is a file or a directory; by default the configuration " +
				"directory. A file that does not parse is reported and left as it is, and fmt fails."},
		"plan": {run: cmdPlan, synopsis: "Show what apply would change, at the level of claims",
			help: "Plan compares the configuration with the state and shows what apply would do: entities to " +
				"create, update, re-sign or delete, and each changed claim. It reads no seeds and writes nothing " +
				"but the -out file, so it is safe to run on a pull request; apply PLANFILE then signs exactly what it showed."},
		"apply": {run: cmdApply, args: "[PLANFILE]", max: 1, synopsis: "Generate keys, sign what changed and write state",
			help: "Apply makes the keys of new entities, signs the JWTs that changed and writes the state, after " +
				"showing the plan and asking for \"yes\". Given PLANFILE, a plan saved with plan -out, it asks " +
				"nothing and refuses unless the configuration and state still give exactly that plan."},
		"show": {run: cmdShow, args: "[PLANFILE]", max: 1, synopsis: "Describe what the state holds, or what a saved plan will do",
			help: "Show describes what the state holds: the operator, its accounts and users with their public " +
				"keys, exports, imports, grants and every claim of their JWTs. Given PLANFILE, a plan saved with " +
				"plan -out, it plans again, refuses the file as apply would, and shows the plan apply will sign " +
				"(text, -json or -markdown). It reads no seeds."},
		"adopt": {run: cmdAdopt, synopsis: "Turn an nsc store (or a resolver's accounts) into configuration, state and keystore, changing nothing",
			help: "Adopt reads an nsc store (-nsc, its keys from -keys) or the accounts a resolver holds (-server), " +
				"and writes the configuration (-out, default adopted.hcl), the state with every JWT as nsc signed it, " +
				"and the seeds it finds into the keystore, so that the first plan says \"No changes.\" It never " +
				"writes into the store, and refuses where a state or *.hcl exists unless -force."},
		"export": {run: cmdExport, synopsis: "Write the state as an nsc store (JWTs and keys in nsc's layout), the way back from adopt",
			help: "Export writes the operator, account and user JWTs of the state into -nsc in nsc's layout and " +
				"their seeds into -keys, so that nsc's own commands work on the result."},
		"graph": {run: cmdGraph, synopsis: "Draw accounts, users, exports and imports as Graphviz DOT or Mermaid",
			help: "Graph writes the tree of the configuration as Graphviz DOT (default) or Mermaid " +
				"(-format=mermaid): operator, accounts, users, exports, imports as edges from exporter to importer, " +
				"grants and signing keys. Given a saved plan, it colours what that plan adds, changes and removes."},
		"access": {run: cmdAccess, args: "[check|changes] [flags]", max: -1, synopsis: "Who can reach what: every user's access, a plan's access changes, or one question",
			help: "Access lists what every user can reach (which services it can request in which accounts, which " +
				"streams reach it), computed from the claims alone. access changes shows what the plan opens and " +
				"closes, and access check answers one question, exiting 0 allowed, 2 denied, 3 unknown. " +
				"docs/access.md explains the model."},
		"access check": {run: func(c *cli, args []string) int { return cmdAccess(c, append([]string{"check"}, args...)) }, synopsis: "Answer whether one user can request, subscribe or publish",
			help: "Access check answers one question about a user (or each user of an account): can its request " +
				"on a subject reach a service, can a message published in another account reach its subscription, " +
				"can it publish; it prints the path the message takes or the rule that stops it. " +
				"Exit 0 allowed, 2 denied, 3 unknown, 1 error."},
		"access changes": {run: func(c *cli, args []string) int { return cmdAccess(c, append([]string{"changes"}, args...)) }, synopsis: "Show the access the plan opens and closes",
			help: "Access changes compares the access of the state with that of the configuration as planned and " +
				"lists what opens (+) and what closes (-), user by user."},
		"test": {run: cmdTest, synopsis: "Check tests/*.test.hcl expectations by analysis and on an embedded nats-server",
			help: "Test checks every expectation in tests/*.test.hcl against the planned configuration, by the " +
				"access analysis and on an embedded nats-server loaded with the planned claims signed by throwaway " +
				"keys (no real key is needed). A disagreement between the two is a failure of natsplan itself."},
		"creds": {run: cmdCreds, args: "ACCOUNT USER", min: 2, max: 2, synopsis: "Write a NATS creds file for a user",
			help: "Creds writes the creds file of USER in ACCOUNT (the user's JWT from the state and its seed from " +
				"the keystore) to stdout, or with -o to a file at mode 0600. It is the one command whose output holds a seed."},
		"export-keys": {run: cmdExportKeys, synopsis: "Copy the seeds the state names into a keystore in nsc's layout",
			help: "Export-keys copies the seed of every key the state names into the -nsc directory, in the " +
				"layout nsc reads (NKEYS_PATH). Keys already there are kept; a different seed under the same public key is an error."},
		"server-config": {run: cmdServerConfig, synopsis: "Print a nats-server configuration for the applied state",
			help: "Server-config prints a nats-server configuration for the applied state: the operator JWT, the " +
				"system account and a resolver, memory (every account preloaded) or full (accounts pushed with natsplan push)."},
		"force-unlock": {run: cmdForceUnlock, args: "LOCK_ID", min: 1, max: 1, synopsis: "Remove a state lock left by a process that is gone",
			help: "Force-unlock removes the state lock with id LOCK_ID, for a lock whose holder is known to be " +
				"gone (for example a run on another host). The id is in the message of the command that found the lock."},
		"push": {run: cmdPush, synopsis: "Send the account JWTs to the servers' resolvers and check they hold them",
			help: "Push sends every account JWT of the state to the servers' full resolvers, checks that each " +
				"server holds it, and deletes from them the accounts of this operator the state no longer holds. " +
				"It fails, naming server and account, on any refusal or missing answer."},
		"serve": {run: cmdServe, synopsis: "Run a nats-server in operator mode with the applied state, until interrupted",
			help: "Serve runs a nats-server inside natsplan, in operator mode with a full resolver holding the " +
				"applied state, until interrupted: the way to try natsplan with nothing else installed. " +
				"apply -push against it changes accounts without a restart."},
		"state": {run: cmdState, args: "list|show|rm|mv [args]", max: -1, synopsis: "List, show, forget or rename entities in the state",
			help: "State reads and edits the state as terraform state does: state list prints every address, " +
				"state show ADDRESS one entity with its claims, state rm ADDRESS forgets entities without revoking " +
				"them, and state mv FROM TO renames one, keeping its keys; state pull, push, migrate and history move a " +
				"state between a file and a JetStream bucket and recover earlier serials. rm and mv take the lock and keep the " +
				"previous state as the backup, like apply; natsplan state SUBCOMMAND -h shows each one's flags."},
		"state list": {run: cmdStateList, synopsis: "List the addresses of the state",
			help: "State list prints the address of every entity the state holds, one a line, sorted: the " +
				"operator, accounts, their users and grants. It reads no seeds and takes no lock."},
		"state show": {run: cmdStateShow, args: "ADDRESS", min: 1, max: 1, synopsis: "Show one entity of the state",
			help: "State show prints what the state records of the entity at ADDRESS (kind, name, public key, " +
				"issuer, claims digest, signing keys, revocations) and the claims of its JWT, which it verifies first."},
		"state rm": {run: cmdStateRm, args: "ADDRESS...", min: 1, max: 99, synopsis: "Forget entities without revoking them",
			help: "State rm removes the entities at each ADDRESS, an account with its users, from the state " +
				"without revoking them: their JWTs and creds keep working on servers that hold them, and their " +
				"seeds stay in the keystore. It takes the state lock and keeps the previous state as the backup. " +
				"The operator cannot be removed."},
		"state mv": {run: cmdStateMv, args: "FROM TO", min: 2, max: 2, synopsis: "Rename an entity in the state",
			help: "State mv renames the entity at FROM to TO in the state, an account with its users, keeping its " +
				"keys and JWT, as a moved block does; the next plan re-signs it under the new name. A user stays " +
				"in its account. It takes the state lock and keeps the previous state as the backup."},
		"keys": {run: cmdKeys, args: "encrypt|decrypt [flags]", max: -1, synopsis: "Encrypt the keystore with age, or decrypt it, in place",
			help: "Keys converts the keystore in place, one file at a time and each atomically: keys encrypt seals " +
				"every plain key file to an age recipient, keys decrypt opens every sealed one with the age identity. " +
				"docs/keys.md says where keys can live and what each command needs."},
		"keys encrypt": {run: func(c *cli, args []string) int { return cmdKeys(c, append([]string{"encrypt"}, args...)) },
			synopsis: "Seal every plain key file of the keystore with age",
			help: "Keys encrypt seals every plain seed file of the keystore to the age recipient given (or in " +
				"NATSPLAN_KEYSTORE_AGE_RECIPIENT), one file at a time and each atomically, so that an interrupted run " +
				"leaves a keystore that works and the same command finishes the job."},
		"keys decrypt": {run: func(c *cli, args []string) int { return cmdKeys(c, append([]string{"decrypt"}, args...)) },
			synopsis: "Open every sealed key file of the keystore with the age identity",
			help: "Keys decrypt opens every age-sealed key file of the keystore with the identity (a file, or " +
				"NATSPLAN_KEYSTORE_AGE_IDENTITY holding the identity itself) and writes it back in plain text at " +
				"mode 0600, one file at a time and each atomically."},
		"state pull": {run: cmdStatePull, synopsis: "Print the state in the state file's JSON format",
			help: "State pull prints the state, from the file or the bucket, in the state file's JSON format with " +
				"its serial and lineage; with -serial=N, an earlier serial a bucket keeps (the file keeps one, its backup)."},
		"state push": {run: cmdStatePush, args: "FILE", min: 1, max: 1, synopsis: "Store a state file as the state",
			help: "State push stores the state file FILE as the state, in the file or the bucket, after checking " +
				"that its lineage is the state's and its serial newer (-force skips the checks). It takes the lock; " +
				"the state is verified as apply verifies it before it is stored."},
		"state migrate": {run: cmdStateMigrate, synopsis: "Copy a state between a file and a JetStream bucket",
			help: "State migrate copies a state from a file or a bucket to the state, or to another file or bucket, " +
				"refusing a target that already holds another lineage: the way to move a team's state onto NATS, and back."},
		"state history": {run: cmdStateHistory, synopsis: "List the serials the state keeps: when, and by whom",
			help: "State history lists the serials a state in a bucket keeps, newest first, with when and by whom " +
				"(the lock holder) each was written; state pull -serial=N prints one."},
		"version": {run: cmdVersion, synopsis: "Show the version of natsplan and of the modules it is built with",
			help: "Version prints natsplan's version, the versions of the modules that make and check what it " +
				"signs (jwt/v2, nkeys, hcl, the embedded nats-server) and the Go version, from the build information."},
		"completion": {run: cmdCompletion, args: "bash|zsh", min: 1, max: 1, synopsis: "Print a shell completion script",
			help: "Completion prints a script that completes natsplan's commands and flags in bash or zsh. " +
				"Load it with: source <(natsplan completion bash), or write it to your shell's completion directory."},
		"help": {run: cmdHelp, args: "[COMMAND [SUBCOMMAND]]", max: 2, synopsis: "Show help for natsplan or one of its commands",
			help: "Help lists the commands, or, given COMMAND, shows its usage, what it does and every flag it " +
				"takes with its default. natsplan COMMAND -h shows the same."},
	}
}
