package oaimport_test

import (
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/worker/oaimport"
)

// TestImportStoresCanonicalContacts: "13900000004" and "+8613900000004" are
// one number, stored once in E.164, and sending it in another spelling
// changes nothing.
func TestImportStoresCanonicalContacts(t *testing.T) {
	e := newEnv(t)
	e.run(oaimport.Input{Users: []U{{ExternalID: "a", Name: "甲", Mobile: "13900000004", Email: " Zhang.San@Corp.COM "}}})
	e.run(oaimport.Input{Users: []U{{ExternalID: "b", Name: "乙", Mobile: "９１２３ ４５６７"}}, DefaultRegion: "hk"})
	if u := e.user("a"); u.Mobile != "+8613900000004" || u.Email != "Zhang.San@corp.com" {
		t.Errorf("a stored %q %q", u.Mobile, u.Email)
	}
	if u := e.user("b"); u.Mobile != "+85291234567" {
		t.Errorf("b stored %q", u.Mobile)
	}
	c := e.run(oaimport.Input{Users: []U{
		{ExternalID: "a", Name: "甲", Mobile: "+86 139 0000 0004", Email: "Zhang.San@corp.com"},
		{ExternalID: "b", Name: "乙", Mobile: "+852 9123 4567"},
	}})
	wantCounters(t, c, counters(0, 0, 0, 2, 0))
	// The pair: a second person with the same number is refused.
	ps := e.invalid(oaimport.Input{Users: []U{{ExternalID: "c", Name: "丙", Mobile: "+8613900000004"}}})
	if len(ps) != 1 || ps[0].Field != "users[0].mobile" {
		t.Fatalf("problems: %s", list(ps))
	}
}

// TestImportRewritesStoredContacts: values stored before canonical forms
// (written here past the User hook, as an older release stored them) are
// compared in canonical form at once and rewritten by the next import that
// carries the person.
func TestImportRewritesStoredContacts(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "legacy")
	e := &env{t: t, client: db.Client, ctx: ctx}
	e.run(oaimport.Input{Users: []U{
		{ExternalID: "a", Name: "甲", Mobile: "+8613900000004", Email: "zs@example.com"},
		{ExternalID: "b", Name: "乙", Mobile: "+8613900000005"},
	}})
	if _, err := db.SQL.ExecContext(ctx, `UPDATE users SET mobile = '13900000004', email = 'ZS@Example.COM' WHERE external_id = 'a'`); err != nil {
		t.Fatal(err)
	}
	// A newcomer with a's number in another spelling collides with the
	// stored, old-style value.
	ps := e.invalid(oaimport.Input{Users: []U{{ExternalID: "c", Name: "丙", Mobile: "+86 139 0000 0004", Email: "zs@EXAMPLE.com"}}})
	if len(ps) != 2 || ps[0].Field != "users[0].mobile" || ps[1].Field != "users[0].email" {
		t.Fatalf("problems: %s", list(ps))
	}
	c := e.run(oaimport.Input{Users: []U{{ExternalID: "a", Name: "甲", Mobile: "13900000004", Email: "ZS@Example.COM"}}})
	wantCounters(t, c, counters(0, 1, 0, 0, 0))
	if u := e.user("a"); u.Mobile != "+8613900000004" || u.Email != "ZS@example.com" {
		t.Errorf("a stored %q %q", u.Mobile, u.Email)
	}
}
