package feishu_test

import (
	"fmt"
	"net/http"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

// Every department write through the SDK against the simulator, checked in
// the simulated directory.
func TestWriterDepartments(t *testing.T) {
	e := newWriteEnv(t)
	ctx := testCtx(t)
	org := e.sim.Org()
	top, err := e.client.CreateDepartment(ctx, "k-top", platform.NewDepartment{ID: "RD", ParentID: "0", Name: "研发中心", Order: intp(5)})
	if err != nil {
		t.Fatal(err)
	}
	if top.ID != "RD" || top.ParentID != "0" || top.Name != "研发中心" || top.Order != 5 || top.OpenID == "" {
		t.Fatalf("created: %+v", top)
	}
	child, err := e.client.CreateDepartment(ctx, "k-child", platform.NewDepartment{ParentID: "RD", Name: "前端组"})
	if err != nil || child.ID == "" || child.ParentID != "RD" {
		t.Fatalf("child: %+v %v", child, err)
	}
	up, err := e.client.UpdateDepartment(ctx, "k-up", child.ID, platform.DepartmentPatch{Name: strp("大前端组"), Order: intp(3)})
	if err != nil || up.Name != "大前端组" || up.Order != 3 {
		t.Fatalf("update: %+v %v", up, err)
	}
	moved, err := e.client.MoveDepartment(ctx, "k-move", child.ID, "0")
	if err != nil || moved.ParentID != "0" {
		t.Fatalf("move: %+v %v", moved, err)
	}
	if d, _ := org.Department(child.ID); d.ParentID != "0" || d.Name != "大前端组" || d.Order != 3 {
		t.Fatalf("in the directory: %+v", d)
	}
	for _, id := range []string{child.ID, "RD"} {
		if err := e.client.DeleteDepartment(ctx, "k-del-"+id, id); err != nil {
			t.Fatalf("delete %s: %v", id, err)
		}
	}
	if n := org.Stats().Departments; n != 0 {
		t.Fatalf("%d departments left", n)
	}
	// A delete repeated later finds the work done.
	if err := e.client.DeleteDepartment(ctx, "k-del-RD", "RD"); err != nil {
		t.Fatalf("repeated delete: %v", err)
	}
}

// Refusals come back as *platform.Error with Feishu's code and a hint; bad
// input is refused before anything is sent.
func TestWriterDepartmentRefusals(t *testing.T) {
	e := newWriteEnv(t)
	ctx := testCtx(t)
	org := e.sim.Org()
	a, _ := org.CreateDepartment(feishusim.Department{DepartmentID: "A", Name: "甲", ParentID: "0", Order: 1})
	b, _ := org.CreateDepartment(feishusim.Department{DepartmentID: "B", Name: "乙", ParentID: "0", Order: 2})
	if _, err := org.CreateUser(feishusim.User{Name: "成员", Mobile: "+8613000000001", DepartmentIDs: []string{b.DepartmentID}}); err != nil {
		t.Fatal(err)
	}
	_, err := e.client.CreateDepartment(ctx, "k1", platform.NewDepartment{ParentID: "nope", Name: "x"})
	wantCode(t, "unknown parent", err, feishusim.CodeNoDeptAuthority, "contact range")
	_, err = e.client.CreateDepartment(ctx, "k2", platform.NewDepartment{ParentID: "0", Name: "a/b"})
	wantCode(t, "slash", err, feishusim.CodeDeptNameSeparator, "slash")
	_, err = e.client.CreateDepartment(ctx, "k3", platform.NewDepartment{ParentID: "0", Name: "x", ID: "od-x"})
	wantCode(t, "custom id", err, feishusim.CodeDeptCustomIDBad, "department_id is invalid")
	_, err = e.client.CreateDepartment(ctx, "k4", platform.NewDepartment{ParentID: "0", Name: "x", Order: intp(2)})
	wantCode(t, "order", err, feishusim.CodeDeptOrderDuplicate, "order")
	_, err = e.client.UpdateDepartment(ctx, "k5", a.DepartmentID, platform.DepartmentPatch{Name: strp("乙")})
	wantCode(t, "rename to a sibling's name", err, feishusim.CodeDeptNameDuplicate, "this name")
	_, err = e.client.MoveDepartment(ctx, "k6", "0", a.DepartmentID)
	wantCode(t, "move the root", err, 40002, "root")
	err = e.client.DeleteDepartment(ctx, "k7", b.DepartmentID)
	wantCode(t, "delete with a member", err, feishusim.CodeDeptHasMembers, "still has users")
	if _, err := org.CreateDepartment(feishusim.Department{Name: "子", ParentID: a.DepartmentID}); err != nil {
		t.Fatal(err)
	}
	err = e.client.DeleteDepartment(ctx, "k8", a.DepartmentID)
	wantCode(t, "delete with a child", err, feishusim.CodeDeptHasChildren, "sub-departments")

	// A same-named sibling is the department a create asks for (same
	// level, same name: what matching binds): it is returned, not doubled.
	got, err := e.client.CreateDepartment(ctx, "k9", platform.NewDepartment{ParentID: "0", Name: "甲"})
	if err != nil || got.ID != a.DepartmentID || len(org.Children("0")) != 2 {
		t.Fatalf("create over a same-named sibling: %+v %v", got, err)
	}

	before := len(e.sim.Requests())
	for what, err := range map[string]error{
		"no key": func() error {
			_, err := e.client.CreateDepartment(ctx, "", platform.NewDepartment{ParentID: "0", Name: "x"})
			return err
		}(),
		"no name": func() error {
			_, err := e.client.CreateDepartment(ctx, "k", platform.NewDepartment{ParentID: "0"})
			return err
		}(),
		"empty name": func() error {
			_, err := e.client.UpdateDepartment(ctx, "k", "A", platform.DepartmentPatch{Name: strp("")})
			return err
		}(),
		"no parent":   func() error { _, err := e.client.MoveDepartment(ctx, "k", "A", ""); return err }(),
		"delete, key": e.client.DeleteDepartment(ctx, "", "A"),
	} {
		if err == nil {
			t.Errorf("%s: no error", what)
		}
	}
	if n := len(e.sim.Requests()) - before; n != 0 {
		t.Fatalf("refused input sent %d requests", n)
	}
}

// A create whose reply is lost after Feishu applied it is retried with the
// same client_token and yields the one department, whether the platform
// answers the repeat with the department or with "already exists", the
// reply came back as a 5xx or the connection dropped.
func TestWriterDepartmentCreateAfterLostReply(t *testing.T) {
	for _, c := range []struct {
		name   string
		how    feishusim.LostReply
		replay feishusim.ClientTokenReplay
		id     string
	}{
		{"5xx", feishusim.LostReplyStatus, feishusim.ReplayReturnsObject, ""},
		{"dropped", feishusim.LostReplyDrop, feishusim.ReplayReturnsObject, ""},
		{"5xx, repeat answered 43000", feishusim.LostReplyStatus, feishusim.ReplayAlreadyExists, ""},
		{"dropped, repeat answered 43000, custom id", feishusim.LostReplyDrop, feishusim.ReplayAlreadyExists, "OPS"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newWriteEnv(t)
			e.sim.SetClientTokenReplay(c.replay)
			e.sim.LoseNextReplies(1, c.how)
			d, err := e.client.CreateDepartment(testCtx(t), "run1:create:ops", platform.NewDepartment{ID: c.id, ParentID: "0", Name: "运维部"})
			if err != nil {
				t.Fatal(err)
			}
			kids := e.sim.Org().Children("0")
			if len(kids) != 1 || kids[0] != d.ID || d.Name != "运维部" {
				t.Fatalf("departments %v, returned %+v", kids, d)
			}
			if st := e.sim.Stats(); st.LostReplies != 1 {
				t.Fatalf("stats %+v", st)
			}
			// The creates carried the same client_token.
			var tokens []string
			for _, r := range e.sim.Requests() {
				if r.API == feishusim.APIDepartmentCreate {
					tokens = append(tokens, r.Query)
				}
			}
			if len(tokens) != 2 || tokens[0] != tokens[1] {
				t.Fatalf("create requests: %v", tokens)
			}
		})
	}
}

