package mirror_test

import (
	"context"
	"strings"
	"testing"

	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
)

// Names are measured in characters: 86 CJK characters (258 bytes) and 64
// emoji (256 bytes) are ordinary names, mirrored like any other. A name the
// columns cannot hold fails that user alone: it is recorded with its id and
// reason, and everyone else is written.
func TestOneBadItemNeverFailsABatch(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 120, Departments: 6, Seed: 31}, feishusim.Config{})
	dept := f.org.Children(feishusim.RootDepartmentID)[0]
	cjk := strings.Repeat("龘", 86)
	emoji := strings.Repeat("😀", 64)
	huge := strings.Repeat("名", 1100)
	var ids []string
	for i, name := range []string{cjk, emoji, huge} {
		u, err := f.org.CreateUser(feishusim.User{Name: name, Mobile: "1350000000" + string(rune('1'+i)), DepartmentIDs: []string{dept}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.UserID)
	}
	res, err := f.pull(t, nil, nil)
	if err != nil {
		t.Fatalf("one bad name aborted the pull: %v", err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Kind != "user" || res.Errors[0].ExternalID != ids[2] ||
		!strings.Contains(res.Errors[0].Message, "name") || res.Counters.Failed != 1 {
		t.Fatalf("item errors %+v, counters %+v", res.Errors, res.Counters)
	}
	if got := f.user(t, ids[0]); got.Name != cjk || !inScopeUser(got) {
		t.Fatalf("86 CJK characters: %q", got.Name)
	}
	if got := f.user(t, ids[1]); got.Name != emoji {
		t.Fatalf("64 emoji: %q", got.Name)
	}
	active := f.org.Stats().ActiveUsers
	if n, _ := f.db.User.Query().Where(user.CorpID(f.corpID)).Count(f.ctx); n != active-1 || res.Counters.Created != active-1+len(f.org.Snapshot().Departments)+1 {
		t.Fatalf("%d users mirrored of %d (counters %+v)", n, active, res.Counters)
	}

	// A department name the columns cannot hold fails that department (and
	// waits with its subtree): nothing under it is taken for gone.
	if _, err := f.org.UpdateDepartment(dept, func(d *feishusim.Department) { d.Name = huge }); err != nil {
		t.Fatal(err)
	}
	res, err = f.pull(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Kind != "department" || res.Errors[0].ExternalID != dept || res.Counters.Removed != 0 || res.Counters.OutOfScope != 0 {
		t.Fatalf("bad department name: errors %+v, counters %+v", res.Errors, res.Counters)
	}
	if got := f.user(t, ids[0]); !inScopeUser(got) {
		t.Fatalf("a member of the refused department was marked: %+v", got)
	}
}

// noUserID drops user_id from one user, as Feishu does for every user when
// the app lacks the field permission.
type noUserID struct {
	platform.Directory
	victim string
}

func (d noUserID) DepartmentUsers(ctx context.Context, id string, fn func([]platform.DirUser) error) error {
	return d.Directory.DepartmentUsers(ctx, id, func(us []platform.DirUser) error {
		for i := range us {
			if us[i].ID == d.victim {
				us[i].ID = ""
			}
		}
		return fn(us)
	})
}

// A user without user_id is recorded (by open_id, saying which permission
// to enable) and the rest is written; since it cannot be matched to the
// mirror, nobody is marked removed by that pull.
func TestUserWithoutUserID(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 60, Departments: 4, Seed: 32}, feishusim.Config{})
	if _, err := f.pull(t, nil, nil); err != nil {
		t.Fatal(err)
	}
	victim := f.org.Members(f.org.Children(feishusim.RootDepartmentID)[0])[0]
	res, err := f.pull(t, noUserID{Directory: f.env.client, victim: victim}, nil)
	if err != nil {
		t.Fatalf("a user without user_id aborted the pull: %v", err)
	}
	var itemErr, skipped bool
	for _, e := range res.Errors {
		switch {
		case e.Kind == "user" && e.ExternalID == f.org.OpenID(f.env.client.AppID(), victim) && strings.Contains(e.Message, "contact:user.employee_id:readonly"):
			itemErr = true
		case e.Item == "removals":
			skipped = true
		}
	}
	if !itemErr || !skipped || res.Counters.Removed != 0 {
		t.Fatalf("errors %+v, counters %+v", res.Errors, res.Counters)
	}
	if got := f.user(t, victim); !inScopeUser(got) {
		t.Fatalf("the user without user_id was marked: %+v", got)
	}

	// The same through the simulator: an app without the field permission
	// gets every user without user_id. The pull still ends, with the
	// departments written and each user recorded.
	f.env.sim.SetScopes(f.env.client.AppID(), feishusim.ScopeContactReadonly)
	res, err = f.pull(t, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counters.Failed < f.org.Stats().ActiveUsers || res.Counters.Removed != 0 {
		t.Fatalf("without the field permission: counters %+v", res.Counters)
	}
}
