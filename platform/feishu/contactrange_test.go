package feishu_test

import (
	"slices"
	"testing"

	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
)

// The app's contact range (通讯录权限范围) through the scopes API: all
// members is every top-level department and the root writable; a narrower
// range is its departments and the root not writable.
func TestContactRange(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 130, Departments: 60, Depth: 1, Seed: 9})
	e := newEnv(t, feishusim.Config{Org: org, RateLimit: feishusim.RateLimit{Disabled: true}}, nil)
	ctx := testCtx(t)
	top := org.Children(feishusim.RootDepartmentID)
	if len(top) <= 50 {
		t.Fatalf("%d top-level departments: the test wants more than a page", len(top))
	}
	r, err := e.client.ContactRange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(r.DepartmentIDs))
	if !r.All || !slices.Equal(got, slices.Sorted(slices.Values(top))) {
		t.Fatalf("all members: %+v, want All and the %d top-level departments", r, len(top))
	}
	if want := org.Members(feishusim.RootDepartmentID); !slices.Equal(slices.Sorted(slices.Values(r.UserIDs)), slices.Sorted(slices.Values(want))) {
		t.Errorf("users %v, want the root's members %v", r.UserIDs, want)
	}
	e.sim.SetContactRange(e.appID, top[3], top[1])
	r, err = e.client.ContactRange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.All || !slices.Equal(slices.Sorted(slices.Values(r.DepartmentIDs)), slices.Sorted(slices.Values([]string{top[1], top[3]}))) {
		t.Fatalf("narrow range: %+v, want %v and not All", r, []string{top[1], top[3]})
	}
	var _ platform.ContactRangeReader = e.client
}
