package graph_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"imbridge/ent/admin"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
)

func syncLimits() map[string][]ratelimit.Limit {
	m := map[string][]ratelimit.Limit{}
	for _, api := range []string{feishu.APIChildren, feishu.APIFindByDepartment, feishu.APICreateDepartment, feishu.APICreateUser,
		feishu.APIPatchUser, feishu.APIPatchUserMembership, feishu.APIPatchDepartment} {
		m[api] = []ratelimit.Limit{}
	}
	return m
}

type runState struct {
	ID, Status, Error string
	Total             int
	Plan              *struct {
		UsersCreated int
		Brake        struct {
			Tripped bool
			Reason  string
		}
		Tree []struct{ Name, Status string }
	}
}

const runFields = `id status error total plan { usersCreated brake { tripped reason } tree { name status } }`

// waitRun polls a run until it leaves queued/running.
func waitRun(t *testing.T, c *graphtest.Caller, id string) runState {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var out struct{ Node *runState }
		c.MustDo(`query($id: ID!) { node(id: $id) { ... on SyncRun { `+runFields+` } } }`, map[string]any{"id": id}, &out)
		if out.Node != nil && out.Node.Status != "queued" && out.Node.Status != "running" {
			return *out.Node
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %s still %+v", id, out.Node)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSyncThroughGraphQL: dry run, apply this plan, the brake's approval
// and an undo, all through the API with the worker and the simulator.
func TestSyncThroughGraphQL(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{Limits: syncLimits()})
	ten, adm, _ := env.Tenant("acme")
	sim := feishusim.New(feishusim.Config{Apps: []feishusim.App{{ID: "cli_sync", Secret: "s"}}, RateLimit: feishusim.RateLimit{Disabled: true}})
	defer sim.Close()
	srv := httptest.NewServer(sim)
	defer srv.Close()
	corpID, appID := feishuCorp(t, adm, srv.URL, "cli_sync", "s")

	users := []map[string]any{}
	for _, u := range []struct{ id, name, mobile, dept string }{
		{"U1", "张三", "13800000001", "D1"}, {"U2", "李四", "13800000002", "D2"}, {"U3", "王五", "13800000003", "D2"}, {"U4", "赵六", "13800000004", "D2"},
	} {
		users = append(users, map[string]any{"externalID": u.id, "name": u.name, "mobile": u.mobile,
			"memberships": []map[string]any{{"departmentExternalID": u.dept, "primary": true}}})
	}
	depts := []map[string]any{{"externalID": "D1", "name": "总部"}, {"externalID": "D2", "name": "研发", "parentExternalID": "D1"}}
	adm.MustDo(importDirectory, map[string]any{"in": map[string]any{"departments": depts, "users": users, "complete": true}}, nil)

	// Without a profile: refused, naming the field.
	if code, e := adm.ErrCode(`mutation($c: ID!) { previewSync(input: {corpID: $c}) { id } }`, map[string]any{"c": corpID}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "corpID" {
		t.Fatalf("preview without a profile: %s %+v", code, e)
	}
	// Bad settings are refused by field.
	for field, in := range map[string]map[string]any{
		"input.userIDField":            {"userIDField": "password"},
		"input.autoBindField":          {"autoBindField": "name"},
		"input.oaToImSchedule":         {"oaToImSchedule": "every day"},
		"input.disabledDepartmentName": {"disabledDepartmentName": "  "},
		"input.scopeUsersExclude[1]":   {"scopeUsersExclude": []string{"U1", "U1"}},
		"input.resourceAcceptorUserID": {"resourceAcceptor": "user", "resourceAcceptorUserID": "nobody"},
	} {
		in["corpID"], in["appID"] = corpID, appID
		if code, e := adm.ErrCode(createSyncProfile, map[string]any{"in": in}); code != "BAD_USER_INPUT" || e.Extensions["field"] != field {
			t.Errorf("%v: %s %+v, want BAD_USER_INPUT on %s", in, code, e, field)
		}
	}
	var prof struct{ CreateSyncProfile struct{ ID string } }
	adm.MustDo(createSyncProfile, map[string]any{"in": map[string]any{"corpID": corpID, "appID": appID, "mode": "oa_to_im",
		"permission": "read_write", "createUsers": true, "autoBindField": "mobile", "thresholdCount": 1}}, &prof)
	if code, e := adm.ErrCode(`mutation($p: ID!) { setSyncFieldMapping(profileID: $p, mapping: [{from: "name", to: "name", direction: "sideways"}]) { id } }`,
		map[string]any{"p": prof.CreateSyncProfile.ID}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "mapping[0].direction" {
		t.Fatalf("bad mapping: %s %+v", code, e)
	}
	adm.MustDo(`mutation($p: ID!) { setSyncFieldMapping(profileID: $p, mapping: [{from: "name", to: "name", direction: "both"}, {from: "mobile", to: "mobile", direction: "oa_to_im"}]) { fieldMapping { from to direction } } }`,
		map[string]any{"p": prof.CreateSyncProfile.ID}, nil)

	// Dry run: the plan is stored, Feishu is untouched.
	var pv struct{ PreviewSync struct{ ID string } }
	adm.MustDo(`mutation($c: ID!) { previewSync(input: {corpID: $c}) { id } }`, map[string]any{"c": corpID}, &pv)
	dry := waitRun(t, adm, pv.PreviewSync.ID)
	if dry.Status != "succeeded" || dry.Total != 6 || dry.Plan.UsersCreated != 4 || len(dry.Plan.Tree) != 2 || dry.Plan.Tree[0].Status != "new" {
		t.Fatalf("dry run: %+v", dry)
	}
	if sim.Org().Stats().Users != 0 {
		t.Fatal("a dry run wrote to Feishu")
	}
	var changes struct {
		SyncChanges struct {
			TotalCount int
			Edges      []struct {
				Node struct{ Action, Status, Name string }
			}
		}
	}
	adm.MustDo(`query($r: ID!) { syncChanges(runID: $r, where: {action: create_user}) { totalCount edges { node { action status name } } } }`,
		map[string]any{"r": dry.ID}, &changes)
	if changes.SyncChanges.TotalCount != 4 || changes.SyncChanges.Edges[0].Node.Status != "pending" {
		t.Fatalf("filtered changes: %+v", changes)
	}

	// Apply this plan.
	var ap struct{ ApplySyncPlan struct{ ID string } }
	adm.MustDo(`mutation($r: ID!) { applySyncPlan(runID: $r) { id } }`, map[string]any{"r": dry.ID}, &ap)
	if st := waitRun(t, adm, ap.ApplySyncPlan.ID); st.Status != "succeeded" || sim.Org().Stats().ActiveUsers != 4 {
		t.Fatalf("apply: %+v, %+v", st, sim.Org().Stats())
	}

	// The OA import drops two people: over the threshold of 1, the run waits.
	adm.MustDo(importDirectory, map[string]any{"in": map[string]any{"departments": depts, "users": users[:2], "complete": true}}, nil)
	var start struct{ StartSync struct{ ID string } }
	adm.MustDo(`mutation($c: ID!) { startSync(input: {corpID: $c}) { id } }`, map[string]any{"c": corpID}, &start)
	held := waitRun(t, adm, start.StartSync.ID)
	if held.Status != "awaiting_approval" || !held.Plan.Brake.Tripped || !strings.Contains(held.Plan.Brake.Reason, "threshold") {
		t.Fatalf("brake: %+v", held)
	}
	var pending struct{ PendingSyncApprovals int }
	adm.MustDo(`{ pendingSyncApprovals }`, nil, &pending)
	if pending.PendingSyncApprovals != 1 || sim.Org().Stats().ActiveUsers != 4 {
		t.Fatalf("pending %d, org %+v", pending.PendingSyncApprovals, sim.Org().Stats())
	}
	// A second writing sync waits for this one.
	if code, _ := adm.ErrCode(`mutation($c: ID!) { startSync(input: {corpID: $c}) { id } }`, map[string]any{"c": corpID}); code != "CONFLICT" {
		t.Fatalf("second sync while one awaits approval: %s", code)
	}
	// The brake puts a person between the plan and the disables: a token
	// that may start syncs, or an operator, may not approve; both may reject.
	for name, c := range map[string]*graphtest.Caller{
		"sync:write token": env.Token(ten.ID, "ci", viewer.ScopeSyncWrite),
		"operator":         env.Admin("op-sync", admin.RoleOperator, ten.ID),
	} {
		if code, e := c.ErrCode(`mutation($r: ID!) { approveSyncRun(id: $r) { status } }`, map[string]any{"r": held.ID}); code != "FORBIDDEN" || e.Extensions["reason"] != "sync_approver_required" {
			t.Fatalf("%s approving a held run: %s %v", name, code, e)
		}
	}
	if st := waitRun(t, adm, held.ID); st.Status != "awaiting_approval" || sim.Org().Stats().ActiveUsers != 4 {
		t.Fatalf("after refused approvals: %+v, %+v", st, sim.Org().Stats())
	}
	var appr struct{ ApproveSyncRun struct{ Status string } }
	adm.MustDo(`mutation($r: ID!) { approveSyncRun(id: $r) { status } }`, map[string]any{"r": held.ID}, &appr)
	if st := waitRun(t, adm, held.ID); st.Status != "succeeded" {
		t.Fatalf("approved run: %+v", st)
	}
	frozen := 0
	for _, u := range sim.Org().Snapshot().Users {
		if u.Frozen {
			frozen++
		}
	}
	if frozen != 2 {
		t.Fatalf("%d users disabled after approval, want 2", frozen)
	}
	if code, _ := adm.ErrCode(`mutation($r: ID!) { approveSyncRun(id: $r) { status } }`, map[string]any{"r": held.ID}); code != "CONFLICT" {
		t.Fatalf("approving twice: %s", code)
	}

	// Undo, as a dry run first.
	var undo struct{ UndoSyncRun struct{ ID string } }
	adm.MustDo(`mutation($r: ID!) { undoSyncRun(input: {runID: $r}) { id } }`, map[string]any{"r": held.ID}, &undo)
	if st := waitRun(t, adm, undo.UndoSyncRun.ID); st.Status != "succeeded" || st.Total != 2 {
		t.Fatalf("undo dry run: %+v", st)
	}
	var ua struct{ ApplySyncPlan struct{ ID string } }
	adm.MustDo(`mutation($r: ID!) { applySyncPlan(runID: $r) { id } }`, map[string]any{"r": undo.UndoSyncRun.ID}, &ua)
	if st := waitRun(t, adm, ua.ApplySyncPlan.ID); st.Status != "succeeded" {
		t.Fatalf("undo: %+v", st)
	}
	for _, u := range sim.Org().Snapshot().Users {
		if u.Frozen {
			t.Fatalf("%s still disabled after the undo", u.Name)
		}
	}
}
