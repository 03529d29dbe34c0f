package lang

// assignKeys gives every entity that has a key its public key: the one it
// already has, or a new one (LoadOptions.NewKeys), or a placeholder. The
// addresses are gathered first so that new keys are made in one batch.
func (m *module) assignKeys(keys *keySource) {
	if keys.newKeys != nil {
		keys.prepare(m.keyedAddresses())
	}
	for _, a := range m.accountDecls {
		a.PublicKey = keys.key(a.Address())
		for _, u := range a.Users {
			u.PublicKey = keys.key(u.Address())
		}
		for _, sk := range a.SigningKeys {
			sk.PublicKey = keys.key(sk.Address())
		}
	}
	for _, op := range m.operators {
		op.PublicKey = keys.key(op.Address())
		for _, sk := range op.SigningKeys {
			sk.PublicKey = keys.key(sk.Address())
		}
	}
}

// keyedAddresses lists every keyed entity, in the order assignKeys visits
// them: operators, accounts, users and signing keys.
func (m *module) keyedAddresses() []string {
	var addrs []string
	for _, a := range m.accountDecls {
		addrs = append(addrs, a.Address())
		for _, u := range a.Users {
			addrs = append(addrs, u.Address())
		}
		for _, sk := range a.SigningKeys {
			addrs = append(addrs, sk.Address())
		}
	}
	for _, op := range m.operators {
		addrs = append(addrs, op.Address())
		for _, sk := range op.SigningKeys {
			addrs = append(addrs, sk.Address())
		}
	}
	return addrs
}
