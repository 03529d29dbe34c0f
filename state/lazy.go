package state

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"unsafe"
)

// A plan that changes nothing compares digests and public keys and never
// looks at a JWT, yet JWTs are almost all of a state file: 110 MB of a
// 112 MB file for a fleet of 10,000 accounts. ReadLazy decodes the file
// without keeping them; each resource remembers where its JWT is, and
// LoadJWT reads it from the same open file when something needs it.

// ReadLazy is Read for a caller that needs few JWTs, or none: the
// resources it returns have an empty JWT field and LoadJWT reads it. Such
// a state cannot be written (Write refuses it). The file stays open while
// any resource of the state is reachable, so an apply that replaces the
// file meanwhile (by rename) does not change what LoadJWT reads.
func ReadLazy(path string) (*State, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &State{Version: FormatVersion, Resources: map[string]*Resource{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading state: %w", err)
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		f.Close()
		return nil, dirError(path)
	}
	src, err := newFileSource(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading state: %w", err)
	}
	s, err := decodeMapped(f, src)
	if err != nil {
		f.Close()
		return nil, corruptError(path, err)
	}
	return s, nil
}

// decodeRead is decodeMapped where a file cannot be mapped: it reads the
// whole file, decodes it and lets the bytes go.
func decodeRead(f *os.File, src *source) (*State, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return decodeLazy(data, &lazyRead{src: src})
}

// jwtRef is where a resource's JWT lies in its state file: the bytes
// src[off:end] between the quotes of a plain JSON string.
type jwtRef struct {
	src      *source
	off, end int64
	// fetch, when set, loads the JWT from a remote backend instead
	// (SetLazyJWT); src then only records its first error.
	fetch func() (string, error)
}

// LoadJWT returns r.JWT, reading it from the state file when r comes from
// ReadLazy. An error means the file could not be read or changed in place
// since it was decoded.
func (r *Resource) LoadJWT() (string, error) {
	if r.jwtAt.src == nil {
		return r.JWT, nil
	}
	if r.jwtAt.fetch != nil {
		jwt, err := r.jwtAt.fetch()
		r.jwtAt.src.record(err)
		return jwt, err
	}
	return r.jwtAt.src.read(r.jwtAt.off, r.jwtAt.end)
}

// LoadErr is the first error LoadJWT returned for a resource of s, or of a
// copy of s. Callers that read many JWTs, in parallel, and treat one that
// cannot be read as one that does not decode, check it once at the end.
func (s *State) LoadErr() error {
	if s == nil || s.src == nil {
		return nil
	}
	s.src.mu.Lock()
	defer s.src.mu.Unlock()
	return s.src.err
}

// lazy reports whether r's JWT is still in its file.
func (r *Resource) lazy() bool { return r.jwtAt.src != nil }

// unloaded refuses to encode a state from ReadLazy: the file written
// would have lost the JWTs that are still in the file it was read from.
func (s *State) unloaded() error {
	for addr, r := range s.Resources {
		if r != nil && r.lazy() {
			return fmt.Errorf("internal error: the state was read without its JWTs (%s) and cannot be written", addr)
		}
	}
	return nil
}

// source is the file a lazy state reads JWTs from.
type source struct {
	at io.ReaderAt
	// changed reports that the file was modified since it was decoded
	// (nil: it cannot be). A rename over the path does not modify it.
	changed func() error

	mu  sync.Mutex
	err error // the first failed read
}

// newFileSource reads JWTs from f, refusing once f's size or modification
// time differ from what they were when it was decoded.
func newFileSource(f *os.File) (*source, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	changed := func() error {
		now, err := f.Stat()
		if err != nil {
			return err
		}
		if now.Size() != fi.Size() || !now.ModTime().Equal(fi.ModTime()) {
			return fmt.Errorf("state file %s was modified while natsplan was using it", f.Name())
		}
		return nil
	}
	return &source{at: f, changed: changed}, nil
}

// read returns the string at [off, end), checking that the quotes the
// decoder saw around it are still there and nothing in it needs decoding.
func (src *source) read(off, end int64) (string, error) {
	s, err := src.readPlain(off, end)
	src.record(err)
	return s, err
}

// record keeps err if it is the first failed read.
func (src *source) record(err error) {
	if err == nil {
		return
	}
	src.mu.Lock()
	if src.err == nil {
		src.err = err
	}
	src.mu.Unlock()
}

// SetLazyJWT makes r, a resource of s, a lazy one whose JWT fetch loads
// when LoadJWT asks for it: ReadLazy for a remote backend. Like a state
// from ReadLazy, s then cannot be written, and LoadErr reports the
// first fetch that failed.
func (s *State) SetLazyJWT(r *Resource, fetch func() (string, error)) {
	if s.src == nil {
		s.src = &source{}
	}
	r.JWT = ""
	r.jwtAt = jwtRef{src: s.src, fetch: fetch}
}

func (src *source) readPlain(off, end int64) (string, error) {
	if src.changed != nil {
		if err := src.changed(); err != nil {
			return "", err
		}
	}
	buf := make([]byte, end-off+2)
	if _, err := src.at.ReadAt(buf, off-1); err != nil {
		return "", fmt.Errorf("reading a JWT from the state file: %w", err)
	}
	if buf[0] != '"' || buf[len(buf)-1] != '"' || !plain(buf[1:len(buf)-1]) || bytes.IndexByte(buf[1:len(buf)-1], '"') >= 0 {
		return "", errors.New("reading a JWT from the state file: the file is not what was decoded")
	}
	body := buf[1 : len(buf)-1]
	return unsafe.String(unsafe.SliceData(body), len(body)), nil
}
