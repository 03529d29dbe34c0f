package lang

import "testing"

// importFromURL is an import of an unmanaged account's service whose
// token comes from url, with extra lines in the block.
func importFromURL(url, extra string) string {
	return "account \"Imp\" {\n  import \"w\" {\n    service   = \"w.>\"\n" +
		"    from      = \"AD4YEJ2ZCOUO5XDTPPHLOXQF52BLWOJICJL3TL4AXBDSOFYMHVCUXZ5W\"\n" +
		"    token_url = \"" + url + "\"\n" + extra + "  }\n}\n"
}

// A token URL is https unless the import says allow_insecure_url: the
// answer decides what the importer may reach.
func TestTokenURLRules(t *testing.T) {
	runInvalid(t, []invalidCase{
		{name: "plain http", src: importFromURL("http://tokens.example/w.jwt", ""),
			want: []string{"c.hcl:5: Insecure token URL"}, detail: "allow_insecure_url = true"},
		{name: "not a URL", src: importFromURL("ftp://tokens.example/w.jwt", ""),
			want: []string{"c.hcl:5: Invalid token URL"}},
		{name: "credentials", src: importFromURL("https://me:secret@tokens.example/w.jwt", ""),
			want: []string{"c.hcl:5: Credentials in token URL"}},
		{name: "insecure without a URL",
			src:  "account \"Imp\" {\n  import \"p\" {\n    service            = account.Exp.service.pub\n    allow_insecure_url = true\n  }\n}\n",
			want: []string{"c.hcl:4: Insecure URL without a URL"}},
	})
	for _, src := range []string{
		importFromURL("https://tokens.example/w.jwt", ""),
		importFromURL("http://tokens.example/w.jwt", "    allow_insecure_url = true\n"),
	} {
		cfg, diags := loadCase(src, true)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags.Error())
		}
		imp := cfg.Account("Imp").Imports[0]
		if want := imp.TokenURL[:5] == "http:"; imp.AllowInsecureURL != want {
			t.Errorf("%s: AllowInsecureURL = %v", imp.TokenURL, imp.AllowInsecureURL)
		}
	}
}
