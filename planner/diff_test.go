package planner

import (
	"fmt"
	"strings"
	"testing"

	"github.com/nats-io/jwt/v2"
)

// lines renders diffs as the text plan does, one line per attribute.
func lines(diffs []AttrDiff, indent string) []string {
	var out []string
	for _, d := range diffs {
		switch {
		case d.IsBlock():
			out = append(out, fmt.Sprintf("%s%c %s", indent, d.Action, d.Key))
			out = append(out, lines(d.Block, indent+"  ")...)
		case d.Action == Update:
			out = append(out, fmt.Sprintf("%s%c %s = %s -> %s", indent, d.Action, d.Key, d.Before, d.After))
		case d.Action == Create:
			out = append(out, fmt.Sprintf("%s%c %s = %s", indent, d.Action, d.Key, d.After))
		default:
			out = append(out, fmt.Sprintf("%s%c %s = %s", indent, d.Action, d.Key, d.Before))
		}
	}
	return out
}

func mapped(to ...jwt.WeightedMapping) *jwt.AccountClaims {
	ac := jwt.NewAccountClaims("ADKCEWJ2DLUQGH4GATCC5DBBVQ2SYN3DH3GY6IRISTK5E7EDWCTAH2ZG")
	ac.Mappings["m.*"] = to
	return ac
}

// Mapping destinations have no name: a changed weight shows that
// destination removed and added, an unchanged one not at all, and a
// reordering (order is signed) as a change of each place.
func TestRepeatedBlocksDiffPlaceByPlace(t *testing.T) {
	name := func(k string) string { return k }
	a90 := jwt.WeightedMapping{Subject: "a.$1", Weight: 90}
	a80 := jwt.WeightedMapping{Subject: "a.$1", Weight: 80}
	b10 := jwt.WeightedMapping{Subject: "b.$1", Weight: 10}
	c10 := jwt.WeightedMapping{Subject: "c.$1", Weight: 10}
	cases := []struct {
		before, after *jwt.AccountClaims
		want          string
	}{
		{mapped(a90, b10), mapped(a80, b10, c10), `~ mapping "m.*"|  - destination|    - subject = "a.$1"|    - weight = 90|` +
			`  + destination|    + subject = "a.$1"|    + weight = 80|  + destination|    + subject = "c.$1"|    + weight = 10`},
		{mapped(a90, b10), mapped(b10, a90), `~ mapping "m.*"|  - destination|    - subject = "a.$1"|    - weight = 90|` +
			`  + destination|    + subject = "b.$1"|    + weight = 10|  - destination|    - subject = "b.$1"|    - weight = 10|` +
			`  + destination|    + subject = "a.$1"|    + weight = 90`},
		{mapped(a90, b10), mapped(a90, b10), ``},
	}
	for _, c := range cases {
		got := strings.Join(lines(diffAttrs(Describe(c.before, name), Describe(c.after, name)), ""), "|")
		if got != c.want {
			t.Errorf("diff:\n got %s\nwant %s", got, c.want)
		}
	}
}
