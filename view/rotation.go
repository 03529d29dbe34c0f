package view

// The plan's signing key rotation section (planner.Rotation): per key
// what happens to it and what must be handed out again, and, when the
// servers must learn the operator JWT first, the order of the steps.
// The text, markdown and JSON plans say the same sentences.

import (
	"fmt"
	"strings"

	"github.com/natsplan/natsplan/planner"
	"github.com/natsplan/natsplan/state"
)

// DeployOrder are the steps a plan's apply is followed by when the
// servers must run the new operator JWT before accounts are pushed.
var DeployOrder = []string{
	"1. deploy the new operator JWT to every server (natsplan server-config), restart or reload them",
	"2. natsplan push",
}

// deployIntro introduces DeployOrder in the text and markdown plans.
const deployIntro = "The servers must trust the new operator JWT before the accounts it signs are pushed. After apply:"

// RotationLines says what each signing key rotation of p does.
func RotationLines(p *planner.Plan) []string {
	var out []string
	for _, r := range p.Rotations {
		out = append(out, rotationLines(r)...)
	}
	return out
}

func rotationLines(r *planner.Rotation) []string {
	key := fmt.Sprintf("signing key `%s` (%s)", r.Key, r.PublicKey)
	owner := ownerName(r)
	switch r.State {
	case planner.RotationRetire:
		out := []string{fmt.Sprintf("%s of %s is retiring: it stays in %s's JWT, so what it signed keeps working, "+
			"and signs nothing from now on; %s re-signed: %s", key, owner, r.OwnerName, count(len(r.Resigned), "entity is", "entities are"),
			planner.FirstFew(shortAddrs(r.Resigned), 10))}
		if len(r.Users) > 0 {
			out = append(out, credsLine(r))
		}
		return out
	case planner.RotationCompromised:
		out := []string{fmt.Sprintf("%s of %s is compromised: it is dropped from %s's JWT now, and %s re-signed",
			key, owner, r.OwnerName, count(len(r.Resigned), "entity is", "entities are"))}
		if r.OwnerKind == state.KindOperator {
			return append(out, fmt.Sprintf("every account JWT signing key `%s` signed is refused once the servers run the new "+
				"operator JWT: push the re-signed accounts right after", r.Key))
		}
		if len(r.Users) == 0 {
			return append(out, fmt.Sprintf("signing key `%s` signed no user natsplan manages: no creds file of theirs stops working", r.Key))
		}
		return append(out, fmt.Sprintf("every creds file signing key `%s` issued stops working now: %s (%s)",
			r.Key, count(len(r.Users), "user", "users"), planner.FirstFew(userNames(r.Users), 10)), credsLine(r))
	case planner.RotationRemoved:
		return []string{fmt.Sprintf("%s is dropped from %s: no JWT in the state is signed by it", key, owner)}
	}
	return nil
}

// credsLine says how many creds files must be handed out again.
func credsLine(r *planner.Rotation) string {
	if len(r.Users) == 0 {
		return "no creds file must be handed out again"
	}
	return fmt.Sprintf("%s must be handed out again (natsplan creds ACCOUNT USER gives the new file)",
		count(len(r.Users), "creds file", "creds files"))
}

func ownerName(r *planner.Rotation) string {
	return fmt.Sprintf("%s %s", r.OwnerKind, r.OwnerName)
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// shortAddrs drops the account. prefix, as the plan's labels do.
func shortAddrs(addrs []string) []string {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = strings.TrimPrefix(a, "account.")
	}
	return out
}

// userNames gives users as ACCOUNT USER, the arguments of natsplan creds.
func userNames(addrs []string) []string {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		acct, user, _ := strings.Cut(strings.TrimPrefix(a, "account."), ".user.")
		out[i] = acct + " " + user
	}
	return out
}

// rotationText is the text plan's rotation section, "" when none.
func rotationText(p *planner.Plan) string {
	lines := RotationLines(p)
	if len(lines) == 0 && !p.DeployOperatorFirst {
		return ""
	}
	var b strings.Builder
	if len(lines) > 0 {
		b.WriteString("\nSigning key rotation:\n")
		for _, l := range lines {
			b.WriteString("  - " + l + "\n")
		}
	}
	if p.DeployOperatorFirst {
		b.WriteString("\n" + deployIntro + "\n")
		for _, s := range DeployOrder {
			b.WriteString("  " + s + "\n")
		}
	}
	return b.String()
}

// rotationMarkdown is the markdown plan's rotation section.
func rotationMarkdown(p *planner.Plan) string {
	lines := RotationLines(p)
	if len(lines) == 0 && !p.DeployOperatorFirst {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n### Signing key rotation\n\n")
	for _, l := range lines {
		b.WriteString("- " + mdText(l) + "\n")
	}
	if p.DeployOperatorFirst {
		b.WriteString("\n" + deployIntro + "\n\n")
		for _, s := range DeployOrder {
			b.WriteString(mdText(s) + "\n")
		}
	}
	return b.String()
}

// jsonRotation is one planner.Rotation in plan -json.
type jsonRotation struct {
	Owner     string   `json:"owner"`
	Key       string   `json:"key"`
	PublicKey string   `json:"public_key"`
	State     string   `json:"state"`
	Resigned  []string `json:"resigned"`
	Users     []string `json:"users"`
	Remaining []string `json:"remaining,omitempty"`
	Messages  []string `json:"messages"`
}

func rotationJSON(p *planner.Plan) []jsonRotation {
	var out []jsonRotation
	for _, r := range p.Rotations {
		out = append(out, jsonRotation{Owner: r.Owner, Key: r.Key, PublicKey: r.PublicKey, State: r.State,
			Resigned: nonNil(r.Resigned), Users: nonNil(r.Users), Remaining: r.Remaining, Messages: rotationLines(r)})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
