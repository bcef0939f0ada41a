package orgsync_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"imbridge/ent"
	"imbridge/ent/auditevent"
	"imbridge/ent/binding"
	"imbridge/ent/department"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
)

// smallOA is 总部 › 研发 with three people.
func smallOA(e *env) {
	e.oaDept("D1", "总部", "")
	e.oaDept("D2", "研发", "D1")
	e.oaUser("U1", "张三", "+8613800000001", "D1")
	e.oaUser("U2", "李四", "+8613800000002", "D2")
	e.oaUser("U3", "王五", "+8613800000003", "D2")
}

func TestOAToIMCreatesTheOrgAndBindsWhatItCreates(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	run, err := e.start(orgsync.Request{})
	if err != nil {
		t.Fatal(err)
	}
	sameLines(t, []string{
		"D /总部/", "D /总部/研发/",
		"U 张三 +8613800000001 active [/总部/]",
		"U 李四 +8613800000002 active [/总部/研发/]",
		"U 王五 +8613800000003 active [/总部/研发/]",
	}, imView(e.sim.Org().Snapshot()))
	if st := e.statuses(run.ID); st[syncchange.StatusApplied] != 5 || len(st) != 1 {
		t.Fatalf("change statuses = %v, want 5 applied", st)
	}
	if n := must(e.db.Binding.Query().Where(binding.MethodEQ(binding.MethodCreated)).Count(e.ctx)); n != 5 {
		t.Fatalf("bindings made by the creates = %d, want 5 (2 departments, 3 users)", n)
	}
	// The mirror follows the writes: a second run plans no write.
	before := writes(e.sim)
	run2, err := e.start(orgsync.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if run2.Total != 0 || writes(e.sim) != before {
		t.Fatalf("second run planned %d changes and wrote %d times, want none", run2.Total, writes(e.sim)-before)
	}
}

func TestDryRunStoresThePlanAndWritesNothing(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	dry, err := e.start(orgsync.Request{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if writes(e.sim) != 0 {
		t.Fatalf("a dry run wrote %d times", writes(e.sim))
	}
	if dry.Total != 5 || dry.Plan == nil || dry.Plan.DepartmentsNew != 2 || len(dry.Plan.Tree) != 2 || dry.Plan.Tree[0].Status != "new" {
		t.Fatalf("dry run plan = total %d, %+v", dry.Total, dry.Plan)
	}
	if st := e.statuses(dry.ID); st[syncchange.StatusPending] != 5 {
		t.Fatalf("stored changes = %v, want 5 pending", st)
	}

	// Apply this plan: nothing changed since, so exactly it is applied.
	apply := must(orgsync.CreateApply(e.ctx, e.db, dry.ID, "admin"))
	apply, err = e.execute(apply, nil)
	if err != nil {
		t.Fatal(err)
	}
	if apply.Plan.ChangedSince != nil || e.statuses(apply.ID)[syncchange.StatusApplied] != 5 {
		t.Fatalf("apply of an unchanged plan: %+v, %v", apply.Plan.ChangedSince, e.statuses(apply.ID))
	}
	dryKeys := must(e.db.SyncChange.Query().Where(syncchange.RunID(dry.ID)).Order(ent.Asc(syncchange.FieldOrdinal)).Select(syncchange.FieldKey).Strings(e.ctx))
	applied := must(e.db.SyncChange.Query().Where(syncchange.RunID(apply.ID)).Order(ent.Asc(syncchange.FieldOrdinal)).Select(syncchange.FieldKey).Strings(e.ctx))
	if strings.Join(dryKeys, ",") != strings.Join(applied, ",") {
		t.Fatalf("applied changes differ from the dry run's")
	}
}

func TestApplyThisPlanReplansWhenTheDirectoryChanged(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	dry := must(e.start(orgsync.Request{DryRun: true}))
	e.oaUser("U4", "赵六", "+8613800000004", "D2") // the OA changed since
	apply := must(orgsync.CreateApply(e.ctx, e.db, dry.ID, "admin"))
	apply, err := e.execute(apply, nil)
	if !errors.Is(err, orgsync.ErrAwaitingApproval) || apply.Status != syncrun.StatusAwaitingApproval {
		t.Fatalf("err = %v, status %s; want awaiting approval", err, apply.Status)
	}
	if d := apply.Plan.ChangedSince; d == nil || d.Added != 1 || d.Removed != 0 {
		t.Fatalf("difference = %+v, want 1 added", d)
	}
	if writes(e.sim) != 0 {
		t.Fatal("a changed plan was applied without approval")
	}
}

func TestBrakeStopsUntilApproved(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetThresholdCount(1) })
	e.oaStatus("U2", user.StatusResigned)
	e.oaStatus("U3", user.StatusResigned)
	before := e.sim.Org().Snapshot()
	w0 := writes(e.sim)

	run, err := e.start(orgsync.Request{})
	if !errors.Is(err, orgsync.ErrAwaitingApproval) || run.Status != syncrun.StatusAwaitingApproval {
		t.Fatalf("err = %v, status %s", err, run.Status)
	}
	if writes(e.sim) != w0 {
		t.Fatal("a plan over the threshold wrote before approval")
	}
	if !run.Plan.Brake.Tripped || run.Plan.Brake.Disable != 2 || !strings.Contains(run.Plan.Brake.Reason, "over the threshold") {
		t.Fatalf("brake = %+v", run.Plan.Brake)
	}
	if n := must(orgsync.PendingApprovals(e.ctx, e.db)); n != 1 {
		t.Fatalf("pending approvals = %d", n)
	}
	if n := must(e.db.AuditEvent.Query().Where(auditevent.Action("sync.awaiting_approval")).Count(e.ctx)); n != 1 {
		t.Fatalf("alerts in the audit log = %d, want 1", n)
	}
	// Executing again (a retried task) still waits.
	if _, err := e.execute(run, nil); !errors.Is(err, orgsync.ErrAwaitingApproval) || writes(e.sim) != w0 {
		t.Fatalf("retry: %v, %d writes", err, writes(e.sim)-w0)
	}
	sameLines(t, imView(before), imView(e.sim.Org().Snapshot()))
	// Another writing run is refused, saying what to do about the wait.
	_, err = orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID})
	var st *orgsync.StateError
	if !errors.As(err, &st) || !strings.Contains(st.Msg, fmt.Sprintf("approve or reject run %d", run.ID)) ||
		!strings.Contains(st.Msg, "/sync?tab=approvals") || !strings.Contains(st.Msg, "deletion brake") {
		t.Fatalf("a second run while one waits: %v", err)
	}

	run = must(orgsync.Approve(e.ctx, e.db, run.ID, "admin"))
	if _, err := e.execute(run, nil); err != nil {
		t.Fatal(err)
	}
	got := imView(e.sim.Org().Snapshot())
	for _, want := range []string{"U 李四 +8613800000002 disabled [/总部/研发/]", "U 王五 +8613800000003 disabled [/总部/研发/]"} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Fatalf("after approval: %v lacks %q", got, want)
		}
	}
}

