package lang

import (
	"fmt"
	"strings"
	"testing"
)

// Duplicate labels are found in short lists (searched) and long ones (a
// map), each reported once, at the later block, naming the first.
func TestDuplicateUsersShortAndLong(t *testing.T) {
	for _, n := range []int{5, 40} {
		var b strings.Builder
		b.WriteString("operator \"O\" { system_account = account.SYS }\naccount \"SYS\" {}\naccount \"A\" {\n")
		for i := range n {
			fmt.Fprintf(&b, "  user \"u%d\" {}\n", i)
		}
		b.WriteString("  user \"u3\" {}\n  user \"u1\" {}\n}\n")
		_, diags := LoadFiles(map[string][]byte{"main.hcl": []byte(b.String())}, LoadOptions{})
		var got []string
		for _, d := range diags {
			got = append(got, fmt.Sprintf("%d %s %s", d.Subject.Start.Line, d.Summary, d.Detail[strings.Index(d.Detail, " at "):]))
		}
		want := []string{
			fmt.Sprintf("%d Duplicate user  at main.hcl:7. ", n+4),
			fmt.Sprintf("%d Duplicate user  at main.hcl:5. ", n+5),
		}
		if len(got) != 2 || !strings.HasPrefix(got[0], want[0]) || !strings.HasPrefix(got[1], want[1]) {
			t.Fatalf("%d users: %q, want prefixes %q", n, got, want)
		}
	}
}
