package lang

// An account's limits and JetStream blocks. Numbers default to -1,
// unlimited, as jwt/v2's NewAccountClaims sets them; sizes may be written
// with units ("10G"). JetStream must be enabled explicitly:
//
//	jetstream {
//	  enabled      = true
//	  disk_storage = "10G"    # every limit defaults to -1, unlimited
//	  tier "R3" { ... }       # or limits per replication tier
//	}

import (
	"fmt"
	"regexp"
	"sort"
)

// accountLimits reads the limits block into a.Limits.
func (e *evaluator) accountLimits(a *Account, b *body) {
	a.Limits = AccountLimits{-1, -1, -1, -1, -1, -1, -1, true, false, Ranges{Decl: a.DeclRange}}
	if b == nil {
		return
	}
	at := b.attrs
	a.Limits = AccountLimits{
		Connections:     e.integer(at["connections"], -1),
		LeafNodes:       e.integer(at["leaf_nodes"], -1),
		Data:            e.size(at["data"], -1),
		Payload:         e.size(at["payload"], -1),
		Subscriptions:   e.integer(at["subscriptions"], -1),
		Imports:         e.integer(at["imports"], -1),
		Exports:         e.integer(at["exports"], -1),
		WildcardExports: e.boolean(at["wildcard_exports"], true),
		DisallowBearer:  e.boolean(at["disallow_bearer"], false),
		Ranges:          b.ranges(),
	}
}

var tierName = regexp.MustCompile(`^R[1-9][0-9]*$`)

// jetstream reads the jetstream block into a.JetStream, which stays nil
// unless enabled = true. Limits with JetStream off, and JetStream on
// with no storage at all, are reported: both are what nsc lets through
// and nats-server silently reads as "no JetStream".
func (e *evaluator) jetstream(a *Account, b *body) {
	if b == nil {
		return
	}
	enabled := e.boolean(b.attrs["enabled"], false)
	tiers := b.nested["tier"]
	if !enabled {
		others := len(b.attrs)
		if b.attrs["enabled"] != nil {
			others--
		}
		if others > 0 || len(tiers) > 0 {
			e.errorf(b.block.DefRange, "JetStream limits without JetStream",
				"This jetstream block sets limits but does not enable JetStream, so the limits would be ignored. "+
					"Add enabled = true, or remove the limits.")
		}
		return
	}
	js := &JetStream{Global: e.jetstreamLimits(b), Ranges: b.ranges()}
	if len(tiers) > 0 {
		for _, name := range jetstreamLimitAttrs {
			if b.attrs[name] != nil {
				e.errorf(b.attrs[name].Range, "Global and tiered JetStream limits",
					"An account has either global JetStream limits or limits per tier, not both. "+
						"Move %s into each tier block, or remove the tier blocks.", name)
			}
		}
	}
	seen := map[string]bool{}
	for _, tb := range tiers {
		t := &JetStreamTier{Name: tb.label(), Limits: e.jetstreamLimits(tb), Range: tb.block.DefRange}
		switch {
		case !tierName.MatchString(t.Name):
			e.errorf(tb.block.LabelRanges[0], "Invalid JetStream tier",
				"%q is not a tier name. Tiers are named after the replication factor they limit: \"R1\", \"R3\".", t.Name)
		case seen[t.Name]:
			e.errorf(tb.block.DefRange, "Duplicate JetStream tier", "Tier %q is set twice. Merge the two blocks.", t.Name)
		default:
			seen[t.Name] = true
			js.Tiers = append(js.Tiers, t)
		}
	}
	sort.Slice(js.Tiers, func(i, j int) bool { return js.Tiers[i].Name < js.Tiers[j].Name })
	a.JetStream = js
}

func (e *evaluator) jetstreamLimits(b *body) JetStreamLimits {
	at := b.attrs
	l := JetStreamLimits{
		MemoryStorage:        e.size(at["memory_storage"], -1),
		DiskStorage:          e.size(at["disk_storage"], -1),
		Streams:              e.integer(at["streams"], -1),
		Consumers:            e.integer(at["consumers"], -1),
		MaxAckPending:        e.integer(at["max_ack_pending"], -1),
		MemoryMaxStreamBytes: e.size(at["memory_max_stream_bytes"], -1),
		DiskMaxStreamBytes:   e.size(at["disk_max_stream_bytes"], -1),
		MaxBytesRequired:     e.boolean(at["max_bytes_required"], false),
		Ranges:               b.ranges(),
	}
	if b.block.Type == "jetstream" && len(b.nested["tier"]) > 0 {
		return l
	}
	if l.MemoryStorage == 0 && l.DiskStorage == 0 {
		where := "JetStream is enabled"
		if b.block.Type == "tier" {
			where = fmt.Sprintf("Tier %q", b.label())
		}
		e.errorf(b.block.DefRange, "JetStream enabled with no storage",
			"%s with memory_storage and disk_storage both 0, so no stream can be created. "+
				"Leave one out (unlimited) or give it a size, or disable JetStream.", where)
	}
	return l
}
