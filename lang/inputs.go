package lang

// What an evaluation read besides the *.hcl files. The configuration's
// digest covers the *.hcl files and the variable values given from
// outside; a file read by file() or a -var-file changes the claims just
// as much, so each is recorded with the digest of the bytes that were
// used. A saved plan keeps this list, and apply refuses a plan whose
// inputs read differently now (planner.Saved.Check).
//
// file() reads each file once per load and hands every later call the
// same bytes: the instances of a for_each, evaluated on several cores,
// must not see two versions of one file, and the digest must be of the
// bytes the claims were built from.

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Kinds of Input.
const (
	InputFile     = "file"     // read by file()
	InputVarFile  = "var-file" // given with -var-file
	InputVariable = "variable" // a variable's value given from outside
)

// Input is one thing an evaluation read besides the *.hcl files: a file
// (Name is its path relative to the configuration directory, or absolute
// outside it) or a variable's value given from outside (Name is the
// variable's). Digest is the hex sha256 of the bytes read, or of the
// variable's type and value; never the value itself.
type Input struct {
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Digest string `json:"digest"`
}

// inputs collects the inputs of one load. file() calls it from several
// goroutines.
type inputs struct {
	dir   string
	mu    sync.Mutex
	read  map[string][]byte // file() contents, by path as opened
	items map[[2]string]string
}

// readInput reads a file for file(); a variable so that a test can count
// the reads.
var readInput = os.ReadFile

func newInputs(dir string) *inputs {
	return &inputs{dir: dir, read: map[string][]byte{}, items: map[[2]string]string{}}
}

// file returns the content of the file at path for file(), reading it
// only the first time this load asks.
func (in *inputs) file(path string) ([]byte, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if b, ok := in.read[path]; ok {
		return b, nil
	}
	b, err := readInput(path)
	if err != nil {
		return nil, err
	}
	in.read[path] = b
	in.items[[2]string{InputFile, in.name(path)}] = digestBytes(b)
	return b, nil
}

// varFile records a -var-file's content.
func (in *inputs) varFile(path string, src []byte) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.items[[2]string{InputVarFile, in.name(path)}] = digestBytes(src)
}

// variables records the values given from outside.
func (in *inputs) variables(outside map[string]cty.Value) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for name, v := range outside {
		ty, _ := ctyjson.MarshalType(v.Type())
		val, _ := ctyjson.Marshal(v, v.Type())
		in.items[[2]string{InputVariable, name}] = digestBytes(append(append(ty, 0), val...))
	}
}

// list returns the inputs sorted by kind and name; nil when there are none.
func (in *inputs) list() []Input {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.items) == 0 {
		return nil
	}
	out := make([]Input, 0, len(in.items))
	for k, d := range in.items {
		out = append(out, Input{Kind: k[0], Name: k[1], Digest: d})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// name is path relative to the configuration directory, so that a plan
// saved in one checkout names the same inputs in another; a path outside
// it stays as it is.
func (in *inputs) name(path string) string {
	rel, err := filepath.Rel(in.dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

func digestBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
