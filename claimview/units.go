package claimview

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/jwt/v2"
)

// render writes a leaf value in its unit. The second result is whether
// the value is the default of its unit regardless of the library (a
// signer that is the owner's own key).
func render(v reflect.Value, u Unit, name Namer) (string, bool) {
	switch u {
	case Text:
		return strconv.Quote(v.String()), false
	case List:
		return list(strings_(v), strconv.Quote), false
	case Size:
		return Bytes(v.Int()), false
	case Duration:
		return time.Duration(v.Int()).String(), false
	case Time:
		return Stamp(v.Int()), false
	case Key:
		return name(v.String()), false
	case Keys:
		return list(strings_(v), func(s string) string { return name(s) }), false
	case Signer:
		n := name(v.String())
		return n, !strings.Contains(n, ".signing_key.")
	case Sampling:
		if v.Int() == int64(jwt.Headers) {
			return "headers", false
		}
		return strconv.FormatInt(v.Int(), 10), false
	case Token:
		return token(v.String(), name), false
	}
	return plain(v), false
}

// plain writes a number or bool, or an enum by its name.
func plain(v reflect.Value) string {
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.String:
		return v.String()
	}
	return fmt.Sprint(v.Interface())
}

func strings_(v reflect.Value) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = v.Index(i).String()
	}
	return out
}

func list(items []string, each func(string) string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = each(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// sizeUnits are the units lang reads, largest first: a size shows in the
// one that gives the smallest whole number.
var sizeUnits = []struct {
	n    int64
	name string
}{
	{1 << 40, "TiB"}, {1e12, "T"}, {1 << 30, "GiB"}, {1e9, "G"},
	{1 << 20, "MiB"}, {1e6, "M"}, {1 << 10, "KiB"}, {1e3, "K"},
}

// Bytes writes a size as the language reads one: 1MiB, 10G, 512; -1
// (unlimited) and 0 as numbers.
func Bytes(n int64) string {
	best, bestQ := strconv.FormatInt(n, 10), n
	if n <= 0 {
		return best
	}
	for _, u := range sizeUnits {
		if n%u.n == 0 && n/u.n < bestQ {
			best, bestQ = strconv.FormatInt(n/u.n, 10)+u.name, n/u.n
		}
	}
	return best
}

// Stamp writes unix seconds as a quoted RFC 3339 UTC time.
func Stamp(unix int64) string {
	return strconv.Quote(time.Unix(unix, 0).UTC().Format(time.RFC3339))
}

// token names an import's activation: by the grant or URL the namer knows
// it as, else by who issued it and when, so that a new token never reads
// like the old one.
func token(tok string, name Namer) string {
	if n := name(tok); n != tok {
		return n
	}
	c, err := jwt.DecodeActivationClaims(tok)
	if err != nil {
		return "token (does not decode)"
	}
	return fmt.Sprintf("token issued by %s at %s", name(c.Issuer), Stamp(c.IssuedAt))
}