// Deletes and moves whose replies are lost succeed on the retry: the
// delete finds the department gone, the move finds it moved.
func TestWriterDepartmentWritesAfterLostReply(t *testing.T) {
	e := newWriteEnv(t)
	ctx := testCtx(t)
	org := e.sim.Org()
	a, _ := org.CreateDepartment(feishusim.Department{Name: "甲", ParentID: "0"})
	b, _ := org.CreateDepartment(feishusim.Department{Name: "乙", ParentID: "0"})
	e.sim.LoseNextReplies(1, feishusim.LostReplyDrop)
	if _, err := e.client.MoveDepartment(ctx, "k-move", b.DepartmentID, a.DepartmentID); err != nil {
		t.Fatal(err)
	}
	e.sim.LoseNextReplies(1, feishusim.LostReplyStatus)
	if err := e.client.DeleteDepartment(ctx, "k-del", b.DepartmentID); err != nil {
		t.Fatal(err)
	}
	if _, ok := org.Department(b.DepartmentID); ok || len(org.Children(a.DepartmentID)) != 0 {
		t.Fatal("department not deleted")
	}
}

// 429s are waited out (x-ogw-ratelimit-reset) and 5xx retried; every
// create still happens once.
func TestWriterDepartmentThrottledAndFailing(t *testing.T) {
	e := newEnv(t, feishusim.Config{}, func(p *feishu.Params) { p.Limits = writeUnlimited() })
	e.sim.SetAPILimit(feishusim.APIDepartmentCreate, feishusim.Limit{PerSecond: 2})
	ctx := testCtx(t)
	for i := range 5 {
		if i == 3 {
			e.sim.FailNext(2)
		}
		if _, err := e.client.CreateDepartment(ctx, fmt.Sprint("k", i), platform.NewDepartment{ParentID: "0", Name: fmt.Sprint("部门", i)}); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	st := e.sim.Stats()
	if n := len(e.sim.Org().Children("0")); n != 5 || st.RateLimited == 0 || st.Faults != 2 {
		t.Fatalf("%d departments, stats %+v", n, st)
	}
	var throttled int
	for _, r := range e.sim.Requests() {
		if r.Status == http.StatusTooManyRequests {
			throttled++
		}
	}
	if throttled != st.RateLimited {
		t.Fatalf("429s in the log %d, counted %d", throttled, st.RateLimited)
	}
}

// Lock conflicts (43030 "wait some seconds and retry") are retried a few
// times, then returned.
func TestWriterRetriesLockConflicts(t *testing.T) {
	e := newWriteEnv(t)
	ctx := testCtx(t)
	d, _ := e.sim.Org().CreateDepartment(feishusim.Department{Name: "甲", ParentID: "0"})
	e.sim.InjectCode(feishusim.APIDepartmentPatch, 2, http.StatusBadRequest, feishusim.CodeDeptUpdateLock, "update department lock error,wait some seconds and retry")
	if _, err := e.client.UpdateDepartment(ctx, "k1", d.DepartmentID, platform.DepartmentPatch{Name: strp("甲一")}); err != nil {
		t.Fatalf("after two lock conflicts: %v", err)
	}
	e.sim.InjectCode(feishusim.APIDepartmentPatch, 10, http.StatusBadRequest, feishusim.CodeDeptUpdateLock, "update department lock error,wait some seconds and retry")
	_, err := e.client.UpdateDepartment(ctx, "k2", d.DepartmentID, platform.DepartmentPatch{Name: strp("甲二")})
	wantCode(t, "persistent lock conflict", err, feishusim.CodeDeptUpdateLock, "concurrently")
	if got, _ := e.sim.Org().Department(d.DepartmentID); got.Name != "甲一" {
		t.Fatalf("name %q", got.Name)
	}
}
