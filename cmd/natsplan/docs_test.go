package main

import (
	"github.com/natsplan/natsplan/expect"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// docFiles are the documents whose examples must work: the README and
// docs/*.md.
func docFiles(t *testing.T) []string {
	files, err := filepath.Glob("../../docs/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no docs: %v", err)
	}
	return append(files, "../../README.md")
}

// docExample is one ```hcl block of a document, with the context it is
// validated in: the configuration of the HTML comment just before it
// (`<!-- validate in: ... -->`), where the line EXAMPLE stands for the
// block, for an example of what goes inside a block; none for a complete
// configuration. An example without an operator block gets docOperator
// in front, so that a top-level block alone is an example too.
type docExample struct {
	file    string
	line    int
	src     string
	context string
	// testFile marks an example of tests/*.test.hcl (the comment
	// `<!-- a test file -->` before it), loaded as natsplan test does.
	testFile bool
}

const docOperator = "operator \"Docs\" {\n  system_account = account.SYS\n}\n\naccount \"SYS\" {}\n\n"

// contextBefore is the configuration of a `<!-- validate in: -->`
// comment that ends text, or "".
func contextBefore(text string) string {
	text = strings.TrimRight(text, " \n")
	if !strings.HasSuffix(text, "-->") {
		return ""
	}
	start := strings.LastIndex(text, "<!-- validate in:\n")
	if start < 0 {
		return ""
	}
	return strings.TrimSuffix(text[start+len("<!-- validate in:\n"):], "-->")
}

func docExamples(t *testing.T, file string) []docExample {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	var out []docExample
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```hcl" {
			continue
		}
		ex := docExample{file: file, line: i + 1}
		before := strings.TrimRight(strings.Join(lines[:i], ""), " \n")
		ex.testFile = strings.HasSuffix(before, "<!-- a test file -->")
		ex.context = contextBefore(before)
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			ex.src += lines[i]
		}
		out = append(out, ex)
	}
	return out
}

// TestDocExamplesValidate: every ```hcl block of the docs and the README
// is a configuration natsplan validate accepts, in its context when it
// has one.
func TestDocExamplesValidate(t *testing.T) {
	n := 0
	for _, file := range docFiles(t) {
		for _, ex := range docExamples(t, file) {
			n++
			src := ex.src
			if ex.testFile {
				// Expectations for natsplan test, not configuration:
				// they must load as tests/*.test.hcl do.
				dir := t.TempDir()
				if err := os.MkdirAll(filepath.Join(dir, expect.Dir), 0o755); err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, expect.Dir, "doc.test.hcl"), src)
				if _, _, diags := expect.Load(dir); diags.HasErrors() {
					t.Errorf("%s:%d: the test file example does not load: %s", ex.file, ex.line, diags.Error())
				}
				continue
			}
			if ex.context != "" {
				if !strings.Contains(ex.context, "EXAMPLE") {
					t.Errorf("%s:%d: the context has no EXAMPLE line", ex.file, ex.line)
					continue
				}
				src = strings.Replace(ex.context, "EXAMPLE", ex.src, 1)
			}
			if !strings.Contains(src, "operator \"") {
				src = docOperator + src
			}
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "main.hcl"), src)
			if code, _, stderr := natsplan(t, dir, "validate", "-no-color"); code != exitOK {
				t.Errorf("%s:%d: the example does not validate:\n%s\n%s", ex.file, ex.line, src, stderr)
			}
		}
	}
	if n < 10 {
		t.Fatalf("found %d hcl examples; the docs have more", n)
	}
}

// blockSpan is an inline code span that is a one-line block, such as
// `limits { connections = 10 }`.
var blockSpan = regexp.MustCompile("`([a-z_]+(?: \"[^\"`]*\")* \\{[^`]*\\})`")

