package orgsync_test

import (
	"testing"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/ent/user"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/orgsync"
)

// oaFields sets an OA user's gender and custom attributes.
func (e *env) oaFields(key string, g user.Gender, attrs map[string]string) {
	e.t.Helper()
	id := must(e.db.User.Query().Where(user.CorpIDIsNil(), user.ExternalID(key)).OnlyID(e.ctx))
	must(0, e.db.User.UpdateOneID(id).SetGender(g).SetAttributes(attrs).Exec(e.ctx))
}

// imRow reads the mirror's row of Feishu user id.
func (e *env) imRow(id string) (g string, attrs map[string]string) {
	u := must(e.db.User.Query().Where(user.CorpID(e.corp.ID), user.ExternalID(id)).Only(e.ctx))
	if u.Gender != nil {
		g = string(*u.Gender)
	}
	return g, u.Attributes
}

// Gender and a mapped custom attribute reach Feishu end to end: the OA
// directory's values are created with the user, a later change is
// patched, and the mirror (refreshed by the pull) holds what Feishu holds.
func TestGenderAndCustomAttributesReachFeishu(t *testing.T) {
	e := newEnv(t, feishusim.Config{})
	e.profile(func(u *ent.SyncProfileUpdateOne) {
		u.SetFieldMapping([]detail.FieldMap{{From: "name", To: "name", Direction: "both"}, {From: "mobile", To: "mobile", Direction: "both"},
			{From: "gender", To: "gender", Direction: "both"}, {From: "attribute:座机", To: "attribute:C-desk", Direction: "oa_to_im"}})
	})
	smallOA(e)
	e.oaFields("U2", user.GenderFemale, map[string]string{"座机": "8001"})
	must(e.start(orgsync.Request{}))
	im := imUserByMobile(t, e, "+8613800000002")
	if im.Gender != 2 || im.CustomAttrs["C-desk"] != "8001" {
		t.Fatalf("created in Feishu: gender %d attrs %v, want 2 (female) and C-desk=8001", im.Gender, im.CustomAttrs)
	}
	e.oaFields("U2", user.GenderMale, map[string]string{"座机": "8002"})
	run := must(e.start(orgsync.Request{}))
	if st := e.statuses(run.ID); st["failed"] != 0 || st["applied"] != 1 {
		t.Fatalf("second run: %v, want one update applied", st)
	}
	im = imUserByMobile(t, e, "+8613800000002")
	if im.Gender != 1 || im.CustomAttrs["C-desk"] != "8002" {
		t.Fatalf("patched in Feishu: gender %d attrs %v, want 1 (male) and C-desk=8002", im.Gender, im.CustomAttrs)
	}
	e.pull()
	if g, attrs := e.imRow(im.UserID); g != "male" || attrs["C-desk"] != "8002" {
		t.Fatalf("mirror: gender %q attributes %v", g, attrs)
	}
	// Nothing differs any more: a third plan is empty.
	run = must(e.start(orgsync.Request{DryRun: true}))
	if n := len(e.statuses(run.ID)); n != 0 {
		t.Fatalf("a third plan has changes: %v", e.statuses(run.ID))
	}
}

func imUserByMobile(t *testing.T, e *env, mobile string) feishusim.User {
	t.Helper()
	for _, u := range e.sim.Org().Snapshot().Users {
		if u.Mobile == mobile {
			return u
		}
	}
	t.Fatalf("no Feishu user with mobile %s", mobile)
	return feishusim.User{}
}