func TestRejectDiscardsThePlan(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetThresholdPercent(10) })
	e.oaStatus("U1", user.StatusResigned)
	w0 := writes(e.sim)
	run, _ := e.start(orgsync.Request{})
	if run.Status != syncrun.StatusAwaitingApproval {
		t.Fatalf("status %s: 1 of 3 users is over 10%%", run.Status)
	}
	run = must(orgsync.Reject(e.ctx, e.db, run.ID, "admin", "not now"))
	if run.Status != syncrun.StatusCanceled || e.statuses(run.ID)[syncchange.StatusSkipped] != run.Total {
		t.Fatalf("rejected run: %s, %v", run.Status, e.statuses(run.ID))
	}
	if _, err := orgsync.Approve(e.ctx, e.db, run.ID, "admin"); err == nil {
		t.Fatal("a rejected run was approved")
	}
	if writes(e.sim) != w0 {
		t.Fatal("a rejected plan wrote")
	}
}

func TestReadOnlyNeverWrites(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetPermission("read_only") })
	run, err := e.start(orgsync.Request{})
	if !errors.Is(err, orgsync.ErrPlan) || !strings.Contains(err.Error(), "read_only") || run.Status != syncrun.StatusFailed {
		t.Fatalf("err = %v, status %s", err, run.Status)
	}
	if writes(e.sim) != 0 {
		t.Fatalf("a read_only profile wrote %d times", writes(e.sim))
	}
	// A plan stored while read_write is refused once the profile is read_only.
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetPermission("read_write").SetThresholdCount(1) })
	must(e.start(orgsync.Request{}))
	e.oaStatus("U2", user.StatusResigned)
	e.oaStatus("U3", user.StatusResigned)
	run, _ = e.start(orgsync.Request{})
	run = must(orgsync.Approve(e.ctx, e.db, run.ID, "admin"))
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetPermission("read_only") })
	w0 := writes(e.sim)
	if _, err := e.execute(run, nil); !errors.Is(err, orgsync.ErrPlan) || writes(e.sim) != w0 {
		t.Fatalf("approved plan under read_only: %v, %d writes", err, writes(e.sim)-w0)
	}
}

