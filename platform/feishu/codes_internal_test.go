package feishu

import (
	"testing"

	"imbridge/platform"
)

// A code the table does not know is judged by its HTTP status, never taken
// for a permanent refusal of the app.
func TestUnknownCodesByStatus(t *testing.T) {
	for _, c := range []struct {
		status int
		want   platform.ErrorClass
	}{
		{429, platform.ClassRateLimit}, {500, platform.ClassTransient}, {503, platform.ClassTransient},
		{404, platform.ClassInvalid}, {400, platform.ClassUnknown}, {0, platform.ClassUnknown},
	} {
		if got, _ := classify(1234567, c.status); got != c.want {
			t.Errorf("status %d: %v, want %v", c.status, got, c.want)
		}
	}
	// The codes named in issue 6 are all refusals with a remedy.
	for _, code := range []int{10014, 10003, 99991672, 40004, 41050} {
		class, hint := classify(code, 400)
		if (!class.Refusal() && class != platform.ClassOutOfRange) || hint == "" {
			t.Errorf("code %d: %v %q", code, class, hint)
		}
	}
}
