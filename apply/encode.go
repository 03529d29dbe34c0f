package apply

import (
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/nats-io/jwt/v2"
)

// jwtHeader is the header nats-server expects on every v2 JWT.
var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"typ":"JWT","alg":"ed25519-nkey"}`))

// keyPair is what encode needs of a key: nkeys.KeyPair has it, and so
// does signingKey, the cached form apply signs with.
type keyPair interface {
	PublicKey() (string, error)
	Sign(input []byte) ([]byte, error)
}

// encode signs claims with kp at the given issue time.
//
// jwt/v2's Encode always stamps iat with the current second. natsplan needs
// iat = max(now, previous iat + 1): a resolver ignores a JWT that is not
// newer than the one it holds, and two applies within one second are
// ordinary in CI. So the JWT is assembled here, in the library's format,
// and tests decode every result with jwt/v2 to prove the two agree.
func encode(c jwt.Claims, kp keyPair, iat int64) (string, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return "", err
	}
	data := c.Claims()
	data.Issuer, data.IssuedAt, data.ID = pub, iat, ""
	payload, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode claims of %s: %w", data.Subject, err)
	}
	sum := sha512.Sum512_256(payload)
	data.ID = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])
	if payload, err = json.Marshal(c); err != nil {
		return "", fmt.Errorf("encode claims of %s: %w", data.Subject, err)
	}
	body := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	sig, err := kp.Sign([]byte(body))
	if err != nil {
		return "", fmt.Errorf("sign claims of %s: %w", data.Subject, err)
	}
	return body + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// issueTime returns max(now, previous + 1).
func issueTime(now, previous int64) int64 {
	if now > previous {
		return now
	}
	return previous + 1
}
