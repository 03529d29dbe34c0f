package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// lexer reads the JSON of a state file. It exists for speed: a state of a
// hundred thousand entities is over 100 MB of JWTs, and encoding/json
// inspects every byte of every string through its state machine. The lexer
// finds the end of a plain string with one IndexByte and hands out
// substrings of the file, which it reads as one string, so decoded values
// share that memory instead of each being copied. Anything unusual (an
// escape, a byte outside ASCII, an unusual number) goes to encoding/json
// for that one token, so values decode exactly as encoding/json would.
type lexer struct {
	src    string
	pos    int
	keyPos int // where the last object key read starts, for messages

	lz *lazyRead // set for ReadLazy
}

// errTruncated marks input that ended inside the document.
var errTruncated = errors.New("the file is empty or truncated")

// errDuplicate marks an object with the same key twice. encoding/json
// keeps the last; a state file with two values for one thing was edited
// or merged by hand, and picking one silently could drop an entity.
var errDuplicate = errors.New("duplicate key")

func (l *lexer) fail(format string, args ...any) error { return l.failAt(l.pos, format, args...) }

// failAt reports a problem at byte offset pos as a line and column.
func (l *lexer) failAt(pos int, format string, args ...any) error {
	line := 1 + strings.Count(l.src[:pos], "\n")
	col := pos - strings.LastIndexByte(l.src[:pos], '\n')
	return fmt.Errorf("line %d, column %d: "+format, append([]any{line, col}, args...)...)
}

// next skips whitespace and returns the next byte without consuming it.
func (l *lexer) next() (byte, error) {
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; c {
		case ' ', '\t', '\n', '\r':
			l.pos++
		default:
			return c, nil
		}
	}
	return 0, errTruncated
}

// expect consumes the byte c, after whitespace.
func (l *lexer) expect(c byte) error {
	got, err := l.next()
	if err != nil {
		return err
	}
	if got != c {
		return l.fail("expected %q, found %q", c, got)
	}
	l.pos++
	return nil
}

// null consumes a null literal if one comes next.
func (l *lexer) null() (bool, error) {
	c, err := l.next()
	if err != nil || c != 'n' {
		return false, err
	}
	if len(l.src)-l.pos < 4 {
		return false, errTruncated
	}
	if l.src[l.pos:l.pos+4] != "null" {
		return false, l.fail("invalid literal")
	}
	l.pos += 4
	return true, nil
}

// object reads {"key": value, ...}, calling field for each key with the
// lexer positioned at the value; field must consume the value.
func (l *lexer) object(field func(key string) error) error {
	if err := l.expect('{'); err != nil {
		return err
	}
	if c, err := l.next(); err != nil {
		return err
	} else if c == '}' {
		l.pos++
		return nil
	}
	for {
		l.next() // skip to the key, so that keyPos is where it starts
		l.keyPos = l.pos
		key, err := l.str()
		if err != nil {
			return err
		}
		if err := l.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		if done, err := l.separator('}', "an object member"); done || err != nil {
			return err
		}
	}
}

// array reads [value, ...], calling elem at each value.
func (l *lexer) array(elem func() error) error {
	if err := l.expect('['); err != nil {
		return err
	}
	if c, err := l.next(); err != nil {
		return err
	} else if c == ']' {
		l.pos++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		if done, err := l.separator(']', "an array element"); done || err != nil {
			return err
		}
	}
}

// separator reads the ',' or the closing byte that follows a member or an
// element; done reports the closing byte.
func (l *lexer) separator(closing byte, after string) (done bool, err error) {
	c, err := l.next()
	if err != nil {
		return false, err
	}
	switch c {
	case ',':
		l.pos++
		return false, nil
	case closing:
		l.pos++
		return true, nil
	}
	return false, l.fail("expected ',' or '%c' after %s, found %q", closing, after, c)
}

