package access

import (
	"fmt"
	"sort"

	"github.com/nats-io/jwt/v2"
	"github.com/nats-io/nats-server/v2/server"
)

// mapped is where an account's subject mappings send a subject.
type mapped struct {
	subject string // the subject after mapping
	via     string // "" when no mapping applied, else a description
	partial bool   // only some messages take this destination (weights)
}

// mapSubject applies acc's mappings to the literal subject s as the
// server does for a message published by a client of acc, or delivered
// to acc by a service import: the first mapping whose source contains s
// picks a destination by weight. Every destination with weight > 0 is
// returned; when the weights sum to less than 100 the rest keeps s.
func mapSubject(acc *Account, s string) ([]mapped, *failure) {
	var hits []jwt.Subject
	for src := range acc.Claims.Mappings {
		if string(src) == s || within(s, string(src)) {
			hits = append(hits, src)
		}
	}
	if len(hits) == 0 {
		return []mapped{{subject: s}}, nil
	}
	if len(hits) > 1 {
		sort.Slice(hits, func(i, j int) bool { return hits[i] < hits[j] })
		return nil, unknown("%s has several mappings whose sources contain %q (%v): the server picks one in no fixed order", acc.Address, s, hits)
	}
	var out []mapped
	total := 0
	for _, d := range acc.Claims.Mappings[hits[0]] {
		if d.Cluster != "" {
			return nil, unknown("mapping %q of %s has a cluster-scoped destination: depends on the cluster", hits[0], acc.Address)
		}
		w := d.GetWeight()
		total += int(w)
		if w == 0 {
			continue
		}
		tr, err := server.NewSubjectTransform(string(hits[0]), string(d.Subject))
		if err != nil {
			return nil, unknown("mapping %q -> %q of %s does not compile: %v", hits[0], d.Subject, acc.Address, err)
		}
		to, err := tr.Match(s)
		if err != nil {
			return nil, unknown("mapping %q -> %q of %s cannot map %q: %v", hits[0], d.Subject, acc.Address, s, err)
		}
		out = append(out, mapped{subject: to, partial: w < 100,
			via: fmt.Sprintf("mapping %q of %s sends it to %q (weight %d%%)", hits[0], acc.Address, to, w)})
	}
	if total > 100 {
		return nil, unknown("mapping %q of %s has weights over 100%%: the server refuses it", hits[0], acc.Address)
	}
	if total < 100 {
		out = append(out, mapped{subject: s, partial: true,
			via: fmt.Sprintf("mapping %q of %s keeps it on %q (%d%% left)", hits[0], acc.Address, s, 100-total)})
	}
	return out, nil
}
