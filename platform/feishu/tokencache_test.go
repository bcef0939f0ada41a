package feishu_test

import (
	"testing"

	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
)

// Two processes (clients) of one app share the token through Redis: one
// token request in all. The key is the SDK's own, which eviction relies on.
func TestTokenSharedThroughRedis(t *testing.T) {
	e := newEnv(t, feishusim.Config{}, nil)
	other := e.newClient(nil)
	ctx := testCtx(t)
	for _, c := range []platform.Directory{e.client, other, e.client, other} {
		if _, err := c.Department(ctx, platform.RootDepartmentID); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(e.sim, isTokenRequest); n != 1 {
		t.Fatalf("%d token requests, want 1", n)
	}
	key := e.b.Key("feishu", "token", "tenant_access_token-"+e.appID+"-")
	if v, err := e.b.Client.Get(ctx, key).Result(); err != nil || v == "" {
		t.Fatalf("token not under %s: %v", key, err)
	}

	// Expired on the platform: evicted, fetched again, call succeeds.
	e.sim.ExpireTokens(e.appID)
	if _, err := other.Department(ctx, platform.RootDepartmentID); err != nil {
		t.Fatal(err)
	}
	if n := count(e.sim, isTokenRequest); n != 2 {
		t.Fatalf("%d token requests after expiry, want 2", n)
	}
}
