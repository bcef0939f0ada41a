package identifier_test

import (
	"fmt"
	"testing"

	"imbridge/ent/identifier"
)

// BenchmarkMobile canonicalises mainland numbers as an OA import sends them
// (no country code): the cost per user that validation and the User hook add
// to an import or a pull.
func BenchmarkMobile(b *testing.B) {
	in := make([]string, 1000)
	for i := range in {
		in[i] = fmt.Sprintf("139%08d", i*7919)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := identifier.Mobile(in[i%len(in)], ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizeMobile is the same for numbers already canonical, as
// Feishu returns them and as the hook sees them on every write.
func BenchmarkNormalizeMobile(b *testing.B) {
	in := make([]string, 1000)
	for i := range in {
		in[i] = fmt.Sprintf("+86139%08d", i*7919)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		identifier.NormalizeMobile(in[i%len(in)])
	}
}

func BenchmarkEmailKey(b *testing.B) {
	for b.Loop() {
		identifier.EmailKey("Zhang.San@Corp.example.com")
	}
}
