package lang

// assignKeys gives every entity that has a key its public key: the one it
// already has, or a new one (LoadOptions.NewKeys), or a placeholder. The
// addresses are gathered first so that new keys are made in one batch. A
// compromised signing key gets only the key it already has, if any: no
// key is ever made for it, since nothing may be signed by it or carry it.
func (m *module) assignKeys(keys *keySource) {
	slots := m.keySlots()
	if keys.newKeys != nil {
		addrs := make([]string, 0, len(slots))
		for _, s := range slots {
			if !s.knownOnly {
				addrs = append(addrs, s.addr)
			}
		}
		keys.prepare(addrs)
	}
	for _, s := range slots {
		if s.knownOnly {
			*s.key, _ = keys.known(s.addr)
			continue
		}
		*s.key = keys.key(s.addr)
	}
}

// keySlot is a keyed entity's address and where its public key goes;
// knownOnly slots take an existing key or none (compromised keys).
type keySlot struct {
	addr      string
	key       *string
	knownOnly bool
}

// keySlots lists every keyed entity: accounts with their users and signing
// keys, then operators with their signing keys.
func (m *module) keySlots() []keySlot {
	var out []keySlot
	for _, a := range m.accountDecls {
		out = append(out, keySlot{a.Address(), &a.PublicKey, false})
		for _, u := range a.Users {
			out = append(out, keySlot{u.Address(), &u.PublicKey, false})
		}
		for _, sk := range a.SigningKeys {
			out = append(out, keySlot{sk.Address(), &sk.PublicKey, sk.Compromised})
		}
	}
	for _, op := range m.operators {
		out = append(out, keySlot{op.Address(), &op.PublicKey, false})
		for _, sk := range op.SigningKeys {
			out = append(out, keySlot{sk.Address(), &sk.PublicKey, sk.Compromised})
		}
	}
	return out
}
