package state

import "unsafe"

// lazyRead is how the lexer reads for ReadLazy. Its source must outlive
// the state; the data it decodes need not: the lexer copies every string
// it keeps (into a few large blocks, see arena) and leaves plain JWT
// strings where they are, recording only their place.
type lazyRead struct {
	src *source
	// done, if set, is told how far decoding has come (a byte offset
	// it will not read before again, save to report an error).
	done func(pos int)

	strings arena
	shared  map[string]string // see sharedString
}

// decodeLazy is decode for ReadLazy: the result's JWTs are read from src.
func decodeLazy(data []byte, lz *lazyRead) (*State, error) {
	s, err := decodeFast(data, lz)
	if err != nil {
		return nil, err
	}
	s.src = lz.src
	return s, s.check()
}

// jwt reads a resource's jwt field. A plain string, as any JWT is, is
// left in the data; one that needed decoding (escapes, non-ASCII) is kept
// decoded, as it is small and no JWT.
func (l *lexer) jwt(r *Resource) error {
	if l.lz == nil {
		return l.string(&r.JWT)
	}
	if isNull, err := l.null(); isNull || err != nil {
		return err
	}
	start := l.pos
	s, err := l.str()
	if err != nil {
		return err
	}
	// str hands out a plain string as the very bytes of the source, and
	// decodes any other into new memory, even valid UTF-8 whose text is
	// the same: LoadJWT reads back only plain strings. Comparing where
	// the bytes are spares a second scan of every JWT.
	if raw := l.src[start+1 : l.pos-1]; len(raw) != len(s) || unsafe.StringData(raw) != unsafe.StringData(s) {
		r.JWT = l.keep(s)
		return nil
	}
	r.JWT, r.jwtAt = "", jwtRef{src: l.lz.src, off: int64(start + 1), end: int64(l.pos - 1)}
	return nil
}

// keep returns s as the decoded state may hold it: s itself, unless
// reading lazily, where the data is dropped after decoding.
func (l *lexer) keep(s string) string {
	if l.lz == nil {
		return s
	}
	return l.lz.strings.copy(s)
}

// sharedString is string for a field whose values repeat (kind, issuer:
// an account signs all its users): reading lazily, each value is copied
// once and shared.
func (l *lexer) sharedString(v *string) error {
	if l.lz == nil {
		return l.string(v)
	}
	if isNull, err := l.null(); isNull || err != nil {
		return err
	}
	s, err := l.str()
	if err != nil {
		return err
	}
	if kept, ok := l.lz.shared[s]; ok {
		*v = kept
		return nil
	}
	if l.lz.shared == nil {
		l.lz.shared = map[string]string{}
	}
	*v = l.keep(s)
	l.lz.shared[*v] = *v
	return nil
}

// progress tells the lazy reader how far decoding has come.
func (l *lexer) progress() {
	if l.lz != nil && l.lz.done != nil {
		l.lz.done(l.pos)
	}
}

// dropStep is how much of a mapped file decodeMapped lets go of at a time.
const dropStep = 4 << 20

// arenaBlock is the size of the blocks arena copies strings into: large
// enough that a fleet's strings take few allocations, small enough that a
// small state does not pay for it.
const arenaBlock = 64 << 10

// arena copies strings into shared blocks. A lazy state's strings (keys,
// names, digests: a few tens of bytes each, hundreds of thousands of them)
// then cost a few allocations instead of one each. A block is never
// written again where a string already lies.
type arena struct{ block []byte }

func (a *arena) copy(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > cap(a.block)-len(a.block) {
		a.block = make([]byte, 0, max(arenaBlock, len(s)))
	}
	n := len(a.block)
	a.block = append(a.block, s...)
	return unsafe.String(&a.block[n], len(s))
}
