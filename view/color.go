package view

import "github.com/natsplan/natsplan/planner"

// palette colours glyphs when writing to a terminal. The zero palette
// writes plain text, which is what tests and CI logs get.
type palette struct{ on bool }

const (
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	red    = "\x1b[31m"
	bold   = "\x1b[1m"
	reset  = "\x1b[0m"
)

func (p palette) paint(code, s string) string {
	if !p.on {
		return s
	}
	return code + s + reset
}

func (p palette) glyph(action rune) string {
	switch action {
	case '+':
		return p.paint(green, "+")
	case '~':
		return p.paint(yellow, "~")
	case '-':
		return p.paint(red, "-")
	case rune(planner.Replace):
		return p.paint(red, "-") + "/" + p.paint(green, "+")
	}
	return string(action)
}
