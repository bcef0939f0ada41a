package mirror_test

import (
	"context"
	"strings"
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/detail"
	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// editDir hands out the users of a directory changed by edit, for data the
// simulator (rightly) refuses to hold: invalid numbers, one number twice.
type editDir struct {
	platform.Directory
	edit func(*platform.DirUser)
}

func (d editDir) DepartmentUsers(ctx context.Context, id string, fn func([]platform.DirUser) error) error {
	return d.Directory.DepartmentUsers(ctx, id, func(page []platform.DirUser) error {
		for i := range page {
			d.edit(&page[i])
		}
		return fn(page)
	})
}

// TestMirrorCanonicalIdentifiers: the mirror stores mobiles and e-mails in
// canonical form, keeps a value that is not valid and flags it, and reports
// two people holding one number or mailbox in different spellings, without
// failing the run or dropping anyone.
func TestMirrorCanonicalIdentifiers(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	corp := db.Client.Corp.Create().SetName("Acme").SetPlatform("feishu").SaveX(ctx)
	org := feishusim.Generate(feishusim.GenOptions{Users: 20, Departments: 3, Seed: 4})
	f := &fixture{db: db.Client, ctx: ctx, corpID: corp.ID, env: newSim(t, org, broker.OpenTest(t), feishusim.Config{}), org: org}

	depts := 1 + 3 // the root's row and the generated departments
	var ids []string
	email := map[string]string{}
	for _, u := range org.Snapshot().Users {
		if !u.Resigned {
			ids = append(ids, u.UserID)
			email[u.UserID] = u.Email
		}
	}
	a, b, bad, c, d := ids[0], ids[1], ids[2], ids[3], ids[4]
	edits := map[string]func(*platform.DirUser){
		a:   func(u *platform.DirUser) { u.Mobile = "13900000004" },
		b:   func(u *platform.DirUser) { u.Mobile = "+86 139 0000 0004" },      // a's number
		bad: func(u *platform.DirUser) { u.Mobile = "+86138001380" },           // 9 digits
		c:   func(u *platform.DirUser) { u.Email = strings.ToUpper(email[d]) }, // d's mailbox
		d:   func(u *platform.DirUser) { u.Email = " " + email[d] },
	}
	dir := editDir{Directory: f.env.client, edit: func(u *platform.DirUser) {
		if e := edits[u.ID]; e != nil {
			e(u)
		}
	}}
	res, err := f.pull(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, second := min(a, b), max(a, b)
	firstMail, secondMail := min(c, d), max(c, d)
	wantErrors(t, res.Errors, map[string]string{
		"user " + bad:        `mobile "+86138001380" is not a valid number for CN; kept as the IM directory has it`,
		"user " + second:     `mobile +8613900000004 is also the mobile of user ` + first,
		"user " + secondMail: `e-mail ` + strings.ToLower(email[d]) + ` is also the e-mail of user ` + firstMail,
	})
	if res.Counters.Created != depts+len(ids) {
		t.Errorf("counters %+v: every person is mirrored", res.Counters)
	}
	stored := map[string]string{}
	for _, u := range f.db.User.Query().Where(user.CorpID(f.corpID)).AllX(f.ctx) {
		stored[u.ExternalID] = u.Mobile + " " + u.Email
	}
	for id, want := range map[string]string{
		a:   "+8613900000004 " + email[a],
		b:   "+8613900000004 " + email[b],
		bad: "+86138001380 " + email[bad],
		c:   "+86",
		d:   "+86",
	} {
		if !strings.HasPrefix(stored[id], want) {
			t.Errorf("user %s stored %q, want %q…", id, stored[id], want)
		}
	}
	local, domain, _ := strings.Cut(email[d], "@")
	if got := strings.Fields(stored[c])[1]; got != strings.ToUpper(local)+"@"+domain {
		t.Errorf("c's e-mail stored as %q: the domain lower-cased, the local part as written", got)
	}

	// Pulled again, the same data is unchanged (compared in canonical form)
	// and flagged again: the problems stay visible on every run.
	res, err = f.pull(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counters.Unchanged != depts+len(ids) || res.Counters.Updated != 0 || len(res.Errors) != 3 {
		t.Errorf("second pull: %+v, %+v", res.Counters, res.Errors)
	}

	// A row stored in an older form (past the hook, as a previous release
	// wrote it) is rewritten by the next pull.
	if _, err := db.SQL.ExecContext(ctx, `UPDATE users SET mobile = '13900000004' WHERE external_id = '`+a+`'`); err != nil {
		t.Fatal(err)
	}
	res, err = f.pull(t, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counters.Updated != 1 {
		t.Errorf("third pull: %+v", res.Counters)
	}
	if m := f.db.User.Query().Where(user.ExternalID(a)).OnlyX(f.ctx).Mobile; m != "+8613900000004" {
		t.Errorf("old-style row now %q", m)
	}
}

// wantErrors checks a run's errors: one per item, each containing its text.
func wantErrors(t *testing.T, got []detail.RunError, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d errors, want %d: %+v", len(got), len(want), got)
	}
	for _, e := range got {
		if w, ok := want[e.Item]; !ok || !strings.Contains(e.Message, w) {
			t.Errorf("error %s: %q; want …%q…", e.Item, e.Message, w)
		}
	}
}
