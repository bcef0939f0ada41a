package feishu

import (
	"maps"
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

func textAttr(id, text string) *larkcontact.UserCustomAttr {
	return larkcontact.NewUserCustomAttrBuilder().Type("TEXT").Id(id).
		Value(larkcontact.NewUserCustomAttrValueBuilder().Text(text).Build()).Build()
}

// A patch with custom_attrs sets the user's list to what it sends (an
// attribute left out is cleared, as department_ids is replaced); a patch
// without custom_attrs keeps them (未传递的参数不会更新, user/patch).
func TestPatchCustomAttrsIsTheWholeList(t *testing.T) {
	org := Generate(GenOptions{Users: 5, Departments: 2, Seed: 3})
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	w := userWriter{t, e}
	uid := org.Members(org.Children(RootDepartmentID)[0])[0]
	attrs := func() map[string]string { u, _ := org.User(uid); return u.CustomAttrs }

	if r := w.patch(uid, larkcontact.NewUserBuilder().CustomAttrs([]*larkcontact.UserCustomAttr{textAttr("C-desk", "8001"), textAttr("C-room", "A-301")}).Build()); !r.Success() {
		t.Fatalf("patch: %d %s", r.Code, r.Msg)
	}
	if got := attrs(); !maps.Equal(got, map[string]string{"C-desk": "8001", "C-room": "A-301"}) {
		t.Fatalf("after setting two: %v", got)
	}
	if r := w.patch(uid, larkcontact.NewUserBuilder().JobTitle("工程师").Build()); !r.Success() {
		t.Fatalf("patch: %d %s", r.Code, r.Msg)
	}
	if got := attrs(); len(got) != 2 {
		t.Fatalf("a patch without custom_attrs changed them: %v", got)
	}
	if r := w.patch(uid, larkcontact.NewUserBuilder().CustomAttrs([]*larkcontact.UserCustomAttr{textAttr("C-room", "B-1")}).Build()); !r.Success() {
		t.Fatalf("patch: %d %s", r.Code, r.Msg)
	}
	if got := attrs(); !maps.Equal(got, map[string]string{"C-room": "B-1"}) {
		t.Fatalf("a list of one: %v, want only C-room", got)
	}
}
