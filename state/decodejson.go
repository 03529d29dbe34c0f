package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unsafe"
)

// decodeFast is decodeJSON with encoding/json behind it: when the lexer
// refuses a file for any reason but a repeated key, decodeStd gets the
// last word. So the lexer only ever makes reading faster: a field added to
// the state types but not yet to the lexer costs speed, not correctness.
// The lexer's error is the one reported, since it says where. With lz set
// it reads as ReadLazy does (lazyread.go); encoding/json, when it has the
// last word, reads every JWT.
func decodeFast(data []byte, lz *lazyRead) (*State, error) {
	if !handCoded {
		return decodeStd(data)
	}
	s, err := decodeJSON(data, lz)
	if err == nil || errors.Is(err, errDuplicate) {
		return s, err
	}
	if s, serr := decodeStd(data); serr == nil {
		return s, nil
	}
	return nil, err
}

// decodeStd reads a state file with encoding/json, strictly.
func decodeStd(data []byte) (*State, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s State
	if err := dec.Decode(&s); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON document")
	}
	return &s, nil
}

// decodeJSON parses a state file into a State as encoding/json would with
// DisallowUnknownFields (field names matched exactly, then ignoring case;
// null leaving a value as it is), except that it refuses an object with
// the same key twice. The tests hold it to encoding/json on every field
// and FuzzDecode on any input.
//
// The strings of the result share data's memory, so data must not be
// modified afterwards; unless lz is set: then they are copies, and plain
// JWTs are left in data (lazyread.go).
func decodeJSON(data []byte, lz *lazyRead) (*State, error) {
	l := &lexer{src: unsafe.String(unsafe.SliceData(data), len(data)), lz: lz}
	s := &State{}
	if isNull, err := l.null(); err != nil {
		return nil, err
	} else if !isNull {
		if err := l.object(l.stateField(s)); err != nil {
			return nil, err
		}
	}
	if _, err := l.next(); !errors.Is(err, errTruncated) {
		return nil, errors.New("unexpected data after the JSON document")
	}
	return s, nil
}

// The JSON names of the fields of State, Resource and Revocation, in the
// order of the switches below.
var (
	stateFields    = []string{"version", "lineage", "serial", "natsplan_version", "resources"}
	resourceFields = []string{"kind", "name", "public_key", "issuer", "iat", "jwt", "digest", "export", "revocations",
		"signing_keys", "prevent_destroy", "claim_name"}
	revocationFields = []string{"export", "public_key", "at", "address"}
)

// fields tracks the keys of one object: which field each names, and
// whether one came twice.
type fields struct {
	names []string
	seen  uint32
}

// index returns the field key names, or an error for an unknown or
// repeated one.
func (f *fields) index(l *lexer, key string) (int, error) {
	i := fieldIndex(key, f.names)
	if i < 0 {
		return 0, l.failAt(l.keyPos, "unknown field %q", key)
	}
	if f.seen&(1<<i) != 0 {
		return 0, l.failAt(l.keyPos, "%w %q", errDuplicate, key)
	}
	f.seen |= 1 << i
	return i, nil
}

// fieldIndex matches as encoding/json does: exact name first, then
// equal under Unicode case folding.
func fieldIndex(key string, names []string) int {
	for i, n := range names {
		if key == n {
			return i
		}
	}
	for i, n := range names {
		if strings.EqualFold(key, n) {
			return i
		}
	}
	return -1
}

func (l *lexer) stateField(s *State) func(string) error {
	f := fields{names: stateFields}
	return func(key string) error {
		i, err := f.index(l, key)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			v := int64(s.Version)
			err := l.int64(&v, strconvIntSize)
			s.Version = int(v)
			return err
		case 1:
			return l.string(&s.Lineage)
		case 2:
			return l.uint64(&s.Serial)
		case 3:
			return l.string(&s.NatsplanVersion)
		}
		return l.resources(&s.Resources)
	}
}

// strconvIntSize is the size of int, which Version is.
const strconvIntSize = 32 << (^uint(0) >> 63)

func (l *lexer) resources(m *map[string]*Resource) error {
	if isNull, err := l.null(); isNull || err != nil {
		if isNull {
			*m = nil
		}
		return err
	}
	*m = map[string]*Resource{}
	return l.object(func(addr string) error {
		if _, dup := (*m)[addr]; dup {
			return l.fail("%w: resource %q appears twice", errDuplicate, addr)
		}
		r, err := l.resource()
		(*m)[l.keep(addr)] = r
		l.progress()
		return err
	})
}

// resource reads one resource; null gives nil, as encoding/json does.
func (l *lexer) resource() (*Resource, error) {
	if isNull, err := l.null(); isNull || err != nil {
		return nil, err
	}
	r := &Resource{}
	f := fields{names: resourceFields}
	err := l.object(func(key string) error {
		i, err := f.index(l, key)
		if err != nil {
			return err
		}
		switch i {
		case 0:
			return l.sharedString((*string)(&r.Kind))
		case 1:
			return l.string(&r.Name)
		case 2:
			return l.string(&r.PublicKey)
		case 3:
			return l.sharedString(&r.Issuer)
		case 4:
			return l.int64(&r.IssuedAt, 64)
		case 5:
			return l.jwt(r)
		case 6:
			return l.string(&r.Digest)
		case 7:
			return l.string(&r.Export)
		case 8:
			return l.revocations(&r.Revocations)
		case 9:
			return l.stringMap(&r.SigningKeys)
		case 10:
			return l.bool(&r.PreventDestroy)
		}
		return l.string(&r.ClaimName)
	})
	return r, err
}

// revocations reads a list; null gives nil and [] an empty list, and a
// null element a zero entry, all as encoding/json does.
func (l *lexer) revocations(list *[]Revocation) error {
	if isNull, err := l.null(); isNull || err != nil {
		return err
	}
	*list = []Revocation{}
	return l.array(func() error {
		var r Revocation
		if isNull, err := l.null(); isNull || err != nil {
			*list = append(*list, r)
			return err
		}
		f := fields{names: revocationFields}
		err := l.object(func(key string) error {
			i, err := f.index(l, key)
			if err != nil {
				return err
			}
			switch i {
			case 0:
				return l.string(&r.Export)
			case 1:
				return l.string(&r.PublicKey)
			case 2:
				return l.int64(&r.At, 64)
			}
			return l.string(&r.Address)
		})
		*list = append(*list, r)
		return err
	})
}
