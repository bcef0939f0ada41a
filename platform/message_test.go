package platform_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"imbridge/platform"
)

func TestCleanMessage(t *testing.T) {
	cases := []struct{ in, want string }{
		{"app secret invalid", "app secret invalid"},
		{"  no dept authority\r\n", "no dept authority"},
		{"line1\nline2\x1b[31mred\x00", "line1 line2 [31mred"},
		{"evil\u202eelbat", "evil elbat"}, // bidi override
		{"bad\xffutf8", "bad utf8"},
		{"应用未开启机器人能力", "应用未开启机器人能力"},
		{"", ""},
	}
	for _, c := range cases {
		if got := platform.CleanMessage(c.in); got != c.want {
			t.Errorf("CleanMessage(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := platform.CleanMessage(strings.Repeat("数据", 10000))
	if n := utf8.RuneCountInString(long); n != platform.MaxMessageRunes+1 || !strings.HasSuffix(long, "…") {
		t.Fatalf("long message: %d runes, ends %q", n, long[len(long)-6:])
	}
	spaced := platform.CleanMessage(strings.Repeat("a ", 1000))
	if n := utf8.RuneCountInString(spaced); n != platform.MaxMessageRunes+1 {
		t.Fatalf("spaced message: %d runes", n)
	}
}

func TestCleanLogID(t *testing.T) {
	for in, want := range map[string]string{
		"20240521104556F2A6B7C8D9E0": "20240521104556F2A6B7C8D9E0",
		"log-id_1.2":                 "log-id_1.2",
		"id\nInjected: header":       "",
		strings.Repeat("a", 65):      "",
		"":                           "",
	} {
		if got := platform.CleanLogID(in); got != want {
			t.Errorf("CleanLogID(%q) = %q, want %q", in, got, want)
		}
	}
}
