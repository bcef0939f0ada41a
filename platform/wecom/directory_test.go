package wecom_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"imbridge/platform"
	simwecom "imbridge/platform/sim/wecom"
)

func smallOrg() *simwecom.Org {
	o := simwecom.NewOrg("示例科技", "wwtest")
	o.AddDepartment(simwecom.Department{ID: 2, Name: "研发部", ParentID: 1, Order: 10})
	o.AddDepartment(simwecom.Department{ID: 3, Name: "后端组", ParentID: 2, Order: 5})
	o.AddDepartment(simwecom.Department{ID: 4, Name: "市场部", ParentID: 1})
	o.AddUser(simwecom.User{UserID: "boss", Name: "老板", Departments: []int{1}, Orders: []int{100}, Mobile: "13800000001", Email: "boss@ex.cn", Status: 1, Enable: 1})
	o.AddUser(simwecom.User{UserID: "dev", Name: "开发", Departments: []int{3, 4}, Orders: []int{1, 2}, MainDepartment: 4, Mobile: "13800000002", Status: 1, Enable: 1, EmployeeNo: "E007"})
	o.AddUser(simwecom.User{UserID: "off", Name: "停用", Departments: []int{2}, Mobile: "13800000003", Status: 2, Enable: 0})
	o.AddUser(simwecom.User{UserID: "new", Name: "未激活", Departments: []int{2}, Email: "new@ex.cn", Status: 4, Enable: 1})
	return o
}

// The root department (WeCom id 1) is the neutral root "0", its own
// members are listed, part-time and main departments and statuses map.
func TestDirectoryMapping(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, appSecret)
	ctx := context.Background()
	root, err := c.Department(ctx, "0")
	if err != nil || root.ID != "0" || root.Name != "示例科技" || root.ParentID != "" {
		t.Fatalf("root: %+v %v", root, err)
	}
	var all []platform.DirDepartment
	if err := c.DescendantDepartments(ctx, "0", func(p []platform.DirDepartment) error { all = append(all, p...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].ParentID != "0" || !slices.ContainsFunc(all, func(d platform.DirDepartment) bool { return d.ID == "3" && d.ParentID == "2" }) {
		t.Fatalf("descendants: %+v", all)
	}
	var kids []platform.DirDepartment
	_ = c.ChildDepartments(ctx, "0", func(p []platform.DirDepartment) error { kids = append(kids, p...); return nil })
	if len(kids) != 2 {
		t.Fatalf("children of the root: %+v", kids)
	}
	var rootUsers []platform.DirUser
	if err := c.DepartmentUsers(ctx, "0", func(p []platform.DirUser) error { rootUsers = append(rootUsers, p...); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(rootUsers) != 1 || rootUsers[0].ID != "boss" || rootUsers[0].DepartmentIDs[0] != "0" || rootUsers[0].PrimaryDepartmentID != "0" {
		t.Fatalf("root members: %+v", rootUsers)
	}
	dev, _ := c.User(ctx, "dev")
	if !slices.Equal(dev.DepartmentIDs, []string{"3", "4"}) || dev.PrimaryDepartmentID != "4" || dev.Orders["4"] != 2 || dev.Status != platform.UserActive || dev.Mobile != "13800000002" || dev.EmployeeNo != "E007" {
		t.Fatalf("part-time member: %+v", dev)
	}
	if u, _ := c.User(ctx, "off"); u.Status != platform.UserDisabled {
		t.Fatalf("disabled: %+v", u)
	}
	// Not yet activated (4) but enabled: active, as Feishu's is_activated
	// false (a sync that creates people would otherwise re-enable them on
	// every run).
	if u, _ := c.User(ctx, "new"); u.Status != platform.UserActive {
		t.Fatalf("not activated (4): %+v", u)
	}
	_, err = c.User(ctx, "nobody")
	// 60111 also answers members outside the visible range: never "gone".
	if platform.ClassOf(err) != platform.ClassOutOfRange {
		t.Fatalf("unknown userid: %v", err)
	}
}

// An app created after 2022-06-20 gets no mobile or e-mail: the directory
// still lists the people, and the probe says why.
func TestNewAppHasNoMobile(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, newSecret)
	u, err := c.User(context.Background(), "dev")
	if err != nil || u.Mobile != "" || u.Email != "" || u.Name != "开发" || u.EmployeeNo != "E007" {
		t.Fatalf("new app: %+v %v", u, err)
	}
	caps, err := c.Probe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, cp := range caps {
		if cp.Name == "contact_mobile" && (cp.OK || cp.Msg == "") {
			t.Fatalf("contact_mobile: %+v", cp)
		}
	}
	old, _ := e.client(t, appSecret).Probe(context.Background())
	for _, cp := range old {
		if cp.Name == "contact_mobile" && !cp.OK {
			t.Fatalf("an older app gets mobiles: %+v", cp)
		}
	}
}

// Probe reports each capability with WeCom's errcode: the app may read,
// send and use living but not write contacts (48002); the 通讯录同步 secret
// may write and cannot send.
func TestProbe(t *testing.T) {
	e := newEnv(t, smallOrg())
	got := map[string]bool{}
	codes := map[string]int{}
	caps, err := e.client(t, appSecret).Probe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range caps {
		got[c.Name], codes[c.Name] = c.OK, c.Code
	}
	if !got["contact_read"] || got["contact_write"] || codes["contact_write"] != 48002 || !got["message_send"] || !got["living"] {
		t.Fatalf("app: %+v", caps)
	}
	caps, _ = e.client(t, syncSecret).Probe(context.Background())
	for _, c := range caps {
		got[c.Name] = c.OK
	}
	if !got["contact_write"] || got["message_send"] {
		t.Fatalf("通讯录同步: %+v", caps)
	}
}

// Outside the visible range is ClassOutOfRange (60011) with a remedy.
func TestVisibleRange(t *testing.T) {
	e := newEnv(t, smallOrg())
	e.sim.AddApp(simwecom.App{AgentID: 1000009, Secret: "narrow", VisibleRange: []int{4}})
	c := e.client(t, "narrow")
	_, err := c.Department(context.Background(), "2")
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != 60011 || pe.Class != platform.ClassOutOfRange || pe.Hint == "" {
		t.Fatalf("outside the range: %#v", err)
	}
}
