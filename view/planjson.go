package view

import (
	"encoding/json"
	"io"

	"github.com/natsplan/natsplan/planner"
)

// PlanJSONVersion is the format_version of `plan -json` output; see
// docs/json.md for the schema.
const PlanJSONVersion = "1"

type jsonPlan struct {
	FormatVersion string       `json:"format_version"`
	StateLineage  string       `json:"state_lineage"`
	StateSerial   uint64       `json:"state_serial"`
	ConfigDigest  string       `json:"config_digest"`
	Moves         []jsonMove   `json:"moves,omitempty"`
	Changes       []jsonChange `json:"changes"`
	TokenFiles    []jsonToken  `json:"token_files,omitempty"`
	Summary       jsonSummary  `json:"summary"`
	// Rotations are the signing keys the plan rotates out; DeployOrder
	// the steps after apply when servers need the operator JWT first.
	Rotations   []jsonRotation `json:"rotations,omitempty"`
	DeployOrder []string       `json:"deploy_order,omitempty"`
	// AccessChanges is what the plan opens and closes (view/access.go);
	// AccessNote says why it was not computed, when it was not.
	AccessChanges []jsonAccess `json:"access_changes"`
	AccessNote    string       `json:"access_note,omitempty"`
}

// jsonToken is a token file written from the state (planner.TokenFile).
type jsonToken struct {
	Address string `json:"address"`
	Path    string `json:"path"`
	Reason  string `json:"reason"`
}

type jsonMove struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type jsonChange struct {
	Address string `json:"address"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Action  string `json:"action"`
	// ActionReason says why a replacement replaces (Terraform's word
	// for it): "replace_by_request" for -replace, "replace_because_key_edited"
	// for a key edited in the state. PriorKey is the key being replaced.
	ActionReason string     `json:"action_reason,omitempty"`
	PriorKey     string     `json:"prior_key,omitempty"`
	Reasons      []string   `json:"reasons,omitempty"`
	Diff         []jsonAttr `json:"diff"`
}

type jsonAttr struct {
	Action string `json:"action"`
	Key    string `json:"key"`
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Changed is, for a long string value, the span that changed
	// (textdiff.Span), as the text plan shows it.
	Changed string     `json:"changed,omitempty"`
	Block   []jsonAttr `json:"block,omitempty"`
}

type jsonSummary struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"destroy"`
	// TokenFiles counts every token file apply writes; omitted when none.
	TokenFiles int `json:"token_files,omitempty"`
}

// PlanJSON writes the plan as one JSON document, with its Access changes
// (acc; nil: none).
func PlanJSON(w io.Writer, p *planner.Plan, acc *AccessChanges) error {
	out := jsonPlan{FormatVersion: PlanJSONVersion, StateLineage: p.StateLineage,
		StateSerial: p.StateSerial, ConfigDigest: p.ConfigDigest, Changes: []jsonChange{},
		AccessChanges: acc.json()}
	if acc != nil {
		out.AccessNote = acc.Note
	}
	for _, c := range p.Changes {
		jc := jsonChange{Address: c.Address, Kind: string(c.Kind), Name: c.Name,
			Action: ActionName(c.Action), Reasons: c.Reasons, Diff: jsonDiff(c.Diff)}
		if c.Action == planner.Replace {
			jc.ActionReason, jc.PriorKey = replaceReason(c), c.PriorKey
		}
		out.Changes = append(out.Changes, jc)
	}
	for _, m := range p.Moves {
		out.Moves = append(out.Moves, jsonMove{From: m.From, To: m.To})
	}
	for _, f := range p.TokenFiles {
		out.TokenFiles = append(out.TokenFiles, jsonToken{Address: f.Address, Path: f.Path, Reason: f.Reason})
	}
	out.Rotations = rotationJSON(p)
	if p.DeployOperatorFirst {
		out.DeployOrder = DeployOrder
	}
	out.Summary.Add, out.Summary.Change, out.Summary.Destroy = p.Counts()
	out.Summary.TokenFiles = p.TokenFileCount()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// replaceReason tells a replacement -replace asked for from one the
// state's edited key forces: a CI job reading -json must be able to tell
// a requested rotation from an attack on the state.
func replaceReason(c *planner.Change) string {
	if c.Requested {
		return "replace_by_request"
	}
	return "replace_because_key_edited"
}

// ActionName is the word for an action in JSON output.
func ActionName(a planner.Action) string {
	switch a {
	case planner.Create:
		return "create"
	case planner.Update:
		return "update"
	case planner.Delete:
		return "delete"
	case planner.Replace:
		return "replace"
	}
	return "no-op"
}

func jsonDiff(diffs []planner.AttrDiff) []jsonAttr {
	out := make([]jsonAttr, 0, len(diffs))
	for _, d := range diffs {
		changed, _ := changedSpan(d)
		out = append(out, jsonAttr{Action: ActionName(d.Action), Key: d.Key,
			Before: d.Before, After: d.After, Changed: changed, Block: jsonDiff(d.Block)})
	}
	return out
}
