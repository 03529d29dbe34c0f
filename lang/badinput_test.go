package lang

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/nats-io/nkeys"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// badCase is a configuration that must be refused: each want is
// "file:line: Summary", and fix a phrase of the first diagnostic's detail
// that says how to fix it. keys are the public keys of entities that
// exist (as the state gives them to plan); vars are -var flags.
type badCase struct {
	name string
	src  string
	keys map[string]string
	vars []string
	want []string
	fix  string
}

func runBad(t *testing.T, cases []badCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, diags := loadWith(t, tc.src, tc.keys, tc.vars)
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("loading took %s", took)
			}
			got := diagLines(diags)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
				for _, d := range diags {
					t.Logf("%s: %s", d.Summary, d.Detail)
				}
			}
			if len(diags) > 0 && !strings.Contains(diags[0].Detail, tc.fix) {
				t.Errorf("detail %q does not say %q", diags[0].Detail, tc.fix)
			}
			for _, d := range diags {
				if d.Subject == nil || d.Subject.Start.Line == 0 || d.Detail == "" || strings.HasSuffix(d.Summary, ".") {
					t.Errorf("diagnostic %q lacks a place or a detail, or its summary ends in a period", d.Summary)
				}
			}
		})
	}
}

func loadWith(t *testing.T, src string, keys map[string]string, vars []string) (*Config, hcl.Diagnostics) {
	t.Helper()
	opts := LoadOptions{Keys: func(addr string) (string, bool) { k, ok := keys[addr]; return k, ok }}
	if len(vars) > 0 {
		opts.Vars = &Vars{}
		for _, v := range vars {
			if err := opts.Vars.Flag(v); err != nil {
				t.Fatal(err)
			}
		}
	}
	return LoadFiles(map[string][]byte{"a.hcl": []byte(prelude), "c.hcl": []byte(src)}, opts)
}

