package lang

import (
	"strings"
	"testing"
)

// TestMisspelledAttributeSuggests: a misspelled attribute in a reference
// gets "Did you mean" as a misspelled argument or block does; a name
// close to nothing gets no guess.
func TestMisspelledAttributeSuggests(t *testing.T) {
	head := "operator \"O\" {\n  system_account = account.SYS\n}\naccount \"SYS\" {}\nvariable \"teams\" {\n  default = \"t\"\n}\n"
	for _, tc := range []struct{ expr, want string }{
		{"account.SYS.public_ky", `named "public_ky". Did you mean "public_key"?`},
		{"var.tems", `named "tems". Did you mean "teams"?`},
		{"var.zzzzzzzz", `named "zzzzzzzz".`},
	} {
		src := head + "account \"A\" {\n  description = " + tc.expr + "\n}\n"
		_, diags := LoadFiles(map[string][]byte{"c.hcl": []byte(src)}, LoadOptions{})
		var details []string
		for _, d := range diags {
			if d.Summary == "Unsupported attribute" {
				details = append(details, d.Detail)
			}
		}
		if len(details) != 1 || !strings.HasSuffix(details[0], tc.want) {
			t.Errorf("%s: Unsupported attribute details %q, want one ending %q", tc.expr, details, tc.want)
		}
	}
}
