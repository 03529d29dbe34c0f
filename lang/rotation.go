package lang

// Staged rotation of signing keys. A signing_key block of the operator or
// of an account may say retire = true (nothing is signed by it from now on,
// but it stays listed in its owner's JWT so that what it signed keeps
// working while it is re-signed) or compromised = true (it is dropped from
// its owner's JWT at once). Either way no default signer is chosen among
// such keys and no signed_by may name one: the planner then re-signs what
// the key signed with the key the rules pick now.

// rotation reads retire of the signing_key block b into k, and checks it
// against compromised, which was read when the blocks expanded
// (compromised.go).
func (e *evaluator) rotation(k *SigningKey, b *body) {
	k.Ranges = b.ranges()
	k.Retiring = e.boolean(b.attrs["retire"], false)
	if k.Retiring && k.Compromised {
		e.errorf(k.Ranges.Of("compromised"), "Retiring and compromised signing key",
			"Signing key %q sets both retire and compromised. retire keeps the key listed in %s's JWT while what it "+
				"signed is re-signed; compromised drops it at once, so its creds stop working now. Keep one of them.",
			k.Name, k.Owner)
	}
}

// Usable reports whether k may sign: it is neither retiring nor
// compromised.
func (k *SigningKey) Usable() bool { return !k.Retiring && !k.Compromised }

// RotationState is "retire" or "compromised" for a key being rotated
// out, "" otherwise.
func (k *SigningKey) RotationState() string {
	switch {
	case k.Compromised:
		return "compromised"
	case k.Retiring:
		return "retire"
	}
	return ""
}

// unusableSigner reports a signed_by (at its range in rs) that names a
// retiring or compromised key, and reports whether it did.
func (v *validator) unusableSigner(k *SigningKey, rs Ranges) bool {
	if k == nil || k.Usable() {
		return false
	}
	what := "retiring"
	if k.Compromised {
		what = "compromised"
	}
	v.errorf(rs.Of("signed_by"), "Signing key is "+what,
		"signing key `%s` is %s: nothing may be signed by it from now on. Point signed_by at another signing key, "+
			"or remove signed_by to use the default.", k.Name, what)
	return true
}

// firstUsable returns the first key of keys that may sign and, when
// unscoped is set, is not scoped; nil when there is none.
func firstUsable(keys []*SigningKey, unscoped bool) *SigningKey {
	for _, k := range keys {
		if k.Usable() && (!unscoped || !k.Scoped) {
			return k
		}
	}
	return nil
}