func accountKey(t *testing.T) string {
	t.Helper()
	kp, err := nkeys.CreateAccount()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// TestBadInputs: configuration that was silently accepted, silently
// changed, or crashed or stalled the loader, gets a diagnostic.
func TestBadInputs(t *testing.T) {
	exp, tp := accountKey(t), accountKey(t)
	keys := map[string]string{"account.Exp": exp, "account.TP": tp}
	tpAccount := "account \"TP\" {\n  service \"tp\" {\n    subject = \"tp.*\"\n    account_token_position = 2\n  }\n}\n"
	deep := func(open string, n int) string { return strings.Repeat(open, n) }
	runBad(t, []badCase{
		{name: "revoke_activations on a public export",
			src: "account \"E\" {\n  service \"s\" {\n    subject = \"s.>\"\n" +
				"    revoke_activations = [\"AD3L5YPNHUCXX7KWNWKWAR6R6QZMGLTQ6B346ZYSZLG2YJHCUFXWA44V\"]\n  }\n}\n",
			want: []string{"c.hcl:4: Revocation on a public export"}, fix: "Set private = true"},
		{name: "account_token_position = 0",
			src:  "account \"E\" {\n  service \"s\" {\n    subject = \"s.*\"\n    account_token_position = 0\n  }\n}\n",
			want: []string{"c.hcl:4: Invalid token position"}, fix: "positions start at 1"},
		{name: "import by the key of a managed account, private export, no grant", keys: keys,
			src:  "account \"A\" {\n  import \"i\" {\n    service = \"priv.x.>\"\n    from    = \"" + exp + "\"\n  }\n}\n",
			want: []string{"c.hcl:3: Missing grant"}, fix: "Add a grant block"},
		{name: "import by the key of a managed account, token position", keys: keys,
			src:  tpAccount + "account \"A\" {\n  import \"i\" {\n    service = \"tp.x\"\n    from    = \"" + tp + "\"\n  }\n}\n",
			want: []string{"c.hcl:8: Import subject lacks the importer's key"}, fix: "account.A.public_key"},
		{name: "import by the key of a managed account, no such export", keys: keys,
			src: "account \"A\" {\n  import \"i\" {\n    service = \"nothing.here\"\n    from    = \"" + exp + "\"\n  }\n}\n",
			// waivable (nsc keeps such an import): an error only for a plan that signs (planner)
			want: []string{"c.hcl:3: warning: Import of a missing export"}, fix: "refuses to sign account.A or account.Exp"},
		{name: "60,000 nested brackets",
			src:  "locals {\n  x = " + deep("[", 60000) + "\n}\n",
			want: []string{"c.hcl:2: Nesting too deep"}, fix: "Flatten the expression"},
		{name: "60,000 nested blocks",
			src:  deep("account \"A\" {\n", 60000),
			want: []string{fmt.Sprintf("c.hcl:%d: Nesting too deep", MaxNesting+1)}, fix: "Flatten"},
		{name: "60,000 negations",
			src:  "locals {\n  x = " + deep("!", 60000) + "true\n}\n",
			want: []string{"c.hcl:2: Nesting too deep"}, fix: "Flatten"},
		{name: "60,000 nested interpolations",
			src:  "locals {\n  x = " + deep("\"${", 60000) + "\n}\n",
			want: []string{"c.hcl:2: Nesting too deep"}, fix: "Flatten"},
		{name: "60,000 nested conditionals",
			src:  "locals {\n  x = " + deep("true ? 1 : ", 60000) + "2\n}\n",
			want: []string{"c.hcl:2: Nesting too deep"}, fix: "Flatten"},
		{name: "60,000 nested template directives",
			src:  "locals {\n  x = <<EOT\n" + deep("%{ if true }", 60000) + "\nEOT\n}\n",
			want: []string{"c.hcl:3: Nesting too deep"}, fix: "Flatten"},
		{name: "deep value in a -var", vars: []string{"v=" + deep("[", 60000)},
			src:  "variable \"v\" { type = list(any) }\n",
			want: []string{"<value for var.v>:1: Nesting too deep"}, fix: "Flatten"},
		{name: "setproduct of three 200-element ranges",
			src:  "locals {\n  x = setproduct(range(200), range(200), range(200))\n}\n",
			want: []string{"c.hcl:2: Error in function call"}, fix: "natsplan builds at most 100000"},
		{name: "a range of a billion",
			src:  "locals {\n  x = range(1000000000)\n}\n",
			want: []string{"c.hcl:2: Error in function call"}, fix: "decrease the difference"},
		{name: "flatten of shared lists",
			src: "locals {\n  a = [for i in range(1000) : i]\n  b = [for i in range(1000) : local.a]\n" +
				"  x = flatten(local.b)\n}\n",
			want: []string{"c.hcl:4: Error in function call"}, fix: "at most 100000"},
		{name: "concat of shared lists",
			src:  "locals {\n  a = [for p in setproduct(range(300), range(200)) : 1]\n  x = concat(local.a, local.a)\n}\n",
			want: []string{"c.hcl:3: Error in function call"}, fix: "at most 100000"},
		{name: "nested for_each past MaxInstances",
			src: "locals {\n  n = toset([for p in setproduct(range(25), range(20)) : \"k${p[0]}_${p[1]}\"])\n}\n" +
				"account \"t\" {\n  for_each = local.n\n  user \"u\" {\n    for_each = local.n\n  }\n}\n",
			want: []string{"c.hcl:7: Invalid for_each argument"}, fix: "Nested for_each multiply"},
	})
}

// TestForEachLimit: a for_each collection of more than MaxElements
// elements makes no instance, whichever way it was built.
func TestForEachLimit(t *testing.T) {
	names := make([]cty.Value, MaxElements+1)
	for i := range names {
		names[i] = cty.StringVal(fmt.Sprintf("k%d", i))
	}
	s := newScope(newKeySource(LoadOptions{}), ".")
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{"names": cty.SetVal(names)})}}
	expr, diags := hclsyntax.ParseExpression([]byte("var.names"), "c.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	insts, diags := s.instances(ctx, &hcl.Attribute{Name: "for_each", Expr: expr, Range: expr.Range()})
	if len(insts) != 0 || len(diags) != 1 || !strings.Contains(diags[0].Detail, "Split the collection") {
		t.Errorf("%d instances, diagnostics %v", len(insts), diags)
	}
}

// TestLargeVariableValue: a variable given more than MaxElements elements
// is refused, quickly, before anything uses it.
func TestLargeVariableValue(t *testing.T) {
	elems := make([]string, MaxElements+1)
	for i := range elems {
		elems[i] = fmt.Sprintf("%q", fmt.Sprintf("k%d", i))
	}
	start := time.Now()
	_, diags := loadWith(t, "variable \"names\" { type = list(string) }\n", nil, []string{"names=[" + strings.Join(elems, ",") + "]"})
	if len(diags) != 1 || diags[0].Summary != "Invalid value for variable" || !strings.Contains(diags[0].Detail, "at most 100000") {
		t.Errorf("diagnostics: %v", diags)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %s", took)
	}
}

