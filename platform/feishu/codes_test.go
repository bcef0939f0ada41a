package feishu_test

import (
	"errors"
	"strings"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

// Every refusal the simulator can produce reaches the caller classified,
// and the refusals an admin must fix carry what to change.
func TestErrorsAreClassifiedOnce(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 20, Departments: 3, Depth: 1, Seed: 6})
	e := newEnv(t, feishusim.Config{Org: org, RateLimit: feishusim.RateLimit{Disabled: true}}, nil)
	ctx := testCtx(t)
	top := org.Children(feishusim.RootDepartmentID)
	class := func(what string, err error, want platform.ErrorClass, hint string) {
		t.Helper()
		var pe *platform.Error
		if !errors.As(err, &pe) || pe.Class != want || platform.ClassOf(err) != want {
			t.Fatalf("%s: got %v (class %v), want %v", what, err, platform.ClassOf(err), want)
		}
		if !strings.Contains(pe.Hint, hint) || !strings.Contains(err.Error(), pe.Hint) {
			t.Fatalf("%s: hint %q lacks %q (error %q)", what, pe.Hint, hint, err)
		}
	}

	// A wrong secret: 10014 on the token endpoint, whichever way the token
	// is fetched, is a credentials problem with the remedy.
	bad := e.newClient(func(p *feishu.Params) { p.AppSecret = "wrong" })
	_, err := bad.TenantAccessToken(ctx)
	class("wrong secret (token)", err, platform.ClassCredentials, "App Secret")
	_, err = bad.Department(ctx, top[0])
	class("wrong secret (API)", err, platform.ClassCredentials, "App Secret")

	// A missing scope refuses the app.
	e.sim.SetScopes(e.appID, feishusim.ScopeMessageSendAsBot)
	_, err = e.client.Department(ctx, top[0])
	class("missing scope", err, platform.ClassPermission, "权限管理")
	e.sim.SetScopes(e.appID, feishusim.DefaultScopes...)

	// Outside the contact range: 40004 for departments, 41050 for users.
	e.sim.SetContactRange(e.appID, top[0])
	err = e.client.DepartmentUsers(ctx, top[1], func([]platform.DirUser) error { return nil })
	class("department outside the range", err, platform.ClassOutOfRange, "通讯录权限范围")
	_, err = e.client.User(ctx, org.Members(top[1])[0])
	class("user outside the range", err, platform.ClassOutOfRange, "通讯录权限范围")
	e.sim.SetContactRange(e.appID)

	// Gone: an unknown department or user.
	_, err = e.client.Department(ctx, "no-such-dept")
	class("unknown department", err, platform.ClassNotFound, "")
	_, err = e.client.User(ctx, "no-such-user")
	class("unknown user", err, platform.ClassNotFound, "")

	// 5xx after the wrapper's own retries: transient.
	e.sim.FailNext(10)
	_, err = e.client.Department(ctx, top[0])
	class("server errors", err, platform.ClassTransient, "")
	if !platform.ClassTransient.Retryable() || platform.ClassCredentials.Retryable() || !platform.ClassPermission.Refusal() {
		t.Fatal("retryable/refusal")
	}
}