func TestTopDepartmentMismatchStopsBeforeWriting(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	must(e.sim.Org().CreateDepartment(feishusim.Department{Name: "演示部门", ParentID: "0"}))
	e.oaDept("R", "Re部门", "")
	e.oaUser("U1", "张三", "+8613800000001", "R")
	_, err := e.start(orgsync.Request{})
	if !errors.Is(err, orgsync.ErrPlan) || !strings.Contains(err.Error(), "top department mismatch") {
		t.Fatalf("err = %v", err)
	}
	if writes(e.sim) != 0 {
		t.Fatal("wrote despite the mismatch")
	}
	// With the top department set (the seed's 其他部门), the OA tree is mounted under it.
	other := must(e.sim.Org().CreateDepartment(feishusim.Department{Name: "其他部门", ParentID: "0"}))
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetTopDepartmentID(other.DepartmentID) })
	if _, err := e.start(orgsync.Request{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(imView(e.sim.Org().Snapshot()), "\n"); !strings.Contains(got, "D /其他部门/Re部门/") ||
		!strings.Contains(got, "U 张三 +8613800000001 active [/其他部门/Re部门/]") {
		t.Fatalf("not mounted under the top department:\n%s", got)
	}
}

// failingWriter refuses to create departments named bad.
type failingWriter struct {
	platform.DirectoryWriter
	bad string
}

func (f failingWriter) CreateDepartment(ctx context.Context, key string, d platform.NewDepartment) (platform.DirDepartment, error) {
	if d.Name == f.bad {
		return platform.DirDepartment{}, &platform.Error{Platform: "feishu", Code: 40011, Msg: "department name is invalid", Class: platform.ClassInvalid}
	}
	return f.DirectoryWriter.CreateDepartment(ctx, key, d)
}

func TestOneFailureSkipsOnlyWhatDependsOnIt(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	e.oaDept("D3", "销售", "D1")
	e.oaUser("U9", "孙七", "+8613800000009", "D3")
	run := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
	run, err := e.execute(run, failingWriter{e.client, "研发"})
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != syncrun.StatusSucceededWithErrors {
		t.Fatalf("status %s", run.Status)
	}
	rows := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID)).All(e.ctx))
	for _, r := range rows {
		want := syncchange.StatusApplied
		switch r.Name {
		case "研发":
			want = syncchange.StatusFailed
			if r.Code != "40011" || !strings.Contains(r.Message, "invalid") {
				t.Errorf("failed change records code %q message %q", r.Code, r.Message)
			}
		case "李四", "王五":
			want = syncchange.StatusSkipped
		}
		if r.Status != want {
			t.Errorf("%s %s: %s, want %s", r.Action, r.Name, r.Status, want)
		}
	}
	got := strings.Join(imView(e.sim.Org().Snapshot()), "\n")
	if !strings.Contains(got, "U 孙七 +8613800000009 active [/总部/销售/]") || strings.Contains(got, "研发") {
		t.Fatalf("org after a partial failure:\n%s", got)
	}
}

func TestUndoReversesWhatItCan(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	first := must(e.start(orgsync.Request{}))
	if _, err := orgsync.CreateUndo(e.ctx, e.db, first.ID, false, "admin"); err != nil {
		t.Fatal(err)
	}
	// (the run above is queued; drive a dry one first, as the console does)
	e.db.SyncRun.Update().Where(syncrun.PurposeEQ(syncrun.PurposeUndo)).SetStatus(syncrun.StatusCanceled).ExecX(e.ctx)
	dry := must(orgsync.CreateUndo(e.ctx, e.db, first.ID, true, "admin"))
	w0 := writes(e.sim)
	dry, err := e.execute(dry, nil)
	if err != nil {
		t.Fatal(err)
	}
	if writes(e.sim) != w0 || dry.Total == 0 {
		t.Fatalf("undo dry run: %d writes, %d changes", writes(e.sim)-w0, dry.Total)
	}
	undo := must(orgsync.CreateApply(e.ctx, e.db, dry.ID, "admin"))
	if _, err := e.execute(undo, nil); err != nil {
		t.Fatal(err)
	}
	for _, l := range imView(e.sim.Org().Snapshot()) {
		if strings.HasPrefix(l, "U ") && !strings.Contains(l, " disabled ") {
			t.Errorf("created user not offboarded by the undo: %s", l)
		}
	}
}

// TestOrderTakenBySiblingStillCreates: an OA order a Feishu sibling has
// (43005) places the new department after its siblings instead.
func TestOrderTakenBySiblingStillCreates(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	hq := must(e.sim.Org().CreateDepartment(feishusim.Department{Name: "总部", ParentID: "0"}))
	must(e.sim.Org().CreateDepartment(feishusim.Department{Name: "财务", ParentID: hq.DepartmentID, Order: 5}))
	e.oaDept("D1", "总部", "")
	e.oaDept("D2", "法务", "D1")
	must(0, e.db.Department.Update().Where(department.ExternalID("D2")).SetOrder(5).Exec(e.ctx))
	run, err := e.start(orgsync.Request{})
	if err != nil || run.Status != syncrun.StatusSucceeded {
		t.Fatalf("%v, %s: %v", err, run.Status, e.statuses(run.ID))
	}
	if got := strings.Join(imView(e.sim.Org().Snapshot()), "\n"); !strings.Contains(got, "D /总部/法务/") {
		t.Fatalf("not created:\n%s", got)
	}
}
