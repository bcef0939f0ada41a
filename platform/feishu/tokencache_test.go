package feishu_test

import (
	"errors"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
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
	// Stored under the SDK's own key, inside the credentials' identity.
	pattern := e.b.Key("feishu", "token", "*", "tenant_access_token-"+e.appID+"-")
	keys, err := e.b.Client.Keys(ctx, pattern).Result()
	if err != nil || len(keys) != 1 {
		t.Fatalf("token keys matching %s: %v %v", pattern, keys, err)
	}
	if v, err := e.b.Client.Get(ctx, keys[0]).Result(); err != nil || v == "" {
		t.Fatalf("token not under %s: %v", keys[0], err)
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

// TestWrongSecretNeverGetsACachedToken: the SDK keys tokens by app id, so a
// client configured with the right app id but a wrong secret (another
// tenant typing in someone else's app id) must not be handed the token the
// right client cached: its calls fail with Feishu's credential error.
func TestWrongSecretNeverGetsACachedToken(t *testing.T) {
	e := newEnv(t, feishusim.Config{Org: bigOrgSmall()}, nil)
	ctx := testCtx(t)
	if _, err := e.client.Department(ctx, platform.RootDepartmentID); err != nil && !isNotFound(err) {
		t.Fatalf("right client: %v", err)
	}
	thief := e.newClient(func(p *feishu.Params) { p.AppSecret = "guessed-secret" })
	err := thief.ChildDepartments(ctx, platform.RootDepartmentID, func([]platform.DirDepartment) error { return nil })
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != feishusim.CodeAppSecretInvalid || pe.Class != platform.ClassCredentials {
		t.Fatalf("client with a wrong secret: %v (want Feishu error 10014, credentials)", err)
	}
	// The right client still works from its cache.
	if err := e.client.ChildDepartments(ctx, platform.RootDepartmentID, func([]platform.DirDepartment) error { return nil }); err != nil {
		t.Fatalf("right client after the wrong one: %v", err)
	}
}

func bigOrgSmall() *feishusim.Org {
	return feishusim.Generate(feishusim.GenOptions{Users: 10, Departments: 3, Seed: 3})
}

func isNotFound(err error) bool {
	var pe *platform.Error
	return errors.As(err, &pe) && pe.HTTPStatus == 403
}
