package state

import (
	"fmt"
	"strings"
)

// CorruptError reports a state file that exists but cannot be used: bad or
// truncated JSON, unknown fields, or a format version newer than this code.
// The file is left exactly as it was; if the backup beside it decodes,
// BackupPath and BackupSerial say so, and the message tells how to restore
// it. Restoring is left to a person because only they know whether the
// damaged file held work that the backup lacks.
type CorruptError struct {
	Path         string
	BackupPath   string // empty when there is no usable backup
	BackupSerial uint64
	Err          error
}

func (e *CorruptError) Error() string {
	msg := fmt.Sprintf("state file %s cannot be read: %v. The file was not modified.", e.Path, e.Err)
	if e.BackupPath == "" {
		return msg + " No usable backup exists; fix the file by hand."
	}
	return msg + fmt.Sprintf(" A backup from serial %d is at %s; restore it with: cp %s %s",
		e.BackupSerial, e.BackupPath, shellQuote(e.BackupPath), shellQuote(e.Path))
}

func (e *CorruptError) Unwrap() error { return e.Err }

// shellQuote quotes p for a POSIX shell when it needs it, so the printed
// restore command can be pasted even when the path has spaces.
func shellQuote(p string) string {
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == '_' || r == '-') {
			return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
		}
	}
	return p
}
