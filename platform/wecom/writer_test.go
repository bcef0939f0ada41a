package wecom_test

import (
	"context"
	"errors"
	"testing"

	"imbridge/platform"
	"imbridge/platform/wecom"
)

// A create retried (a lost reply) with the same key makes one department
// and one member: the key names what is created.
func TestWriterIdempotentCreates(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, syncSecret)
	ctx := context.Background()
	d1, err := c.CreateDepartment(ctx, "run1/dept/a", platform.NewDepartment{ParentID: "0", Name: "新部门"})
	if err != nil {
		t.Fatal(err)
	}
	d2, err := c.CreateDepartment(ctx, "run1/dept/a", platform.NewDepartment{ParentID: "0", Name: "新部门"})
	if err != nil || d2.ID != d1.ID || d1.ParentID != "0" {
		t.Fatalf("retried create: %+v %+v %v", d1, d2, err)
	}
	n := 0
	for _, d := range e.sim.Org().Departments() {
		if d.Name == "新部门" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d departments made, want 1", n)
	}
	u := platform.NewUser{Name: "新人", Mobile: "+8613900000009", Memberships: platform.Memberships{Primary: d1.ID, PartTime: []string{"0"}}}
	u1, err := c.CreateUser(ctx, "run1/user/x", u)
	if err != nil {
		t.Fatal(err)
	}
	u2, err := c.CreateUser(ctx, "run1/user/x", u)
	if err != nil || u2.ID != u1.ID {
		t.Fatalf("retried user create: %+v %v", u2, err)
	}
	if got, _ := e.sim.Org().User(u1.ID); got.Mobile != "13900000009" || got.MainDepartment == 1 {
		t.Fatalf("stored: %+v", got)
	}
	if err := c.DisableUser(ctx, "k", u1.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.User(ctx, u1.ID); got.Status != platform.UserDisabled {
		t.Fatalf("disabled: %+v", got)
	}
	// Deleting twice: the second finds it gone and succeeds.
	for range 2 {
		if err := c.DeleteUser(ctx, "del", u1.ID, platform.ResourceAcceptors{}); err != nil {
			t.Fatal(err)
		}
	}
	// No mobile and no e-mail: refused before calling, naming the rule.
	if _, err := c.CreateUser(ctx, "k2", platform.NewUser{Name: "x", Memberships: platform.Memberships{Primary: "0"}}); err == nil {
		t.Fatal("a member without mobile or e-mail was sent")
	}
}

// Ordinary apps may not write contacts: 48002, ClassPermission.
func TestWriterNeedsContactSyncSecret(t *testing.T) {
	e := newEnv(t, smallOrg())
	_, err := e.client(t, appSecret).CreateDepartment(context.Background(), "k", platform.NewDepartment{ParentID: "0", Name: "x"})
	if platform.ClassOf(err) != platform.ClassPermission {
		t.Fatalf("app secret writing: %v", err)
	}
}

// Renames, moves and deletes: absolute values, so repeats change nothing;
// WeCom's refusals keep their class (a non-empty department is invalid).
func TestWriterUpdatesMovesDeletes(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, syncSecret)
	ctx := context.Background()
	name := "研发中心"
	for range 2 {
		d, err := c.UpdateDepartment(ctx, "k1", "2", platform.DepartmentPatch{Name: &name})
		if err != nil || d.Name != name {
			t.Fatalf("rename: %+v %v", d, err)
		}
	}
	d, err := c.MoveDepartment(ctx, "k2", "3", "4")
	if err != nil || d.ParentID != "4" {
		t.Fatalf("move: %+v %v", d, err)
	}
	u, err := c.MoveUser(ctx, "k3", "dev", platform.Memberships{Primary: "0", PartTime: []string{"3"}, Orders: map[string]int{"3": 7}})
	if err != nil || u.PrimaryDepartmentID != "0" || len(u.DepartmentIDs) != 2 || u.Orders["3"] != 7 {
		t.Fatalf("move user: %+v %v", u, err)
	}
	// Department 2 still has members: 60005, invalid (not retried).
	err = c.DeleteDepartment(ctx, "k4", "2")
	if platform.ClassOf(err) != platform.ClassInvalid {
		t.Fatalf("deleting a department with members: %v", err)
	}
	// The root cannot be deleted (60007); a gone department deletes fine.
	if err := c.DeleteDepartment(ctx, "k5", "0"); platform.ClassOf(err) != platform.ClassInvalid {
		t.Fatalf("deleting the root: %v", err)
	}
	if err := c.DeleteDepartment(ctx, "k6", "999"); err != nil {
		t.Fatalf("deleting a gone department: %v", err)
	}
	if err := c.ResurrectUser(ctx, "k7", "dev", platform.Memberships{Primary: "0"}); !errors.Is(err, wecom.ErrUnsupported) {
		t.Fatalf("resurrect: %v", err)
	}
}
