package planner

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/nats-io/jwt/v2"

	"github.com/natsplan/natsplan/lang"
)

// exportClaim builds one export as nsc add export does, except that a
// service's response type stays empty for the default, Singleton, which
// jwt/v2 and nats-server read the same way.
func exportClaim(e *lang.Export) *jwt.Export {
	x := &jwt.Export{Name: e.JWTName(), Subject: jwt.Subject(e.Subject), Type: exportType(e.Kind), TokenReq: e.Private,
		ResponseThreshold: time.Duration(e.ResponseThreshold), AccountTokenPosition: e.TokenPosition,
		Advertise: e.Advertise, AllowTrace: e.AllowTrace,
		Info: jwt.Info{Description: e.Description, InfoURL: e.InfoURL}}
	if e.ResponseType != "Singleton" {
		x.ResponseType = jwt.ResponseType(e.ResponseType)
	}
	if l := e.Latency; l != nil {
		x.Latency = &jwt.ServiceLatency{Sampling: jwt.SamplingRate(l.Sampling), Results: jwt.Subject(l.Results)}
	}
	return x
}

// urlTokenPrefix marks an import token that apply fetches from a URL when
// it signs the importer; nats-server itself takes tokens only inline.
// insecureURLTokenPrefix marks one that allow_insecure_url lets apply
// fetch over plain http: the permission is part of the claims digest, so
// granting it shows in a plan.
const (
	urlTokenPrefix         = "natsplan-url:"
	insecureURLTokenPrefix = "natsplan-url+insecure:"
)

// URLTokenRef is the stand-in import token for a token apply fetches,
// over https only unless allowInsecure.
func URLTokenRef(url string, allowInsecure bool) string {
	if allowInsecure {
		return insecureURLTokenPrefix + url
	}
	return urlTokenPrefix + url
}

// ParseURLTokenRef returns the URL of a stand-in made by URLTokenRef.
func ParseURLTokenRef(token string) (string, bool) {
	url, _, ok := ParseURLToken(token)
	return url, ok
}

// ParseURLToken returns the URL of a stand-in made by URLTokenRef, and
// whether it may be fetched over plain http.
func ParseURLToken(token string) (url string, allowInsecure, ok bool) {
	if url, ok := strings.CutPrefix(token, insecureURLTokenPrefix); ok {
		return url, true, true
	}
	url, ok = strings.CutPrefix(token, urlTokenPrefix)
	return url, false, ok
}

// plainHTTP reports whether raw is an http URL. Only for those does
// allow_insecure_url change anything, so only for those is it part of the
// claims: the plan then shows it in the URL's scheme.
func plainHTTP(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Scheme == "http"
}

func (b *builder) importClaim(i *lang.Import) *jwt.Import {
	from := i.FromKey
	if i.From != "" {
		from = b.accountKey(i.From)
	}
	imp := &jwt.Import{Name: i.JWTName(), Subject: jwt.Subject(i.Subject), Account: from,
		LocalSubject: jwt.RenamingSubject(i.LocalSubject), Type: exportType(i.Kind),
		Share: i.Share, AllowTrace: i.AllowTrace}
	switch {
	case i.Token != "":
		imp.Token = i.Token
		b.checkTokenExpiry(i)
	case i.TokenURL != "":
		imp.Token = URLTokenRef(i.TokenURL, i.AllowInsecureURL && plainHTTP(i.TokenURL))
	}
	if g := b.grantFor(i); g != nil {
		imp.Token = TokenRef(g.Address(), b.settled(g.Address()).Digest)
	}
	return imp
}

// checkTokenExpiry reports an activation token from a file that has
// expired: nats-server would ignore the import.
func (b *builder) checkTokenExpiry(i *lang.Import) {
	act, err := jwt.DecodeActivationClaims(i.Token)
	if err != nil || act.Expires == 0 || act.Expires > b.now {
		return
	}
	b.diags = append(b.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Activation token expired",
		Detail: fmt.Sprintf("The activation token of import %q expired at %s, so nats-server would ignore the import. "+
			"Ask the exporter for a new token.", i.Name, unixStamp(act.Expires)),
		Subject: i.Ranges.Of("token").Ptr(),
	})
}

// grantFor returns the grant whose activation an import carries (lang
// chose it: the one naming the export and the importer whose subject holds
// the import's subject), or nil for a public export.
func (b *builder) grantFor(i *lang.Import) *lang.Grant {
	if i.Grant == "" {
		return nil
	}
	for _, g := range b.cfg.Grants {
		if g.Name == i.Grant {
			return g
		}
	}
	return nil
}