// TestLongListsConvertInLinearTime: go-cty's own conversion of a tuple
// to a list compares every pair of elements (a minute for 100,000);
// arguments, variables and function parameters convert in linear time,
// to what cty would make.
func TestLongListsConvertInLinearTime(t *testing.T) {
	src := "locals {\n  many = [for p in setproduct(range(300), range(300)) : \"s${p[0]}x${p[1]}\"]\n" +
		"  joined = join(\",\", local.many)\n  sorted = sort(local.many)\n  set = toset(local.many)\n  list = tolist(local.many)\n}\n" +
		"account \"A\" {\n  user \"u\" { allow_pub = local.many }\n}\n"
	start := time.Now()
	cfg, diags := loadWith(t, src, nil, nil)
	if diags.HasErrors() {
		t.Fatal(diagLines(diags))
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %s", took)
	}
	if got := cfg.Account("A").Users[0].Settings.Permissions.PubAllow; len(got) != 90000 {
		t.Errorf("allow_pub has %d subjects", len(got))
	}
	for _, tc := range []struct {
		v  cty.Value
		ty cty.Type
	}{
		{cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NumberIntVal(1)}), cty.List(cty.String)},
		{cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.NumberIntVal(1)}), cty.List(cty.DynamicPseudoType)},
		{cty.TupleVal([]cty.Value{cty.StringVal("b"), cty.StringVal("a"), cty.StringVal("b")}), cty.Set(cty.String)},
		{cty.ObjectVal(map[string]cty.Value{"x": cty.True, "y": cty.StringVal("z")}), cty.Map(cty.DynamicPseudoType)},
		{cty.TupleVal([]cty.Value{cty.TupleVal([]cty.Value{cty.StringVal("a")}), cty.TupleVal(nil)}), cty.List(cty.List(cty.String))},
		{cty.TupleVal([]cty.Value{cty.NullVal(cty.String), cty.StringVal("a")}), cty.List(cty.String)},
	} {
		want, wantErr := convert.Convert(tc.v, tc.ty)
		got, err := convertValue(tc.v, tc.ty)
		if (err != nil) != (wantErr != nil) || err == nil && !got.RawEquals(want) {
			t.Errorf("convertValue(%#v, %s) = %#v, %v; cty gives %#v, %v", tc.v, tc.ty.FriendlyName(), got, err, want, wantErr)
		}
	}
}

// TestNestingWithinTheLimit: nesting up to the limit parses as before,
// and what looks like nesting inside strings, comments and heredocs does
// not count.
func TestNestingWithinTheLimit(t *testing.T) {
	n := MaxNesting - 10
	for name, src := range map[string]string{
		"brackets":          "locals {\n  x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n}\n",
		"in a string":       "locals {\n  x = \"" + strings.Repeat("[{(", 1000) + "\"\n}\n",
		"escaped":           "locals {\n  x = \"" + strings.Repeat("$${%%{", 1000) + "\"\n}\n",
		"in comments":       "# " + strings.Repeat("[", 1000) + "\n/* " + strings.Repeat("{", 1000) + " */\n// " + strings.Repeat("(", 1000) + "\n",
		"in a heredoc":      "locals {\n  x = <<-EOT\n    " + strings.Repeat("[", 1000) + "\n    EOT\n}\n",
		"many conditionals": "locals {\n  x = [" + strings.Repeat("true ? 1 : 2, ", 1000) + "]\n" + conditionals(300) + "}\n",
		"subtractions":      "locals {\n  x = 1" + strings.Repeat(" - 1", 1000) + "\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, diags := loadWith(t, src, nil, nil)
			if diags.HasErrors() {
				t.Errorf("unexpected: %v", diagLines(diags))
			}
		})
	}
}

// TestDeepFileDiagnosticPrints: the diagnostic of a file nested too deep
// prints with its snippet, without parsing the file again.
func TestDeepFileDiagnosticPrints(t *testing.T) {
	cfg, diags := loadWith(t, "locals {\n  x = "+strings.Repeat("(", 100000)+"\n}\n", nil, nil)
	var b strings.Builder
	w := hcl.NewDiagnosticTextWriter(&b, cfg.DiagnosticFiles(diags), 100, false)
	if err := w.WriteDiagnostics(diags); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Error: Nesting too deep") || !strings.Contains(b.String(), "on c.hcl line 2") {
		t.Errorf("printed:\n%.400s", b.String())
	}
	// fmt leaves such a file as it is, at once: hclwrite would indent
	// 200,000 nested blocks with 40 billion spaces.
	start := time.Now()
	for _, src := range []string{strings.Repeat("a {\n", 200000), "x = " + strings.Repeat("(", 200000)} {
		if got := Format([]byte(src)); string(got) != src {
			t.Errorf("Format changed a file nested too deep")
		}
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("Format took %s", took)
	}
}

// TestImportByManagedKeyWithGrant: a private export imported by the
// exporter's key string, with a grant, is the import of that export and
// carries the grant, exactly as the reference would.
func TestImportByManagedKeyWithGrant(t *testing.T) {
	exp := accountKey(t)
	src := "account \"A\" {\n  import \"i\" {\n    service = \"priv.x.>\"\n    from    = \"" + exp + "\"\n  }\n}\n" +
		"grant \"g\" {\n  service = account.Exp.service.priv\n  to      = account.A\n}\n"
	cfg, diags := loadWith(t, src, map[string]string{"account.Exp": exp}, nil)
	if diags.HasErrors() {
		t.Fatalf("diagnostics: %v", diagLines(diags))
	}
	i := cfg.Account("A").Imports[0]
	if i.From != "Exp" || i.Export != "priv" || i.Grant != "g" || i.External() || i.Subject != "priv.x.>" {
		t.Errorf("import: from %q export %q grant %q external %v subject %q", i.From, i.Export, i.Grant, i.External(), i.Subject)
	}
}

// conditionals is n locals, each a conditional.
func conditionals(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  y%d = true ? 1 : 2\n", i)
	}
	return b.String()
}
