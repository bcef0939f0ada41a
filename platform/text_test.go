package platform

import "testing"

func TestTextProblem(t *testing.T) {
	for _, c := range []struct {
		s          string
		lineBreaks bool
		bad        bool
	}{
		{"报销单 9001 👍🏽‍", false, false},
		{"a\nb\tc", true, false},
		{"a\nb", false, true},
		{"a\x00", true, true},
		{"\x1b[31m", true, true},
		{"\x7f", true, true},
		{"\u202e", true, true},
		{"\u2069", true, true},
		{"\xff", true, true},
	} {
		if got := TextProblem(c.s, c.lineBreaks) != ""; got != c.bad {
			t.Errorf("TextProblem(%q, %v) refused=%v, want %v", c.s, c.lineBreaks, got, c.bad)
		}
	}
}
