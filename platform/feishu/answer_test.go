package feishu_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"imbridge/platform/feishu"
	"imbridge/worker/broker"
)

// A host that is not Feishu's own (a private allow-list entry aimed at an
// internal JSON service) answering in the Open Platform's shape: with
// WithholdUnknown (the bridge's clients for such hosts) the message of a
// code the bridge does not know never reaches the error, while a known
// code keeps Feishu's message.
func TestUnknownCodesMessageWithheldFromOtherHosts(t *testing.T) {
	const secret = "INTERNAL-service-10.1.2.3-password=hunter2"
	code := `{"code":4242424,"msg":"` + secret + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, code)
	}))
	t.Cleanup(srv.Close)
	client := func(withhold bool) *feishu.Client {
		c, err := feishu.New(feishu.Params{AppID: "cli_x", AppSecret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WithholdUnknown: withhold})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	_, err := client(true).TenantAccessToken(context.Background())
	if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "4242424") {
		t.Fatalf("withheld: %v", err)
	}
	if _, err := client(false).TenantAccessToken(context.Background()); err == nil || !strings.Contains(err.Error(), secret) {
		t.Fatalf("without withholding the message is Feishu's: %v", err)
	}
	code = `{"code":10014,"msg":"app secret invalid"}` // a code the bridge knows keeps its message
	if _, err := client(true).TenantAccessToken(context.Background()); err == nil || !strings.Contains(err.Error(), "app secret invalid") {
		t.Fatalf("known code: %v", err)
	}
	for _, c := range []struct {
		url  string
		want bool
	}{{"https://open.feishu.cn", true}, {"https://open.larksuite.com", true}, {"https://feishu.example.com", false},
		{"http://open.feishu.cn", false}, {srv.URL, false}, {"https://evilfeishu.cn", false}} {
		if got := feishu.FeishuHost(c.url); got != c.want {
			t.Errorf("FeishuHost(%s) = %v", c.url, got)
		}
	}
}

// The OAuth endpoints of a host that is not Feishu's own may refuse
// without a code, as OAuth servers do (an error_description alone, or
// user_info's msg with code 0): with WithholdUnknown that text never
// reaches the error (the QR login page and its audit record show it).
func TestCodelessOAuthRefusalWithheldFromOtherHosts(t *testing.T) {
	const secret = "INTERNAL-sso-10.1.2.3-password=hunter2"
	var tokenAnswer string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/open-apis/authen/v2/oauth/token":
			if tokenAnswer != "" {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = io.WriteString(w, tokenAnswer)
				return
			}
			_, _ = io.WriteString(w, `{"code":0,"access_token":"u-1","token_type":"Bearer","expires_in":7200}`)
		case "/open-apis/authen/v1/user_info":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"code":0,"msg":"`+secret+`"}`)
		}
	}))
	t.Cleanup(srv.Close)
	client := func(withhold bool) *feishu.Client {
		c, err := feishu.New(feishu.Params{AppID: "cli_x", AppSecret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WithholdUnknown: withhold})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for name, answer := range map[string]string{
		"token refusal": `{"code":0,"error":"invalid_grant","error_description":"` + secret + `"}`,
		"user_info":     "",
	} {
		tokenAnswer = answer
		_, err := client(true).Identify(context.Background(), "code-1", "https://bridge.example/sso/feishu/callback")
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("%s, withheld: %v", name, err)
		}
		if _, err := client(false).Identify(context.Background(), "code-1", "https://bridge.example/sso/feishu/callback"); err == nil || !strings.Contains(err.Error(), secret) {
			t.Errorf("%s, Feishu's own host keeps the message: %v", name, err)
		}
	}
}
