package mirror_test

import (
	"testing"

	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/mirror"
)

// pullInRange is a pull from the root fitted to the app's contact range, as
// the worker runs it.
func (f *fixture) pullInRange(t *testing.T) (mirror.Result, error) {
	t.Helper()
	f.run++
	p, err := mirror.InRange(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: f.env.client, Top: platform.RootDepartmentID})
	if err != nil {
		return mirror.Result{}, err
	}
	return mirror.Run(f.ctx, p)
}

// A person the contact range grants one by one (their department is not in
// the range) is pulled with the granted departments, without memberships
// (their department is not mirrored), and stays in scope on the next pull;
// their colleague is not pulled. Taken out of the range, they are out of
// scope; a range of people only pulls just them.
func TestPullMirrorsUsersGrantedOneByOne(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 40, Departments: 4, Seed: 31}, feishusim.Config{})
	s := newScopedOrg(t, f)
	var people []string
	for i, name := range []string{"戊", "己"} {
		u, err := f.org.CreateUser(feishusim.User{Name: name, Mobile: "1370000000" + string(rune('1'+i)), DepartmentIDs: []string{s.outside}})
		if err != nil {
			t.Fatal(err)
		}
		people = append(people, u.UserID)
	}
	granted, colleague := people[0], people[1]
	app := f.env.client.AppID()
	f.env.sim.SetContactRange(app, s.top)
	f.env.sim.SetContactRangeUsers(app, granted)

	if _, err := f.pullInRange(t); err != nil {
		t.Fatalf("pull: %v", err)
	}
	u := f.user(t, granted)
	if !inScopeUser(u) || len(u.Edges.Memberships) != 0 || u.Name != "戊" {
		t.Fatalf("granted user mirrored as %+v in %v", u, deptsOf(u))
	}
	if n := f.db.User.Query().Where(user.CorpID(f.corpID), user.ExternalID(colleague)).CountX(f.ctx); n != 0 {
		t.Fatal("the granted user's colleague was mirrored")
	}
	if m := f.user(t, s.childMembers[0]); !inScopeUser(m) || !contains(deptsOf(m), s.child) {
		t.Fatalf("member of the granted department: %+v", m)
	}
	// A contact event for them keeps them in scope; one for their
	// colleague (41050 on the read) mirrors nobody.
	if err := f.target(platform.RootDepartmentID).ApplyUser(f.ctx, granted); err != nil {
		t.Fatalf("event for the granted user: %v", err)
	}
	if u := f.user(t, granted); !inScopeUser(u) {
		t.Fatalf("an event took the granted user out of scope: %+v", u)
	}
	if err := f.target(platform.RootDepartmentID).ApplyUser(f.ctx, colleague); err != nil {
		t.Fatalf("event for the colleague: %v", err)
	}
	if n := f.db.User.Query().Where(user.CorpID(f.corpID), user.ExternalID(colleague), user.OutOfScopeAtIsNil()).CountX(f.ctx); n != 0 {
		t.Fatal("an event mirrored the granted user's colleague")
	}
	res, err := f.pullInRange(t)
	if err != nil {
		t.Fatalf("second pull: %v", err)
	}
	if u := f.user(t, granted); !inScopeUser(u) || res.Counters.Failed != 0 {
		t.Fatalf("second pull left the granted user %+v (counters %+v)", u, res.Counters)
	}

	f.env.sim.SetContactRangeUsers(app)
	if _, err := f.pullInRange(t); err != nil {
		t.Fatalf("pull after the grant was taken back: %v", err)
	}
	if u := f.user(t, granted); u.OutOfScopeAt == nil || u.RemovedAt != nil {
		t.Fatalf("user no longer granted: %+v", u)
	}

	// People only: no department to start from, the person still pulled.
	f.env.sim.SetContactRange(app)
	f.env.sim.SetContactRangeUsers(app, colleague)
	if _, err := f.pullInRange(t); err != nil {
		t.Fatalf("pull of a range of people: %v", err)
	}
	if u := f.user(t, colleague); !inScopeUser(u) {
		t.Fatalf("person of a people-only range: %+v", u)
	}
	if m := f.user(t, s.childMembers[0]); m.OutOfScopeAt == nil {
		t.Fatalf("a department no longer granted kept its member in scope: %+v", m)
	}
}
