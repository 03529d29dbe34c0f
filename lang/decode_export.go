package lang

import (
	"fmt"
	"math"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// exportDecl is one instance of a service or stream block.
type exportDecl struct {
	*Export
	b    *body
	each cty.Value
}

func newExportDecl(b *body, in instance, a *accountDecl) *exportDecl {
	return &exportDecl{b: b, each: in.each, Export: &Export{
		Name: instanceName(b.label(), in.key), Kind: ExportKind(b.block.Type), Account: a.Name,
		DeclRange: b.block.DefRange, SubjectRange: b.ranges().Of("subject"), Ranges: b.ranges(),
	}}
}

// responseTypes are the response types of jwt/v2, by lower-case name.
var responseTypes = map[string]string{"singleton": "Singleton", "stream": "Stream", "chunked": "Chunked"}

// eval evaluates the export's arguments and checks the subject's syntax.
func (x *exportDecl) eval(s *scope, ctx *hcl.EvalContext) hcl.Diagnostics {
	e := s.evaluator(withEach(ctx, x.each))
	a := x.b.attrs
	if v := e.value(a["subject"], cty.String); v != cty.NilVal {
		x.Subject = v.AsString()
		e.diags = append(e.diags, checkSubject(x.Subject, x.SubjectRange)...)
	} else if a["subject"] != nil && !e.diags.HasErrors() {
		e.errorf(x.SubjectRange, "Missing subject",
			"The %s needs the subject it is offered on, such as subject = \"help.>\"; it must not be null.", x.Kind)
	}
	x.ClaimName = e.str(a["name"], "")
	x.Private = e.boolean(a["private"], false)
	x.Advertise = e.boolean(a["advertise"], false)
	x.AllowTrace = e.boolean(a["allow_trace"], false)
	x.Description = e.str(a["description"], "")
	x.InfoURL = e.str(a["info_url"], "")
	x.ResponseThreshold = e.duration(a["response_threshold"])
	const unset = math.MinInt64 // absent or null
	if pos := e.integer(a["account_token_position"], unset); pos != unset && pos < 1 {
		e.errorf(x.Ranges.Of("account_token_position"), "Invalid token position",
			"account_token_position = %d names no token: positions start at 1, the first token of the subject. "+
				"Use the position of the * that holds the importer's key, or remove account_token_position.", pos)
	} else if pos != unset {
		x.TokenPosition = uint(pos)
	}
	if rt := e.str(a["response_type"], ""); rt != "" {
		x.ResponseType = responseTypes[strings.ToLower(rt)]
		if x.ResponseType == "" {
			e.errorf(x.Ranges.Of("response_type"), "Invalid response type",
				"%q is not a response type. Use \"Singleton\" (one reply, the default), \"Stream\" or \"Chunked\".", rt)
		}
	}
	x.Latency = e.latency(x.b.one("latency"))
	x.Revoke = e.keyRefs(a["revoke_activations"], "account", true)
	return e.diags
}

// latency reads latency { sampling = 50, results = "subject" }; sampling
// is a percentage, or "headers" (the default, as in nsc) to sample the
// requests that carry tracing headers.
func (e *evaluator) latency(b *body) *Latency {
	if b == nil {
		return nil
	}
	l := &Latency{Results: e.str(b.attrs["results"], "")}
	v := e.value(b.attrs["sampling"], cty.DynamicPseudoType)
	switch {
	case v == cty.NilVal:
	case v.Type() == cty.String && strings.EqualFold(v.AsString(), "headers"):
		l.Sampling = 0
	default:
		n := e.integer(b.attrs["sampling"], 100)
		if n < 1 || n > 100 {
			e.errorf(b.attrs["sampling"].Expr.Range(), "Invalid sampling",
				"Latency sampling is a percentage from 1 to 100, or \"headers\" to sample the requests that carry tracing headers.")
		}
		l.Sampling = int(n)
	}
	if l.Results != "" {
		if prob := subjectProblem(l.Results); prob != "" || strings.ContainsAny(l.Results, "*>") {
			e.errorf(b.attrs["results"].Expr.Range(), "Invalid results subject",
				"Latency results are published on %q, which must be a subject without wildcards. Correct it.", l.Results)
		}
	}
	return l
}

// checkSubject reports an invalid subject at rng.
func checkSubject(subject string, rng hcl.Range) hcl.Diagnostics {
	prob := subjectProblem(subject)
	if prob == "" {
		return nil
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Invalid subject",
		Detail: fmt.Sprintf("Subject %q is not valid: %s. A subject is a list of tokens separated by dots, "+
			"such as \"orders.new\"; * stands for one token and a final > for one or more tokens.", subject, prob),
		Subject: rng.Ptr(),
	}}
}
