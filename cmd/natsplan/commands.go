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
		"show": {run: cmdShow, synopsis: "Describe what the state holds",
			help: "Show describes what the state holds: the operator, its accounts and users with their public " +
				"keys, exports, imports and grants. It reads no seeds."},
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
				"them, and state mv FROM TO renames one, keeping its keys. rm and mv take the lock and keep the " +
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
