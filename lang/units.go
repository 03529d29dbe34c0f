package lang

// Units the way nsc reads them, so that values copied from an nsc command
// mean the same here: sizes with k/m/g/t (powers of 1000) or
// kib/mib/gib/tib (powers of 1024), optionally followed by b; durations as
// Go writes them, plus d, w and y for days, weeks and years of 365 days;
// dates as 2006-01-02 (midnight UTC) or RFC 3339.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var sizeUnits = map[string]int64{
	"": 1, "b": 1,
	"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
	"ki": 1 << 10, "kib": 1 << 10, "mi": 1 << 20, "mib": 1 << 20,
	"gi": 1 << 30, "gib": 1 << 30, "ti": 1 << 40, "tib": 1 << 40,
}

// parseSize reads "1G", "512 MiB", "-1" or "1024" as a number of bytes.
func parseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) })
	num, unit := t, ""
	if i >= 0 {
		num, unit = strings.TrimSpace(t[:i]), t[i:]
	}
	mult, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf("%q has an unknown unit %q; use k, m, g, t (powers of 1000) or kib, mib, gib, tib (powers of 1024)", s, unit)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size such as 1024, \"64k\" or \"1GiB\"", s)
	}
	v := f * float64(mult)
	if v > math.MaxInt64 || v < math.MinInt64 || v != math.Trunc(v) {
		return 0, fmt.Errorf("%q is not a whole number of bytes", s)
	}
	return int64(v), nil
}

var longUnits = map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}

// parseDuration reads "5s", "720h", "30d", "2w" or "1y".
func parseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if n := len(t); n > 1 {
		if unit, ok := longUnits[t[n-1]]; ok {
			k, err := strconv.ParseInt(t[:n-1], 10, 64)
			if err == nil && k >= 0 {
				return time.Duration(k) * unit, nil
			}
		}
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"5s\", \"720h\", \"30d\" or \"1y\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return d, nil
}

// parseTimestamp reads "2030-01-31" (midnight UTC) or an RFC 3339 time.
func parseTimestamp(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	if d, err := time.Parse("2006-01-02", t); err == nil {
		return d, nil
	}
	d, err := time.Parse(time.RFC3339, t)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date such as \"2030-01-31\" or a time such as \"2030-01-31T12:00:00Z\"", s)
	}
	return d, nil
}

// checkTimeOfDay reports whether s is a time of day as jwt/v2 reads it.
func checkTimeOfDay(s string) error {
	if _, err := time.Parse("15:04:05", s); err != nil {
		return fmt.Errorf("%q is not a time of day such as \"08:00:00\"", s)
	}
	return nil
}
