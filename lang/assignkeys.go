package lang

// assignKeys gives every entity that has a key its public key: the one it
// already has, or a new one (LoadOptions.NewKeys), or a placeholder. The
// addresses are gathered first so that new keys are made in one batch.
func (m *module) assignKeys(keys *keySource) {
	slots := m.keySlots()
	if keys.newKeys != nil {
		addrs := make([]string, len(slots))
		for i, s := range slots {
			addrs[i] = s.addr
		}
		keys.prepare(addrs)
	}
	for _, s := range slots {
		*s.key = keys.key(s.addr)
	}
}

// keySlot is a keyed entity's address and where its public key goes.
type keySlot struct {
	addr string
	key  *string
}

// keySlots lists every keyed entity: accounts with their users and signing
// keys, then operators with their signing keys.
func (m *module) keySlots() []keySlot {
	var out []keySlot
	for _, a := range m.accountDecls {
		out = append(out, keySlot{a.Address(), &a.PublicKey})
		for _, u := range a.Users {
			out = append(out, keySlot{u.Address(), &u.PublicKey})
		}
		for _, sk := range a.SigningKeys {
			out = append(out, keySlot{sk.Address(), &sk.PublicKey})
		}
	}
	for _, op := range m.operators {
		out = append(out, keySlot{op.Address(), &op.PublicKey})
		for _, sk := range op.SigningKeys {
			out = append(out, keySlot{sk.Address(), &sk.PublicKey})
		}
	}
	return out
}