// TestDocInlineBlocksParse: a one-line block quoted in the text of the
// docs parses as HCL: HCL allows one argument in a one-line block, so
// `limits { connections = 10, leaf_nodes = 2 }` would teach what natsplan
// then rejects.
func TestDocInlineBlocksParse(t *testing.T) {
	n := 0
	for _, file := range docFiles(t) {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range blockSpan.FindAllStringSubmatch(line, -1) {
				if strings.HasSuffix(m[1], "{ ... }") {
					continue // a block's name, as in "a `tier "RN" { ... }` block"
				}
				n++
				if _, diags := hclsyntax.ParseConfig([]byte(m[1]), "span.hcl", hcl.InitialPos); diags.HasErrors() {
					t.Errorf("%s:%d: `%s` is not HCL: %s", file, i+1, m[1], diags.Error())
				}
			}
		}
	}
	if n < 10 {
		t.Fatalf("found %d inline blocks; the docs have more", n)
	}
}

// nscFlags reads testdata/nsc-v2.14.0-flags.txt: command -> its flags.
func nscFlags(t *testing.T) map[string]map[string]bool {
	b, err := os.ReadFile("testdata/nsc-v2.14.0-flags.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		cmd, flags, ok := strings.Cut(line, ": ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		out[cmd] = map[string]bool{}
		for _, f := range strings.Fields(flags) {
			out[cmd][f] = true
		}
	}
	return out
}

var (
	nscSpan    = regexp.MustCompile("`(nsc [^`]*)`")
	nscComment = regexp.MustCompile(`#\s+(nsc [^\n]*)`)
	nscSplit   = regexp.MustCompile(`\s*(?:/|,|;| then )\s*(nsc )`)
)

// quotedNsc lists the nsc commands a file quotes: in code spans, and in
// comments ("# nsc ...", continued by a trailing backslash).
func quotedNsc(t *testing.T, file string) []string {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`\\\n\s*#`).ReplaceAllString(string(b), " ")
	var out []string
	for _, re := range []*regexp.Regexp{nscSpan, nscComment} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			for _, c := range strings.Split(nscSplit.ReplaceAllString(m[1], "\n$1"), "\n") {
				out = append(out, strings.TrimSpace(c))
			}
		}
	}
	return out
}

// TestDocNscCommands: the nsc commands quoted in the docs, the README and
// examples/services are commands of nsc v2.14 with flags it accepts
// (`generate activation` has no --service, for one).
func TestDocNscCommands(t *testing.T) {
	known := nscFlags(t)
	files := append(docFiles(t), "../../examples/services/main.hcl")
	n := 0
	for _, file := range files {
		for _, c := range quotedNsc(t, file) {
			n++
			words := strings.Fields(c)[1:]
			var path []string
			for _, w := range words {
				if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "<") {
					break
				}
				path = append(path, w)
			}
			cmd := ""
			for k := len(path); k > 0; k-- {
				if _, ok := known[strings.Join(path[:k], " ")]; ok {
					cmd = strings.Join(path[:k], " ")
					break
				}
			}
			if cmd == "" {
				t.Errorf("%s: %q: nsc v2.14 has no such command", file, c)
				continue
			}
			for _, w := range words {
				flag, _, _ := strings.Cut(w, "=")
				if strings.HasPrefix(flag, "-") && len(flag) > 1 && !known[cmd][flag] && !isNumber(flag) {
					t.Errorf("%s: %q: nsc v2.14's %s has no flag %s", file, c, cmd, flag)
				}
			}
		}
	}
	if n < 50 {
		t.Fatalf("found %d nsc commands; the docs quote more", n)
	}
}

func isNumber(s string) bool {
	return regexp.MustCompile(`^-?\d+$`).MatchString(s)
}

// TestReadmeListsServicesExample: the README's listing of
// examples/services/main.hcl is that file exactly.
func TestReadmeListsServicesExample(t *testing.T) {
	want, err := os.ReadFile("../../examples/services/main.hcl")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "[`examples/services/main.hcl`](examples/services/main.hcl) is that page")
	if !ok {
		t.Fatal("the README no longer introduces the listing of examples/services/main.hcl")
	}
	_, listing, ok := strings.Cut(after, "```hcl\n")
	listing, _, closed := strings.Cut(listing, "\n```\n")
	if !ok || !closed {
		t.Fatal("no hcl block after the README's link to examples/services/main.hcl")
	}
	if listing+"\n" != string(want) {
		t.Errorf("the README's listing differs from examples/services/main.hcl:\n%s", listing)
	}
}
