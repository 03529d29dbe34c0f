// Command natsplan manages NATS decentralized authentication as code:
// HCL files declare the operator, accounts, users, exports, imports and
// grants; `natsplan plan` shows what would change at the level of claims;
// `natsplan apply` generates keys, signs what changed and writes state.
//
// This package holds flags, commands, exit codes and the choice of view.
// Everything a command does is a call into lang, planner, apply, state,
// live or view, so package tests reach all of the logic.
package main
