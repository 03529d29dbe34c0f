//go:build !linux

package state

import "errors"

// syncFS is Linux-only; elsewhere KeyBatch fsyncs file by file.
func syncFS(string) error { return errors.New("syncfs is not available") }
