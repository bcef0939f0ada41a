package orgsync_test

import (
	"context"
	"sort"
	"sync"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
)

// lossyWriter loses the reply of every write it makes, once, after the
// simulator applied it (LoseNextReplies): the adapter's retry repeats the
// write, and the run must end as if every reply had arrived. Writes go
// one at a time, so each loss lands on its own write.
type lossyWriter struct {
	platform.DirectoryWriter
	sim   *feishusim.Server
	how   feishusim.LostReply
	mu    sync.Mutex
	kinds map[string]int
}

func (l *lossyWriter) lose(kind string) func() {
	l.mu.Lock()
	l.kinds[kind]++
	l.sim.LoseNextReplies(1, l.how)
	return l.mu.Unlock
}

func (l *lossyWriter) CreateDepartment(ctx context.Context, key string, d platform.NewDepartment) (platform.DirDepartment, error) {
	defer l.lose("create_department")()
	return l.DirectoryWriter.CreateDepartment(ctx, key, d)
}

func (l *lossyWriter) UpdateDepartment(ctx context.Context, key, id string, p platform.DepartmentPatch) (platform.DirDepartment, error) {
	defer l.lose("update_department")()
	return l.DirectoryWriter.UpdateDepartment(ctx, key, id, p)
}

func (l *lossyWriter) MoveDepartment(ctx context.Context, key, id, parent string) (platform.DirDepartment, error) {
	defer l.lose("move_department")()
	return l.DirectoryWriter.MoveDepartment(ctx, key, id, parent)
}

func (l *lossyWriter) DeleteDepartment(ctx context.Context, key, id string) error {
	defer l.lose("delete_department")()
	return l.DirectoryWriter.DeleteDepartment(ctx, key, id)
}

func (l *lossyWriter) CreateUser(ctx context.Context, key string, u platform.NewUser) (platform.DirUser, error) {
	defer l.lose("create_user")()
	return l.DirectoryWriter.CreateUser(ctx, key, u)
}

func (l *lossyWriter) UpdateUser(ctx context.Context, key, id string, p platform.UserPatch) (platform.DirUser, error) {
	defer l.lose("update_user")()
	return l.DirectoryWriter.UpdateUser(ctx, key, id, p)
}

func (l *lossyWriter) MoveUser(ctx context.Context, key, id string, m platform.Memberships) (platform.DirUser, error) {
	defer l.lose("move_user")()
	return l.DirectoryWriter.MoveUser(ctx, key, id, m)
}

func (l *lossyWriter) DisableUser(ctx context.Context, key, id string) error {
	defer l.lose("disable_user")()
	return l.DirectoryWriter.DisableUser(ctx, key, id)
}

func (l *lossyWriter) EnableUser(ctx context.Context, key, id string) error {
	defer l.lose("enable_user")()
	return l.DirectoryWriter.EnableUser(ctx, key, id)
}

func (l *lossyWriter) DeleteUser(ctx context.Context, key, id string, a platform.ResourceAcceptors) error {
	defer l.lose("delete_user")()
	return l.DirectoryWriter.DeleteUser(ctx, key, id, a)
}

func (l *lossyWriter) ResurrectUser(ctx context.Context, key, id string, m platform.Memberships) error {
	defer l.lose("restore_user")()
	return l.DirectoryWriter.ResurrectUser(ctx, key, id, m)
}

