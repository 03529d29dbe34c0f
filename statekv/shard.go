package statekv

import (
	"encoding/json"
	"fmt"

	"github.com/natsplan/natsplan/state"
)

// shard is one part of the resources, their JWTs in records of their own.
type shard struct {
	Resources map[string]*entry `json:"resources"`
}

// entry is a resource with its JWT replaced by the key of its record.
type entry struct {
	*state.Resource
	JWTRecord string `json:"jwt_record"`
}

// A format-2 shard is a state document in the state file's format, of
// the state's lineage, whose resources' "jwt" names the JWT's record
// rather than holding it: state.Decode, the hand-written decoder that
// reads a 100 MB state file in a fraction of a second, reads it, where
// encoding/json took as long again as the rest of a no-op plan. (A
// format-1 shard is {"resources": {address: resource with "jwt_record"}},
// read with encoding/json.)

// encodeShard encodes resources, whose JWT fields name their records, as
// a format-2 shard.
func encodeShard(lineage string, resources map[string]*state.Resource) []byte {
	if resources == nil {
		resources = map[string]*state.Resource{}
	}
	doc := state.State{Version: state.FormatVersion, Lineage: lineage, Resources: resources}
	data, _ := json.Marshal(&doc) // plain structs: cannot fail
	return data
}

// decodeShard decodes a shard of a head of the given format and lineage.
func decodeShard(data []byte, format int, lineage string) (*shard, error) {
	if format == legacyFormat {
		var sh shard
		return &sh, decodeStrict(data, &sh)
	}
	doc, err := state.Decode(data)
	if err != nil {
		return nil, err
	}
	if doc.Lineage != lineage {
		return nil, fmt.Errorf("it belongs to lineage %s, not %s", doc.Lineage, lineage)
	}
	sh := &shard{Resources: make(map[string]*entry, len(doc.Resources))}
	for addr, r := range doc.Resources {
		if _, err := keySum(r.JWT); err != nil || r.JWT[0] != 'j' {
			return nil, fmt.Errorf("resource %q names no JWT record", addr)
		}
		sh.Resources[addr] = &entry{Resource: r, JWTRecord: r.JWT}
		r.JWT = ""
	}
	return sh, nil
}
