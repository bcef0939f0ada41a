package schema_test

import (
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/user"
)

// TestUserHookCanonicalIdentifiers writes mobiles and e-mails through every
// kind of User mutation and reads them back in canonical form: no write path
// can store "13900000004" next to "+8613900000004".
func TestUserHookCanonicalIdentifiers(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "hook")
	c := db.Client

	a := c.User.Create().SetExternalID("a").SetName("A").SetMobile(" 139-0000-0004 ").SetEmail(" Zhang.San@Corp.COM ").SaveX(ctx)
	bulk := c.User.CreateBulk(
		c.User.Create().SetExternalID("b").SetName("B").SetMobile("+86 139 0000 0005"),
		c.User.Create().SetExternalID("c").SetName("C").SetMobile("+86138001380").SetEmail("not an email "), // kept: not valid
	).SaveX(ctx)
	c.User.UpdateOneID(bulk[0].ID).SetEmail("LI.SI@EXAMPLE.CN").ExecX(ctx)
	c.User.Update().Where(user.ExternalID("c")).SetMobile("(+852) 9123 4567").ExecX(ctx)
	c.User.UpdateOne(a).SetNillableMobile(nil).ExecX(ctx) // nothing set: nothing to do

	want := map[string][2]string{
		"a": {"+8613900000004", "Zhang.San@corp.com"},
		"b": {"+8613900000005", "LI.SI@example.cn"},
		"c": {"+85291234567", "not an email"},
	}
	for _, u := range c.User.Query().AllX(ctx) {
		if w := want[u.ExternalID]; u.Mobile != w[0] || u.Email != w[1] {
			t.Errorf("user %s stored %q %q, want %q %q", u.ExternalID, u.Mobile, u.Email, w[0], w[1])
		}
	}
	// An invalid number is kept as written (trimmed), for the writer to flag.
	c.User.UpdateOneID(bulk[1].ID).SetMobile(" +86138001380 ").ExecX(ctx)
	if got := c.User.GetX(ctx, bulk[1].ID).Mobile; got != "+86138001380" {
		t.Errorf("invalid mobile stored as %q", got)
	}
}
