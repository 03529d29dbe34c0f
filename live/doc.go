// Package live connects natsplan's state to running nats-servers: it writes
// server configurations for the applied state and, for servers that are
// already running, pushes account JWTs to their resolvers and reads back
// what they hold to detect drift.
//
// It reads state; it never decides what changes (planner) and never signs
// entities (apply).
package live