// lifecycle drives four oa_to_im runs that, between them, make every kind
// of IM write target_im.go has; w (nil: the adapter) writes them. It
// returns each run's changes by action.
func lifecycle(t *testing.T, e *env, w platform.DirectoryWriter) map[string]int {
	t.Helper()
	actions := map[string]int{}
	run := func(step string) {
		t.Helper()
		r := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
		p := e.params(r, w)
		p.Concurrency = 1 // one write at a time: each loses its own reply
		p.Backoff = func(int) time.Duration { return time.Millisecond }
		c, err := orgsync.Execute(e.ctx, p)
		if err != nil || c.Failed != 0 {
			t.Fatalf("%s: %v, counters %+v, outcomes %v", step, err, c, e.statuses(r.ID))
		}
		e.db.SyncRun.UpdateOneID(r.ID).SetStatus(syncrun.StatusSucceeded).ExecX(e.ctx)
		for _, ch := range must(e.db.SyncChange.Query().Where(syncchange.RunID(r.ID)).All(e.ctx)) {
			if ch.Status != syncchange.StatusApplied {
				t.Fatalf("%s: %s %s is %s: %s", step, ch.Action, ch.Name, ch.Status, ch.Message)
			}
			actions[string(ch.Action)]++
		}
	}
	dept := func(key string) int {
		return must(e.db.Department.Query().Where(department.CorpIDIsNil(), department.ExternalID(key)).OnlyID(e.ctx))
	}
	moveOA := func(userKey, deptKey string) {
		u := must(e.db.User.Query().Where(user.CorpIDIsNil(), user.ExternalID(userKey)).OnlyID(e.ctx))
		must(e.db.Membership.Update().Where(membership.UserID(u)).SetDepartmentID(dept(deptKey)).Save(e.ctx))
	}

	// 1: creates.
	e.oaDept("D1", "总部", "")
	e.oaDept("D2", "研发", "D1")
	e.oaDept("D3", "销售", "D1")
	e.oaDept("D4", "临时", "D1")
	e.oaUser("U1", "张三", "+8613800000001", "D1")
	e.oaUser("U2", "李四", "+8613800000002", "D2")
	e.oaUser("U3", "王五", "+8613800000003", "D2")
	e.oaUser("U4", "赵六", "+8613800000004", "D3")
	e.oaUser("U5", "孙七", "+8613800000005", "D4")
	run("creates")
	// 2: a rename, a department moved, a field update, two people moved
	// (one out of a department the OA deleted), one disabled.
	e.oaDept("D2", "研发中心", "D1")
	e.oaDept("D3", "销售", "D2")
	must(0, e.db.User.Update().Where(user.CorpIDIsNil(), user.ExternalID("U1")).SetTitle("总经理").Exec(e.ctx))
	moveOA("U2", "D1")
	moveOA("U5", "D1")
	must(0, e.db.Department.UpdateOneID(dept("D4")).SetRemovedAt(time.Now()).Exec(e.ctx))
	e.oaStatus("U3", user.StatusDisabled)
	run("updates")
	// 3: one back, one deleted (offboarding: delete).
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetOffboarding(syncprofile.OffboardingDelete) })
	e.oaStatus("U3", user.StatusActive)
	e.oaStatus("U4", user.StatusResigned)
	run("offboarding")
	// 4: the deleted one rehired: the same account back.
	e.oaStatus("U4", user.StatusActive)
	run("rehire")
	return actions
}

// TestEveryIMWriteSurvivesALostReply: each kind of write the sync makes to
// Feishu (create, update, move and delete departments; create, update,
// move, disable, enable, delete and restore users) has its reply lost once
// after Feishu applied it — as a 5xx, and as a dropped connection. The
// repeat with the same client_token / on the same object changes nothing
// more: the org equals a run that lost nothing, with no second department
// or user, and every change is applied once.
func TestEveryIMWriteSurvivesALostReply(t *testing.T) {
	clean := newEnv(t, feishusim.Config{})
	want := lifecycle(t, clean, nil)
	wantOrg := imView(clean.sim.Org().Snapshot())
	wantStats := clean.sim.Org().Stats()
	kinds := []string{"create_department", "update_department", "move_department", "delete_department",
		"create_user", "update_user", "move_user", "disable_user", "enable_user", "delete_user", "restore_user"}
	for _, k := range kinds {
		if want[k] == 0 {
			t.Fatalf("the lifecycle makes no %s (changes %v): the test would not cover it", k, want)
		}
	}
	for _, how := range []struct {
		name string
		how  feishusim.LostReply
	}{{"5xx", feishusim.LostReplyStatus}, {"dropped", feishusim.LostReplyDrop}} {
		t.Run(how.name, func(t *testing.T) {
			e := newEnv(t, feishusim.Config{})
			l := &lossyWriter{DirectoryWriter: e.client, sim: e.sim, how: how.how, kinds: map[string]int{}}
			got := lifecycle(t, e, l)
			sameLines(t, wantOrg, imView(e.sim.Org().Snapshot()))
			if st := e.sim.Org().Stats(); st != wantStats {
				t.Fatalf("simulator holds %+v, the run without losses %+v", st, wantStats)
			}
			var missing []string
			for _, k := range kinds {
				if l.kinds[k] == 0 {
					missing = append(missing, k)
				}
			}
			sort.Strings(missing)
			if len(missing) > 0 || len(got) != len(want) {
				t.Fatalf("writes that lost a reply %v (none for %v); changes %v, without losses %v", l.kinds, missing, got, want)
			}
			lost := 0
			for _, n := range l.kinds {
				lost += n
			}
			if st := e.sim.Stats(); st.LostReplies != lost {
				t.Fatalf("%d replies lost, %d writes: %+v", st.LostReplies, lost, st)
			}
		})
	}
}
