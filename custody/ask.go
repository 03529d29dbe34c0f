package custody

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// ask sends one request and decodes its answer into out. An answer
// {"error": "..."} is the signer's refusal, shown with what was asked.
func (s *Signer) ask(req map[string]any, what string, out any) error {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	if s.broken != nil {
		return fmt.Errorf("%s (%s): %w", s.Where(), what, s.broken)
	}
	line, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if _, err := s.stdin.Write(append(line, '\n')); err != nil {
		return s.failLocked(fmt.Errorf("%s: writing a request (%s): %v", s.Where(), what, err))
	}
	var answer []byte
	select {
	case a, ok := <-s.lines:
		if !ok {
			return s.failLocked(fmt.Errorf("%s exited without answering (%s)%s", s.Where(), what, readErr(s.readErr)))
		}
		answer = a
	case <-time.After(s.timeout):
		s.cmd.Process.Kill()
		return s.failLocked(fmt.Errorf("%s did not answer within %s (%s); it was stopped (-signer-timeout sets the wait)", s.Where(), s.timeout, what))
	}
	var refusal struct {
		Error *string `json:"error"`
	}
	if err := json.Unmarshal(answer, &refusal); err != nil {
		return s.failLocked(fmt.Errorf("%s answered %s with something that is not a JSON object: %q", s.Where(), what, clip(string(answer))))
	}
	if refusal.Error != nil {
		return fmt.Errorf("%s refused %s: %s", s.Where(), what, clip(*refusal.Error))
	}
	if err := json.Unmarshal(answer, out); err != nil {
		return s.failLocked(fmt.Errorf("%s answered %s with %q, which is not the protocol's answer: %v", s.Where(), what, clip(string(answer)), err))
	}
	return nil
}

func readErr(err error) string {
	if err == nil {
		return ""
	}
	return ": " + err.Error()
}

// fail marks the signer broken: nothing more is asked of it.
func (s *Signer) fail(err error) error {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	return s.failLocked(err)
}

func (s *Signer) failLocked(err error) error {
	if s.broken == nil {
		s.broken = errBroken
	}
	return err
}

// seedShape matches an nkey seed or raw private key, so that a signer's
// text shown to the user can never carry one.
var seedShape = regexp.MustCompile(`S[OAUNCX][A-Z2-7]{56}|P[A-Z2-7]{107}`)

// clip makes a signer's text fit one line of a message, seeds hidden.
func clip(s string) string {
	s = seedShape.ReplaceAllString(s, "(seed hidden)")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
