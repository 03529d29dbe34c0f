package safefile

import (
	"fmt"
	"io"
	"os"
)

// ReadSmall reads a file natsplan wrote (a token file) to compare it with
// what it would write. It reads only a regular file (a FIFO named there
// would block a plan forever, a device would never end) and at most max
// bytes; a longer file reads as its first max+1 bytes, which differ from
// anything natsplan writes of at most max.
func ReadSmall(path string, max int64) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}
