package lang

// assignKeys gives every entity that has a key its public key: the one it
// already has, or a new one (LoadOptions.NewKeys), or a placeholder. The
// addresses are gathered first so that new keys are made in one batch.
func (m *module) assignKeys(keys *keySource) {
	var addrs []string
	m.eachKeyed(func(addr string, set func(string)) { addrs = append(addrs, addr) })
	keys.prepare(addrs)
	m.eachKeyed(func(addr string, set func(string)) { set(keys.key(addr)) })
}

// eachKeyed calls do with the address of every keyed entity (operators,
// accounts, users, signing keys) and a setter for its public key.
func (m *module) eachKeyed(do func(addr string, set func(string))) {
	for _, a := range m.accountDecls {
		do(a.Address(), func(k string) { a.PublicKey = k })
		for _, u := range a.Users {
			do(u.Address(), func(k string) { u.PublicKey = k })
		}
		for _, sk := range a.SigningKeys {
			do(sk.Address(), func(k string) { sk.PublicKey = k })
		}
	}
	for _, op := range m.operators {
		do(op.Address(), func(k string) { op.PublicKey = k })
		for _, sk := range op.SigningKeys {
			do(sk.Address(), func(k string) { sk.PublicKey = k })
		}
	}
}
