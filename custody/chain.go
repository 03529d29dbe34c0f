package custody

import (
	"errors"
	"fmt"
	"strings"
)

// Chain asks each custody in turn: the keystore first, then a signer.
// A key in either counts as present.
type Chain []Custody

// Has reports whether any custody of the chain holds pub.
func (c Chain) Has(pub string) bool {
	for _, k := range c {
		if k.Has(pub) {
			return true
		}
	}
	return false
}

// Key returns pub's key from the first custody that holds it.
func (c Chain) Key(pub string) (Key, error) {
	for _, k := range c {
		if k.Has(pub) {
			return k.Key(pub)
		}
	}
	return nil, fmt.Errorf("no key %s in %s: %w", pub, c.Where(), ErrNoKey)
}

// Why joins what each custody says about pub.
func (c Chain) Why(pub string) string {
	var out []string
	for _, k := range c {
		if w := Why(k, pub); w != "" {
			out = append(out, w)
		}
	}
	return strings.Join(out, "; ")
}

// Where names every custody of the chain.
func (c Chain) Where() string {
	names := make([]string, len(c))
	for i, k := range c {
		names[i] = k.Where()
	}
	return strings.Join(names, " or ")
}

// Close closes every custody of the chain.
func (c Chain) Close() error {
	var errs []error
	for _, k := range c {
		errs = append(errs, k.Close())
	}
	return errors.Join(errs...)
}

// Creator returns the custody of the chain that makes new keys, if any.
func (c Chain) Creator() (Creator, bool) {
	for _, k := range c {
		if cr, ok := k.(Creator); ok && cr.CanCreate() {
			return cr, true
		}
	}
	return nil, false
}
