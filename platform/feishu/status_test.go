package feishu

import (
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

func TestUserStatus(t *testing.T) {
	yes, no := true, false
	for _, c := range []struct {
		s    *larkcontact.UserStatus
		want string
	}{
		{nil, platform.UserActive},
		{&larkcontact.UserStatus{IsActivated: &yes}, platform.UserActive},
		{&larkcontact.UserStatus{IsActivated: &no}, platform.UserActive}, // invited, not yet signed in
		{&larkcontact.UserStatus{IsUnjoin: &yes}, platform.UserActive},
		{&larkcontact.UserStatus{IsFrozen: &yes, IsActivated: &yes}, platform.UserDisabled},
		{&larkcontact.UserStatus{IsExited: &yes}, platform.UserResigned},
		{&larkcontact.UserStatus{IsResigned: &yes, IsFrozen: &yes}, platform.UserResigned},
	} {
		if got := userStatus(c.s); got != c.want {
			t.Errorf("%+v: got %s, want %s", c.s, got, c.want)
		}
	}
}

func TestUserPrimaryDepartment(t *testing.T) {
	d1, d2, yes := "d1", "d2", true
	u := user(&larkcontact.User{DepartmentIds: []string{d1, d2},
		Orders: []*larkcontact.UserOrder{{DepartmentId: &d1}, {DepartmentId: &d2, IsPrimaryDept: &yes}}})
	if u.PrimaryDepartmentID != d2 || len(u.Orders) != 2 {
		t.Fatalf("is_primary_dept ignored: %+v", u)
	}
	u = user(&larkcontact.User{DepartmentIds: []string{d1, d2}})
	if u.PrimaryDepartmentID != d1 {
		t.Fatalf("fallback to the first department: %+v", u)
	}
}
