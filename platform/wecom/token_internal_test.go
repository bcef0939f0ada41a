package wecom

import "testing"

// A caller that read a token from Redis just before WeCom refused it must
// not put it back in memory after the refresh: the next caller (or its one
// retry) would send it again and meet 42001.
func TestRefusedTokenIsNotRememberedAgain(t *testing.T) {
	var ts tokenSource
	ts.remember("T1")
	ts.forget("T1")
	ts.remember("T1") // the late reader
	if got := ts.remembered(); got != "" {
		t.Fatalf("remembered %q after it was refused", got)
	}
	ts.remember("T2")
	if got := ts.remembered(); got != "T2" {
		t.Fatalf("remembered %q, want the fresh token", got)
	}
}
