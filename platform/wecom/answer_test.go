package wecom_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"imbridge/platform/ratelimit"
	"imbridge/platform/wecom"
	"imbridge/worker/broker"
)

// An allow-listed host that is not WeCom's answering in WeCom's shape:
// with WithholdUnknown (the bridge's clients for such hosts) the errmsg of
// an unknown code never reaches the error; a known code keeps WeCom's.
func TestUnknownErrmsgWithheldFromOtherHosts(t *testing.T) {
	const secret = "INTERNAL-service-10.1.2.3-password=hunter2"
	answer := `{"errcode":4242424,"errmsg":"` + secret + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	b := broker.OpenTest(t)
	token := func(withhold bool) error {
		c, err := wecom.New(wecom.Params{CorpID: "ww1", AgentID: "1000002", Secret: "s", BaseURL: srv.URL, Broker: b, Egress: simEgress,
			Limiter: ratelimit.New(b), WithholdUnknown: withhold})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Probe(context.Background())
		return err
	}
	if err := token(true); err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "4242424") {
		t.Fatalf("withheld: %v", err)
	}
	if err := token(false); err == nil || !strings.Contains(err.Error(), secret) {
		t.Fatalf("without withholding: %v", err)
	}
	answer = `{"errcode":40001,"errmsg":"invalid credential"}`
	if err := token(true); err == nil || !strings.Contains(err.Error(), "invalid credential") {
		t.Fatalf("known code: %v", err)
	}
	if !wecom.WeComHost("https://qyapi.weixin.qq.com") || wecom.WeComHost(srv.URL) || wecom.WeComHost("https://qyapi.weixin.qq.com.evil.cn") {
		t.Fatal("WeComHost")
	}
}