// str reads a string. A plain one (printable ASCII, no escape) is a
// substring of the source; any other is decoded by encoding/json.
func (l *lexer) str() (string, error) {
	c, err := l.next()
	if err != nil {
		return "", err
	}
	if c != '"' {
		return "", l.fail("expected a string, found %q", c)
	}
	start := l.pos + 1
	end := strings.IndexByte(l.src[start:], '"')
	if end < 0 {
		return "", errTruncated
	}
	end += start
	if !plain(l.src[start:end]) {
		return l.slowStr(start)
	}
	l.pos = end + 1
	return l.src[start:end], nil
}

// slowStr finds the end of a string that holds escapes or non-ASCII bytes
// and lets encoding/json decode it.
func (l *lexer) slowStr(start int) (string, error) {
	i := start
	for ; i < len(l.src) && l.src[i] != '"'; i++ {
		if l.src[i] == '\\' {
			i++
		}
	}
	if i >= len(l.src) {
		return "", errTruncated
	}
	var s string
	if err := json.Unmarshal([]byte(l.src[start-1:i+1]), &s); err != nil {
		return "", l.fail("invalid string: %v", err)
	}
	l.pos = i + 1
	return s, nil
}

// number reads a JSON number and returns its text.
func (l *lexer) number() (string, error) {
	if _, err := l.next(); err != nil {
		return "", err
	}
	start := l.pos
	for l.pos < len(l.src) && strings.IndexByte("0123456789+-.eE", l.src[l.pos]) >= 0 {
		l.pos++
	}
	tok := l.src[start:l.pos]
	if tok == "" {
		return "", l.fail("expected a number, found %q", l.src[start])
	}
	if !json.Valid([]byte(tok)) {
		if l.pos == len(l.src) {
			return "", errTruncated
		}
		return "", l.fail("invalid number %q", tok)
	}
	return tok, nil
}

// int64 reads an integer field as encoding/json would: null leaves *v as
// it is, anything but an integer literal in range is an error.
func (l *lexer) int64(v *int64, bits int) error {
	if isNull, err := l.null(); isNull || err != nil {
		return err
	}
	tok, err := l.number()
	if err != nil {
		return err
	}
	n, err := strconv.ParseInt(tok, 10, bits)
	if err != nil {
		return l.fail("%s is not an integer of %d bits", tok, bits)
	}
	*v = n
	return nil
}

// uint64 is int64 for an unsigned field.
func (l *lexer) uint64(v *uint64) error {
	if isNull, err := l.null(); isNull || err != nil {
		return err
	}
	tok, err := l.number()
	if err != nil {
		return err
	}
	n, err := strconv.ParseUint(tok, 10, 64)
	if err != nil {
		return l.fail("%s is not an unsigned integer", tok)
	}
	*v = n
	return nil
}

// string reads a string field: null leaves *v as it is.
func (l *lexer) string(v *string) error {
	if isNull, err := l.null(); isNull || err != nil {
		return err
	}
	s, err := l.str()
	if err == nil {
		*v = l.keep(s)
	}
	return err
}

// bool reads a boolean field: null leaves *v as it is.
func (l *lexer) bool(v *bool) error {
	if isNull, err := l.null(); isNull || err != nil {
		return err
	}
	for _, lit := range []string{"true", "false"} {
		if strings.HasPrefix(l.src[l.pos:], lit) {
			l.pos += len(lit)
			*v = lit == "true"
			return nil
		}
		if strings.HasPrefix(lit, l.src[l.pos:]) {
			return errTruncated
		}
	}
	return l.fail("expected true or false, found %q", l.src[l.pos])
}

// stringMap reads an object of strings: null gives nil, a null value the
// empty string, as encoding/json does.
func (l *lexer) stringMap(m *map[string]string) error {
	if isNull, err := l.null(); isNull || err != nil {
		if isNull {
			*m = nil
		}
		return err
	}
	*m = map[string]string{}
	return l.object(func(key string) error {
		if _, dup := (*m)[key]; dup {
			return l.fail("%w %q", errDuplicate, key)
		}
		var v string
		err := l.string(&v)
		(*m)[l.keep(key)] = v
		return err
	})
}
