package lang

import (
	"strings"
	"testing"
)

func TestSubjectSyntax(t *testing.T) {
	valid := []string{"a", "help", "help.>", ">", "*", "a.*.c", "*.*", "$SYS.req", "help.ABCDEF", "a-b_c.d", "sports.$1"}
	for _, s := range valid {
		if p := subjectProblem(s); p != "" {
			t.Errorf("subjectProblem(%q) = %q, want valid", s, p)
		}
	}
	invalid := map[string]string{
		"":       "empty",
		"a..b":   "empty token",
		".a":     "starts with a dot",
		"a.":     "ends with a dot",
		".":      "starts with a dot",
		"a b":    "whitespace",
		"a\tb":   "whitespace",
		"a.\n":   "whitespace",
		">.a":    "last token",
		"a.>.b":  "last token",
		"a*":     "whole token",
		"a.*b.c": "whole token",
		"a.b>":   "whole token",
		"**":     "whole token",
	}
	for s, want := range invalid {
		if p := subjectProblem(s); !strings.Contains(p, want) {
			t.Errorf("subjectProblem(%q) = %q, want it to mention %q", s, p, want)
		}
	}
}

func TestSubjectContains(t *testing.T) {
	key := PendingKey("account.AccountC")
	tests := []struct {
		outer, inner string
		want         bool
	}{
		{"help", "help", true},
		{"help", "helpx", false},
		{"help.>", "help." + key, true},
		{"help.>", "help", false},
		{"help.>", "help.a.b.c", true},
		{"help.>", "help.*", true},
		{"help.>", "help.>", true},
		{"help.>", "help.*.>", true},
		{">", "a", true},
		{">", ">", true},
		{"help.*", "help.x", true},
		{"help.*", "help.*", true},
		{"help.*", "help.>", false}, // > may span more tokens than *
		{"help.*", "help.x.y", false},
		{"help.*", "help", false},
		{"help.x", "help.*", false}, // * is wider than a literal
		{"help.x", "help.>", false},
		{"help.*.>", "help.a.b", true},
		{"help.*.>", "help.a", false},
		{"a.*.c", "a.b.c", true},
		{"a.*.c", "a.b.d", false},
		{"help." + key, "help." + key, true},
		{"help." + key, "help." + PendingKey("account.B"), false},
	}
	for _, tc := range tests {
		if got := subjectContains(tc.outer, tc.inner); got != tc.want {
			t.Errorf("subjectContains(%q, %q) = %v, want %v", tc.outer, tc.inner, got, tc.want)
		}
	}
}

func TestLocalSubject(t *testing.T) {
	tests := []struct {
		local, remote string
		problems      []string // phrases, one per expected problem
	}{
		{"help", "help." + PendingKey("account.C"), nil},
		{"mine.>", "theirs.>", nil},
		{"mine.*", "theirs.*", nil},
		{"mine.$1", "theirs.*", nil},
		{"$2.$1", "a.*.*", nil},
		{"x.*.$1", "a.*.*", nil},
		{"mine", "theirs.>", []string{"end in >"}},
		{"mine.>", "theirs", []string{"end in >"}},
		{"mine", "theirs.*", []string{"accounts for 0"}},
		{"mine.*.*", "theirs.*", []string{"accounts for 2"}},
		{"mine.$2", "theirs.*", []string{"Reference $2", "accounts for 0"}},
		{"mine.$0", "theirs.*", []string{"Reference $0", "accounts for 0"}},
		{"mine.$x", "theirs.*", []string{"accounts for 0"}}, // $x is a literal
		{"mine.*", "theirs.>", []string{"end in >", "accounts for 1"}},
	}
	for _, tc := range tests {
		got := localSubjectProblems(tc.local, tc.remote)
		if len(got) != len(tc.problems) {
			t.Errorf("localSubjectProblems(%q, %q) = %q, want %d problems", tc.local, tc.remote, got, len(tc.problems))
			continue
		}
		for i, want := range tc.problems {
			if !strings.Contains(got[i], want) {
				t.Errorf("localSubjectProblems(%q, %q)[%d] = %q, want it to mention %q", tc.local, tc.remote, i, got[i], want)
			}
		}
	}
}
