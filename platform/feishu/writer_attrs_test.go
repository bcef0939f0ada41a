package feishu_test

import (
	"testing"

	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
)

// Gender and custom attributes (custom_attrs, TEXT, by attribute id) go
// out on user/create and user/patch and come back on a read; a patch sets
// only the attributes it names.
func TestWriterGenderAndCustomAttrs(t *testing.T) {
	e := newWriteEnv(t)
	ctx := testCtx(t)
	a, _, _ := userOrg(t, e)
	u, err := e.client.CreateUser(ctx, "k-attr", platform.NewUser{ID: "u100", Name: "韩梅梅", Mobile: "+8613900000100",
		Gender: platform.GenderFemale, Attributes: map[string]string{"C-desk": "8001", "C-empty": ""},
		Memberships: platform.Memberships{Primary: a}})
	if err != nil {
		t.Fatal(err)
	}
	if u.Gender != platform.GenderFemale || u.Attributes["C-desk"] != "8001" || len(u.Attributes) != 1 {
		t.Fatalf("created: gender %q attributes %v, want female and only C-desk=8001 (an empty value is not sent)", u.Gender, u.Attributes)
	}
	if su, _ := e.sim.Org().User("u100"); su.Gender != 2 || su.CustomAttrs["C-desk"] != "8001" {
		t.Fatalf("in the directory: gender %d attrs %v", su.Gender, su.CustomAttrs)
	}
	male := platform.GenderMale
	if _, err := e.client.UpdateUser(ctx, "k-attr-up", "u100", platform.UserPatch{Gender: &male,
		Attributes: map[string]string{"C-room": "A-301"}}); err != nil {
		t.Fatal(err)
	}
	got, err := e.client.User(ctx, "u100")
	if err != nil {
		t.Fatal(err)
	}
	if got.Gender != platform.GenderMale || got.Attributes["C-desk"] != "8001" || got.Attributes["C-room"] != "A-301" {
		t.Fatalf("after the patch: gender %q attributes %v", got.Gender, got.Attributes)
	}
	bad := platform.Gender("男")
	if _, err := e.client.UpdateUser(ctx, "k-attr-bad", "u100", platform.UserPatch{Gender: &bad}); err == nil {
		t.Fatal("a gender outside unknown, male, female, other was sent")
	}
}

// A user delete hands the resources to the acceptors named, and the
// simulator records who received what (user/delete body).
func TestWriterDeleteHandsOverResources(t *testing.T) {
	e := newWriteEnv(t)
	ctx := testCtx(t)
	a, _, _ := userOrg(t, e)
	org := e.sim.Org()
	heir, _ := org.CreateUser(feishusim.User{Name: "接收人", Mobile: "+8613000000019", DepartmentIDs: []string{a}})
	leaver, _ := org.CreateUser(feishusim.User{Name: "离职人", Mobile: "+8613000000018", DepartmentIDs: []string{a}})
	if err := e.client.DeleteUser(ctx, "k-del", leaver.UserID, platform.ResourceAcceptors{Docs: heir.UserID, DepartmentChats: heir.UserID}); err != nil {
		t.Fatal(err)
	}
	got := e.sim.HandedOver(leaver.UserID)
	if len(got) != 2 || got[feishusim.ResourceDocs] != heir.UserID || got[feishusim.ResourceDepartmentChat] != heir.UserID {
		t.Fatalf("handed over %v, want docs and department chats to %s", got, heir.UserID)
	}
}
