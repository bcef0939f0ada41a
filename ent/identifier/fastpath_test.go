package identifier

import (
	"fmt"
	"strings"
	"testing"
)

// TestNormalizeMobileFastPath: for "+" and digits, NormalizeMobile skips
// libphonenumber; the answer must be the one parsing gives.
func TestNormalizeMobileFastPath(t *testing.T) {
	in := []string{"+8613900000004", "+86013800138000", "+86138001380", "+8612345", "+0123456789", "+1", "+85291234567",
		"+390612345678", "+447400123456", "+4407400123456", "+862112345678", "+" + strings.Repeat("9", 300)}
	for i := range 2000 {
		in = append(in, fmt.Sprintf("+%d", uint64(i)*2654435761%1_000_000_000_000_000))
	}
	for _, s := range in {
		slow := s
		if _, _, c, err := parseNumber(s, DefaultRegion); err == nil {
			slow = c
		}
		if got := NormalizeMobile(s); got != slow {
			t.Errorf("NormalizeMobile(%q) = %q, parsing gives %q", s, got, slow)
		}
	}
}
