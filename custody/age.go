package custody

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
)

// Age seals keystore files with age (filippo.io/age): it is the
// keystore's Sealer when a recipient is given, and its Opener when an
// identity is. A keystore sealed this way can be cached by CI or kept in
// a repository, readable only with the one identity.
type Age struct {
	recipients []age.Recipient
	identities []age.Identity
}

// NewAge parses a recipient ("age1...", "" for none) and identities (the
// text of an age identity file, "" for none).
func NewAge(recipient, identity string) (*Age, error) {
	a := &Age{}
	if recipient != "" {
		rs, err := age.ParseRecipients(strings.NewReader(recipient))
		if err != nil {
			return nil, fmt.Errorf("-keystore-age-recipient: %v", err)
		}
		a.recipients = rs
	}
	if identity != "" {
		ids, err := age.ParseIdentities(strings.NewReader(identity))
		if err != nil {
			// age's message may quote the line; an identity is a secret.
			return nil, fmt.Errorf("the age identity (-keystore-age-identity or NATSPLAN_KEYSTORE_AGE_IDENTITY) is not an age identity file")
		}
		a.identities = ids
	}
	return a, nil
}

// CanSeal and CanOpen say whether a recipient, an identity, was given.
func (a *Age) CanSeal() bool { return len(a.recipients) > 0 }
func (a *Age) CanOpen() bool { return len(a.identities) > 0 }

// Seal encrypts plain to the recipients.
func (a *Age) Seal(plain []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := age.Encrypt(&b, a.recipients...)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Open decrypts sealed with the identities.
func (a *Age) Open(sealed []byte) ([]byte, error) {
	r, err := age.Decrypt(bytes.NewReader(sealed), a.identities...)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
