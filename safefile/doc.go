// Package safefile decides where natsplan may write a file it was asked
// to write, and writes it so that no reader and no crash sees half of it.
//
// Every path natsplan writes on request (a grant's token_file, creds -o,
// export-keys -nsc, plan -out) comes from someone who may not be trusted:
// the configuration arrives in pull requests, and a command line may be
// scripted from one. A Guard holds what such a write must never touch:
// the state file, its backup and its lock, and everything in the keystore.
// It compares paths after resolving symbolic links, so a link that points
// at the state is refused like the state's own name; a token_file must
// also lie inside the configuration directory.
//
// Write and Stage replace a file by writing a temp file beside it,
// fsyncing it and renaming it over the name (then fsyncing the
// directory). When the name is a symbolic link, the file it points to is
// replaced and the link stays. Stage keeps the temp file until Commit,
// so a caller can make sure every file can be written before it changes
// anything, and make them all appear once the state that names them is
// written.
//
// Neighbours: apply stages token files around state.Write; the CLI checks
// its output flags and turns a refused token_file into a diagnostic.
// safefile knows nothing of HCL, plans or keys.
package safefile
