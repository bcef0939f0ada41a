package orgsync_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"imbridge/ent"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
)

// imID is the Feishu user_id the mirror holds for mobile.
func (e *env) imID(mobile string) string {
	return must(e.db.User.Query().Where(user.CorpID(e.corp.ID), user.Mobile(mobile)).Only(e.ctx)).ExternalID
}

// acceptorRun starts a run with the profile's resource acceptor wired in
// as the worker wires it, and settles its status.
func (e *env) acceptorRun() (*ent.SyncRun, error) {
	e.t.Helper()
	run := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
	p := e.params(run, nil)
	p.Target = func(_ context.Context, prof *ent.SyncProfile) (orgsync.Target, error) {
		return &orgsync.IMTarget{W: e.client, CorpID: e.corp.ID, By: "test", Acceptor: orgsync.AcceptorOf(prof), Dir: e.client}, nil
	}
	c, err := orgsync.Execute(e.ctx, p)
	st := syncrun.StatusSucceeded
	switch {
	case err != nil:
		st = syncrun.StatusFailed
	case c.Failed > 0:
		st = syncrun.StatusSucceededWithErrors
	}
	return must(e.db.SyncRun.UpdateOneID(run.ID).SetStatus(st).SetCounters(c).Save(e.ctx)), err
}

// Offboarding by delete hands the leaver's resources to the profile's
// named receiver (Feishu user/delete acceptor fields); a receiver who is
// no longer active fails the delete with a message saying so, and nothing
// is deleted.
func TestDeleteHandsResourcesToTheAcceptor(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	heir := e.imID("+8613800000001") // 张三, bound by the first run
	if err := orgsync.CheckAcceptor(e.ctx, e.db, e.corp.ID, syncprofile.ResourceAcceptorUser, heir); err != nil {
		t.Fatalf("a bound active user is refused: %v", err)
	}
	e.profile(func(u *ent.SyncProfileUpdateOne) {
		u.SetOffboarding(syncprofile.OffboardingDelete).SetResourceAcceptor(syncprofile.ResourceAcceptorUser).SetResourceAcceptorUserID(heir)
	})
	leaver := e.imID("+8613800000003") // 王五
	e.oaStatus("U3", user.StatusResigned)
	run, err := e.acceptorRun()
	if err != nil {
		t.Fatal(err)
	}
	if st := e.statuses(run.ID); st[syncchange.StatusApplied] != 1 || st[syncchange.StatusFailed] != 0 {
		t.Fatalf("changes %v, want the delete applied", st)
	}
	got := e.sim.HandedOver(leaver)
	for _, r := range []string{feishusim.ResourceDepartmentChat, feishusim.ResourceExternalChat, feishusim.ResourceDocs,
		feishusim.ResourceCalendar, feishusim.ResourceApplication, feishusim.ResourceMinutes, feishusim.ResourceSurvey} {
		if got[r] != heir {
			t.Errorf("%s went to %q, want %s", r, got[r], heir)
		}
	}

	// The receiver is suspended in Feishu since the setting was saved (one
	// the sync leaves alone: not in the OA, so no run enables them again).
	gone := must(e.sim.Org().CreateUser(feishusim.User{Name: "停用者", Mobile: "+8613800000077", DepartmentIDs: []string{"0"}, Frozen: true}))
	heir = gone.UserID
	e.profile(func(u *ent.SyncProfileUpdateOne) { u.SetResourceAcceptorUserID(heir) })
	leaver2 := e.imID("+8613800000002") // 李四
	e.oaStatus("U2", user.StatusResigned)
	run, err = e.acceptorRun()
	if err != nil {
		t.Fatal(err)
	}
	ch := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID), syncchange.StatusEQ(syncchange.StatusFailed)).Only(e.ctx))
	if !strings.Contains(ch.Message, heir) || !strings.Contains(ch.Message, "not active") {
		t.Fatalf("failed change says %q, want the receiver named as not active", ch.Message)
	}
	if u, _ := e.sim.Org().User(leaver2); u.Resigned {
		t.Fatal("the user was deleted without a receiver")
	}
}

// The setting is validated before it is saved: the receiver must be an
// active user of the corp's mirror bound to an OA user.
func TestCheckAcceptorNamesTheRule(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	smallOA(e)
	must(e.start(orgsync.Request{}))
	stranger := must(e.sim.Org().CreateUser(feishusim.User{Name: "外人", Mobile: "+8613800000099", DepartmentIDs: []string{"0"}}))
	e.pull()
	leaver := e.imID("+8613800000003")
	id := must(e.db.User.Query().Where(user.CorpID(e.corp.ID), user.ExternalID(leaver)).OnlyID(e.ctx))
	must(0, e.db.User.UpdateOneID(id).SetStatus(user.StatusResigned).Exec(e.ctx))
	for _, c := range []struct{ name, id, rule string }{
		{"missing", "", "is required"},
		{"unknown", "nobody", "no user of this corp"},
		{"not bound", stranger.UserID, "not bound"},
		{"resigned", leaver, "not an active user"},
	} {
		err := orgsync.CheckAcceptor(e.ctx, e.db, e.corp.ID, syncprofile.ResourceAcceptorUser, c.id)
		var ie *orgsync.InputError
		if !errors.As(err, &ie) || ie.Field != "input.resourceAcceptorUserID" || !strings.Contains(ie.Rule, c.rule) {
			t.Errorf("%s: %v, want input.resourceAcceptorUserID: …%s…", c.name, err, c.rule)
		}
	}
	if err := orgsync.CheckAcceptor(e.ctx, e.db, e.corp.ID, syncprofile.ResourceAcceptorLeader, ""); err != nil {
		t.Errorf("leader needs no user: %v", err)
	}
}
