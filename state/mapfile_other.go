//go:build !unix || aix

package state

import "os"

// decodeMapped reads the whole file where mapping it is not done here.
func decodeMapped(f *os.File, src *source) (*State, error) {
	return decodeRead(f, src)
}
