//go:build unix && !aix

package state

import (
	"errors"
	"os"
	"runtime/debug"

	"golang.org/x/sys/unix"
)

// decodeMapped decodes f for ReadLazy from a read-only mapping of it,
// giving back the pages it has passed as it goes. Reading the file into
// memory instead would put its whole size on the heap (and in the peak
// RSS) only to drop it: JWTs, most of it, are left in the file.
func decodeMapped(f *os.File, src *source) (s *State, err error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := int(fi.Size())
	if size == 0 || int64(size) != fi.Size() {
		return decodeRead(f, src)
	}
	data, err := unix.Mmap(int(f.Fd()), 0, size, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return decodeRead(f, src)
	}
	defer unix.Munmap(data)
	_ = unix.Madvise(data, unix.MADV_SEQUENTIAL)
	// A file truncated by someone else while mapped faults on access;
	// that becomes an error here instead of a crash.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if _, fault := r.(interface{ Addr() uintptr }); !fault {
				panic(r)
			}
			s, err = nil, errors.New("the file was truncated while it was read")
		}
	}()
	return decodeLazy(data, &lazyRead{src: src, done: dropper(data)})
}

// dropper returns a lazyRead.done that tells the kernel, every dropStep
// bytes, that the pages before pos are not needed: they leave the RSS
// (and would be read again from the file, were an error message to count
// lines in them).
func dropper(data []byte) func(pos int) {
	page := os.Getpagesize()
	dropped := 0
	return func(pos int) {
		end := pos / page * page
		if end-dropped < dropStep {
			return
		}
		_ = unix.Madvise(data[dropped:end], unix.MADV_DONTNEED)
		dropped = end
	}
}
