package webhook_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// outcomes reads imbridge_feishu_events_total by outcome.
func outcomes(t *testing.T) map[string]float64 {
	t.Helper()
	mfs, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != "imbridge_feishu_events_total" {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "outcome" {
					out[l.GetValue()] = m.GetCounter().GetValue()
				}
			}
		}
	}
	return out
}

// Not parallel: parallel tests are paused while it runs, so the deltas are
// exactly this test's.
func TestMetrics(t *testing.T) {
	e := newEnv(t, testEncryptKey)
	before := outcomes(t)
	e.postSigned(e.envelope("evt-m1", nil))
	e.postSigned(e.envelope("evt-m1", nil))
	body := seal(t, e.envelope("evt-m2", nil), testEncryptKey)
	e.post(e.url, bytes.NewReader(body), signed(body, testEncryptKey, time.Now().Add(-time.Hour)))
	e.post(e.url, bytes.NewReader(body), signed(body, "nope", time.Now()))
	after := outcomes(t)
	for outcome, want := range map[string]float64{"delivered": 1, "duplicate": 1, "stale": 1, "bad_signature": 1, "malformed": 0} {
		if got := after[outcome] - before[outcome]; got != want {
			t.Errorf("outcome %s: +%v, want +%v", outcome, got, want)
		}
	}
}
