package orgsync_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
)

// TestIncrementalRunTouchesOnlyWhatTheImportTouched: after an OA import
// that was not complete, the small run applies the changes about the
// imported keys (and what they need), nothing else.
func TestIncrementalRunTouchesOnlyWhatTheImportTouched(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	e.oaDept("D3", "销售", "D1")
	e.oaUser("U4", "赵六", "+8613800000004", "D3")
	e.oaUser("U5", "孙七", "+8613800000005", "D2")
	// Without sync_on_oa_import, no run.
	if runs := must(orgsync.CreateIncremental(e.ctx, e.db, syncprofile.ModeOaToIm, 0, []string{"U4"}, syncrun.TriggerEvent, "test")); len(runs) != 0 {
		t.Fatalf("runs without sync_on_oa_import: %d", len(runs))
	}
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetSyncOnOaImport(true) })
	runs := must(orgsync.CreateIncremental(e.ctx, e.db, syncprofile.ModeOaToIm, 0, []string{"U4"}, syncrun.TriggerEvent, "test"))
	if len(runs) != 1 || runs[0].Purpose != syncrun.PurposeIncremental {
		t.Fatalf("runs = %+v", runs)
	}
	var inc orgsync.Incremental
	must(0, json.Unmarshal(runs[0].Payload, &inc))
	run, err := e.execute(runs[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	names := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID)).Order(ent.Asc(syncchange.FieldOrdinal)).Select(syncchange.FieldName).Strings(e.ctx))
	if strings.Join(names, ",") != "销售,赵六" {
		t.Fatalf("incremental changes = %v, want the department U4 needs and U4", names)
	}
	got := strings.Join(imView(e.sim.Org().Snapshot()), "\n")
	if !strings.Contains(got, "赵六") || strings.Contains(got, "孙七") {
		t.Fatalf("org after the small run:\n%s", got)
	}
}

// TestOffboardingDeletesUsersDisabledLongAgo: the daily run deletes the
// accounts of people who left and were disabled delete_after_days ago,
// through a normal run with the brake.
func TestOffboardingDeletesUsersDisabledLongAgo(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	e.oaStatus("U2", user.StatusResigned)
	e.oaStatus("U3", user.StatusResigned)
	must(e.start(orgsync.Request{})) // disables both
	// U2 was disabled ten days ago, U3 today.
	imU2 := must(e.db.User.Query().Where(user.CorpID(e.corp.ID), user.Name("李四")).Only(e.ctx))
	must(0, imU2.Update().SetStatusChangedAt(time.Now().AddDate(0, 0, -10)).Exec(e.ctx))

	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetDeleteAfterDays(7) })
	p := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID, Purpose: syncrun.PurposeOffboarding, Trigger: syncrun.TriggerSchedule}))
	params := e.params(p, nil)
	params.Refresh = nil // the mirror keeps the disable dates the test set
	if _, err := orgsync.Execute(e.ctx, params); err != nil {
		t.Fatal(err)
	}
	rows := must(e.db.SyncChange.Query().Where(syncchange.RunID(p.ID)).All(e.ctx))
	if len(rows) != 1 || rows[0].Action != syncchange.ActionDeleteUser || rows[0].Name != "李四" || rows[0].ReasonCode != "disabled_long_ago" {
		t.Fatalf("offboarding changes = %+v", rows)
	}
	got := strings.Join(imView(e.sim.Org().Snapshot()), "\n")
	if !strings.Contains(got, "U 李四 +8613800000002 resigned") || !strings.Contains(got, "U 王五 +8613800000003 disabled") {
		t.Fatalf("org after offboarding:\n%s", got)
	}
}
