package state

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS flushes the whole filesystem that holds dir with one syncfs(2):
// data and metadata of every file written since, including the directory
// entries of new files. Since Linux 5.8 it reports writeback errors.
func syncFS(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
