package webhook_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/platform/egress"
	"imbridge/worker/webhook"
)

// The demo's allowance reaches its stand-in OA for the demo tenant only:
// another tenant, another path of the same host, or a path that climbs out
// of the prefix stays on the strict policy, both when the URL is entered
// and when an event is sent.
func TestScopedAllowanceIsOneTenantsPath(t *testing.T) {
	e := newEnv(t, envOptions{egress: egress.New(egress.Params{Setting: webhook.Setting, Subject: webhook.Subject})})
	rc := newReceiver(t, func(_ int, _ request, w http.ResponseWriter) { w.WriteHeader(http.StatusOK) })
	e.sender.Scoped = &webhook.Scoped{TenantID: e.tenant, Prefix: rc.URL + "/demo/oa",
		Egress: egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1"), Setting: webhook.Setting, Subject: webhook.Subject})}
	_, otherCtx := dbtest.Tenant(t, e.db, "globex")

	if err := e.sender.CheckURL(e.ctx, rc.URL+"/demo/oa/webhook"); err != nil {
		t.Fatalf("the demo tenant's receiver refused: %v", err)
	}
	for name, c := range map[string]struct {
		ctx context.Context
		url string
	}{
		"another tenant":       {otherCtx, rc.URL + "/demo/oa/webhook"},
		"another path":         {e.ctx, rc.URL + "/query"},
		"a prefix lookalike":   {e.ctx, rc.URL + "/demo/oax"},
		"climbing out":         {e.ctx, rc.URL + "/demo/oa/../../query"},
		"escaped climbing out": {e.ctx, rc.URL + "/demo/oa/%2e%2e/query"},
	} {
		if err := e.sender.CheckURL(c.ctx, c.url); err == nil {
			t.Errorf("%s: %s accepted", name, c.url)
		}
	}

	ok, _ := e.endpoint(rc.URL + "/demo/oa/webhook")
	if _, res := e.sender.SendTest(e.ctx, ok); res.Outcome != webhook.Delivered {
		t.Fatalf("the demo receiver: %+v", res)
	}
	bad, _ := e.endpoint(rc.URL + "/query") // stored behind the check's back
	if _, res := e.sender.SendTest(e.ctx, bad); res.Outcome == webhook.Delivered || !strings.Contains(res.Error, "private") && res.Status != 0 {
		t.Fatalf("another path of the host: %+v", res)
	}
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("the receiver got %d requests, want 1", n)
	}
}
