package statekv

import (
	"fmt"
	"regexp"
	"strings"
)

// Spec is a parsed state location, nats://[user:pass@|token@]host[:port][,host2...]/BUCKET
// (or tls://...). Its credentials are never printed: String redacts them.
type Spec struct {
	Scheme   string   // "nats" or "tls"
	Hosts    []string // host:port, port 4222 unless given
	Bucket   string
	User     string
	Password string
	Token    string
}

// IsURL reports whether a -state value names a bucket rather than a file.
func IsURL(v string) bool {
	return strings.HasPrefix(v, "nats://") || strings.HasPrefix(v, "tls://")
}

var bucketName = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Parse reads a state URL. Errors never repeat the credentials.
func Parse(v string) (Spec, error) {
	var sp Spec
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok || (scheme != "nats" && scheme != "tls") {
		return sp, fmt.Errorf("state URL %s: want nats://host[:port]/BUCKET or tls://...", Redact(v))
	}
	sp.Scheme = scheme
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		user := rest[:at]
		rest = rest[at+1:]
		if u, p, ok := strings.Cut(user, ":"); ok {
			sp.User, sp.Password = u, p
		} else {
			sp.Token = user
		}
	}
	hosts, bucket, ok := strings.Cut(rest, "/")
	if !ok || !bucketName.MatchString(bucket) {
		return sp, fmt.Errorf("state URL %s: it must end in /BUCKET, a bucket name of letters, digits, - and _", Redact(v))
	}
	sp.Bucket = bucket
	for _, h := range strings.Split(hosts, ",") {
		if h == "" {
			return sp, fmt.Errorf("state URL %s: empty host", Redact(v))
		}
		if !strings.Contains(h, ":") {
			h += ":4222"
		}
		sp.Hosts = append(sp.Hosts, h)
	}
	return sp, nil
}

// String is the location without credentials.
func (sp Spec) String() string {
	return sp.Scheme + "://" + strings.Join(sp.Hosts, ",") + "/" + sp.Bucket
}

// servers is the server list for nats.Connect, without credentials (they
// are given as options, so that no error can echo them).
func (sp Spec) servers() string {
	urls := make([]string, len(sp.Hosts))
	for i, h := range sp.Hosts {
		urls[i] = sp.Scheme + "://" + h
	}
	return strings.Join(urls, ",")
}

// secrets are the strings that must never appear in a message.
func (sp Spec) secrets() []string {
	var out []string
	for _, s := range []string{sp.Password, sp.Token} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Redact removes the user information from a state URL, for messages
// about one that did not parse.
func Redact(v string) string {
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok {
		return v
	}
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		rest = "REDACTED@" + rest[at+1:]
	}
	return scheme + "://" + rest
}
