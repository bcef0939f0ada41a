package volcano_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"imbridge/platform/volcano"
	"imbridge/worker/broker"
)

// A host that is not Volcano's answering in the OpenAPI's envelope: with
// WithholdUnknown (the bridge's clients for such hosts) the Code and
// Message of an unknown code never reach the error; a known code keeps
// Volcano's words; Volcano's own host is quoted.
func TestUnknownMessageWithheldFromOtherHosts(t *testing.T) {
	const secret = "INTERNAL-service-10.1.2.3-password=hunter2"
	answer := `{"ResponseMetadata":{"RequestId":"r1","Action":"GetActivityAPI","Error":{"Code":"Internal.` + secret + `","CodeN":4242,"Message":"` + secret + `"}}}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	b := broker.OpenTest(t)
	get := func(withhold bool) error {
		c, err := volcano.New(volcano.Params{AccessKeyID: ak, SecretAccessKey: sk, BaseURL: srv.URL, Broker: b, Egress: simEgress, WithholdUnknown: withhold})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetActivity(context.Background(), 1)
		return err
	}
	if err := get(true); err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "not shown") {
		t.Fatalf("withheld: %v", err)
	}
	if err := get(false); err == nil || !strings.Contains(err.Error(), secret) {
		t.Fatalf("without withholding: %v", err)
	}
	answer = `{"ResponseMetadata":{"RequestId":"r2","Error":{"Code":"InvalidParameter.ActivityNotExist","Message":"直播间不存在"}}}`
	if err := get(true); err == nil || !strings.Contains(err.Error(), "直播间不存在") {
		t.Fatalf("a known code: %v", err)
	}
	for base, want := range map[string]bool{
		"https://livesaas.volcengineapi.com":         true,
		"https://open.volcengineapi.com/":            true,
		"http://livesaas.volcengineapi.com":          false, // not https
		"https://livesaas.volcengineapi.com.evil.cn": false,
		"https://evilvolcengineapi.com":              false,
		srv.URL:                                      false,
		"https://10.0.0.5":                           false,
	} {
		if got := volcano.VolcanoHost(base); got != want {
			t.Errorf("VolcanoHost(%q) = %v, want %v", base, got, want)
		}
	}
}
