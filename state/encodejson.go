package state

import (
	"bytes"
	"encoding/json"
	"runtime"
	"sort"
	"strconv"
	"sync"
)

// encodeJSON writes s exactly as json.MarshalIndent(s, "", "  ") would,
// with the resources encoded on all cores. A state of a hundred thousand
// entities is over 100 MB, and encoding/json's reflection and indenting
// pass took seconds of every apply that wrote it. Tests hold the two
// outputs equal byte for byte; layout.go keeps it from running when the
// types have fields it does not know.
func encodeJSON(s *State) []byte {
	addrs := make([]string, 0, len(s.Resources))
	for a := range s.Resources {
		addrs = append(addrs, a)
	}
	sort.Strings(addrs)
	parts := encodeResources(s.Resources, addrs)

	var b bytes.Buffer
	size := 256
	for _, p := range parts {
		size += len(p)
	}
	b.Grow(size)
	b.WriteString("{\n  \"version\": ")
	b.WriteString(strconv.Itoa(s.Version))
	b.WriteString(",\n  \"lineage\": ")
	writeString(&b, s.Lineage)
	b.WriteString(",\n  \"serial\": ")
	b.WriteString(strconv.FormatUint(s.Serial, 10))
	if s.NatsplanVersion != "" {
		b.WriteString(",\n  \"natsplan_version\": ")
		writeString(&b, s.NatsplanVersion)
	}
	b.WriteString(",\n  \"resources\": ")
	switch {
	case s.Resources == nil:
		b.WriteString("null")
	case len(addrs) == 0:
		b.WriteString("{}")
	default:
		b.WriteString("{\n")
		for _, p := range parts {
			b.Write(p)
		}
		b.WriteString("\n  }")
	}
	b.WriteString("\n}")
	return b.Bytes()
}

// encodeResources encodes the resources at addrs, in that order, as
// contiguous chunks that concatenate into the members of the object.
func encodeResources(m map[string]*Resource, addrs []string) [][]byte {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(addrs)/1000))
	parts := make([][]byte, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(addrs)/workers, (w+1)*len(addrs)/workers
		wg.Go(func() {
			var b bytes.Buffer
			size := 0
			for _, a := range addrs[lo:hi] {
				if r := m[a]; r != nil {
					size += len(a) + len(r.JWT) + 400 // the other fields, indented
				}
			}
			b.Grow(size)
			for i := lo; i < hi; i++ {
				if i > 0 {
					b.WriteString(",\n")
				}
				b.WriteString("    ")
				writeString(&b, addrs[i])
				b.WriteString(": ")
				writeResource(&b, m[addrs[i]])
			}
			parts[w] = b.Bytes()
		})
	}
	wg.Wait()
	return parts
}

// writeResource writes one resource at the indent of a member of
// "resources", honouring omitempty as the struct tags say.
func writeResource(b *bytes.Buffer, r *Resource) {
	if r == nil {
		b.WriteString("null")
		return
	}
	const in = "\n      "
	b.WriteString("{" + in + `"kind": `)
	writeString(b, string(r.Kind))
	b.WriteString("," + in + `"name": `)
	writeString(b, r.Name)
	if r.ClaimName != "" {
		b.WriteString("," + in + `"claim_name": `)
		writeString(b, r.ClaimName)
	}
	b.WriteString("," + in + `"public_key": `)
	writeString(b, r.PublicKey)
	b.WriteString("," + in + `"issuer": `)
	writeString(b, r.Issuer)
	b.WriteString("," + in + `"iat": `)
	b.WriteString(strconv.FormatInt(r.IssuedAt, 10))
	b.WriteString("," + in + `"jwt": `)
	writeString(b, r.JWT)
	b.WriteString("," + in + `"digest": `)
	writeString(b, r.Digest)
	if r.Export != "" {
		b.WriteString("," + in + `"export": `)
		writeString(b, r.Export)
	}
	if len(r.Revocations) > 0 {
		b.WriteString("," + in + `"revocations": [`)
		for i, rev := range r.Revocations {
			if i > 0 {
				b.WriteByte(',')
			}
			writeRevocation(b, rev)
		}
		b.WriteString(in + "]")
	}
	if len(r.SigningKeys) > 0 {
		b.WriteString("," + in + `"signing_keys": {`)
		names := make([]string, 0, len(r.SigningKeys))
		for n := range r.SigningKeys {
			names = append(names, n)
		}
		sort.Strings(names)
		for i, n := range names {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(in + "  ")
			writeString(b, n)
			b.WriteString(": ")
			writeString(b, r.SigningKeys[n])
		}
		b.WriteString(in + "}")
	}
	if r.PreventDestroy {
		b.WriteString("," + in + `"prevent_destroy": true`)
	}
	b.WriteString("\n    }")
}

func writeRevocation(b *bytes.Buffer, r Revocation) {
	const in = "\n          "
	b.WriteString("\n        {")
	if r.Export != "" {
		b.WriteString(in + `"export": `)
		writeString(b, r.Export)
		b.WriteByte(',')
	}
	b.WriteString(in + `"public_key": `)
	writeString(b, r.PublicKey)
	b.WriteString("," + in + `"at": `)
	b.WriteString(strconv.FormatInt(r.At, 10))
	b.WriteString("," + in + `"address": `)
	writeString(b, r.Address)
	b.WriteString("\n        }")
}

// writeString writes s as a JSON string the way encoding/json does: a
// plain one as it is, any other (escapes, HTML characters, non-ASCII)
// through encoding/json itself.
func writeString(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			b.Write(q)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}
