package live

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Answer is one server's answer to an update or delete request.
type Answer struct {
	Server string // the server's name
	OK     bool
	Text   string // what the server said: its message, or its error
}

// claimsResponse is how a resolver answers $SYS.REQ.CLAIMS.UPDATE and
// $SYS.REQ.CLAIMS.DELETE (nats-server's ServerAPIClaimUpdateResponse).
type claimsResponse struct {
	Server struct {
		Name string `json:"name"`
	} `json:"server"`
	Data *struct {
		Message string `json:"message"`
	} `json:"data"`
	Error *struct {
		Description string `json:"description"`
	} `json:"error"`
}

// parseAnswer reads a resolver's answer. An answer that does not parse is
// a refusal: natsplan cannot tell that the server did what was asked.
func parseAnswer(data []byte) Answer {
	var r claimsResponse
	if err := json.Unmarshal(data, &r); err != nil {
		return Answer{Server: "(unknown)", Text: fmt.Sprintf("unreadable answer: %v", err)}
	}
	a := Answer{Server: r.Server.Name}
	switch {
	case r.Error != nil:
		a.Text = r.Error.Description
	case r.Data != nil:
		a.OK, a.Text = true, r.Data.Message
	default:
		a.Text = "empty answer"
	}
	return a
}

// missing returns the servers of want that are not among answers, plus a
// count of unnamed servers when the group expects more than it can name.
func missing(answers []Answer, want []string, expected int) []string {
	var out []string
	for _, name := range want {
		if !slices.ContainsFunc(answers, func(a Answer) bool { return a.Server == name }) {
			out = append(out, name)
		}
	}
	if extra := expected - len(answers) - len(out); extra > 0 {
		out = append(out, fmt.Sprintf("%d unnamed server(s)", extra))
	}
	return out
}

// sortAnswers orders answers by server name, so reports read the same on
// every run whatever order the servers answered in.
func sortAnswers(answers []Answer) {
	slices.SortStableFunc(answers, func(a, b Answer) int { return strings.Compare(a.Server, b.Server) })
}
