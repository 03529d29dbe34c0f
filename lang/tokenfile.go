package lang

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// CheckTokenFiles asks allowed about the token_file of every grant and
// reports each it refuses on the token_file attribute. The rule lives with
// the caller (which knows where the state and keystore are, see package
// safefile); lang only knows where the attribute is. A token file is
// written by apply from configuration that arrives in pull requests, so
// validate and plan must already show where it would go wrong.
func CheckTokenFiles(cfg *Config, allowed func(path string) error) hcl.Diagnostics {
	if cfg == nil {
		return nil
	}
	var diags hcl.Diagnostics
	first := map[string]*Grant{}
	for _, g := range cfg.Grants {
		if g.TokenFile == "" {
			continue
		}
		if other := first[g.TokenFile]; other != nil {
			rng := g.Ranges.Of("token_file")
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate token file",
				Detail: fmt.Sprintf("grant %q writes its token to %s, which grant %q writes to already; give each grant a file of its own.",
					g.Name, g.TokenFile, other.Name),
				Subject: &rng,
			})
			continue
		}
		first[g.TokenFile] = g
		if err := allowed(g.TokenFile); err != nil {
			rng := g.Ranges.Of("token_file")
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Token file not allowed",
				Detail: fmt.Sprintf("%s. A token_file must name a file inside the configuration directory that is not "+
					"a configuration file, the state, its backup or its lock file, and not in the keystore; symbolic links are followed.", capitalized(err.Error())),
				Subject: &rng,
			})
		}
	}
	return diags
}

// capitalized returns s with its first letter in upper case, to start a
// sentence with an error message (which starts in lower case).
func capitalized(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
