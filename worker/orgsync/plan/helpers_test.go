package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// d builds a department; parent "" is the root.
func d(key, parent, name string) Department {
	return Department{Key: key, ParentKey: parent, Name: name}
}

// u builds an active user with a mobile in a primary department.
func u(key, name, mobile, primary string) User {
	return User{Key: key, Name: name, Mobile: mobile, PrimaryDepartment: primary}
}

func with(x User, f func(*User)) User { f(&x); return x }

func resigned(x User) User { x.State = UserResigned; return x }
func disabled(x User) User { x.State = UserDisabled; return x }

// oaToIM is a read_write oa_to_im profile that creates users.
func oaToIM() Profile {
	return Profile{Mode: ModeOAToIM, Permission: ReadWrite, CreateUsers: true, AutoBindField: FieldMobile}
}

func imToOA() Profile {
	return Profile{Mode: ModeIMToOA, Permission: ReadWrite, AutoBindField: FieldMobile}
}

// lines renders changes as "action source>target", in plan order.
func lines(p *Plan) []string {
	out := make([]string, len(p.Changes))
	for i, c := range p.Changes {
		out[i] = fmt.Sprintf("%s %s>%s", c.Action, c.Source, c.Target)
	}
	return out
}

func reviewLines(p *Plan) []string {
	out := make([]string, len(p.Review))
	for i, r := range p.Review {
		out[i] = fmt.Sprintf("%s %s>%s", r.Kind, r.Source, r.Target)
	}
	return out
}

// mustPlan plans and checks the invariants every plan keeps.
func mustPlan(t testing.TB, in Input) *Plan {
	t.Helper()
	p, err := Make(in)
	if err != nil {
		t.Fatalf("Make: %v", err)
	}
	checkPlan(t, p)
	return p
}

// checkPlan: unique keys, every dependency earlier in the plan, every
// change with a reason, the phases in order.
func checkPlan(t testing.TB, p *Plan) {
	t.Helper()
	pos := map[string]int{}
	for i, c := range p.Changes {
		if _, dup := pos[c.Key]; dup {
			t.Errorf("duplicate key %s (%s %s)", c.Key, c.Action, c.Target)
		}
		pos[c.Key] = i
		if c.Reason.Code == "" || c.Reason.Text == "" {
			t.Errorf("change %s %s has no reason", c.Action, c.Target)
		}
		if i > 0 && phase[p.Changes[i-1].Action] > phase[c.Action] {
			t.Errorf("change %d (%s) comes after a later phase (%s)", i, c.Action, p.Changes[i-1].Action)
		}
	}
	for i, c := range p.Changes {
		for _, dep := range c.DependsOn {
			j, ok := pos[dep]
			if !ok || j >= i {
				t.Errorf("change %d %s %s depends on %s, which is not earlier in the plan", i, c.Action, c.Target, dep)
			}
		}
	}
}

func wantLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %s\n want %s", what, strings.Join(got, "\n      "), strings.Join(want, "\n      "))
	}
}

func find(p *Plan, a Action, target string) *Change {
	for i := range p.Changes {
		if p.Changes[i].Action == a && p.Changes[i].Target == target {
			return &p.Changes[i]
		}
	}
	return nil
}

// applier applies a plan to the target directory of an Input the way the
// real apply will: provisional keys get real ones, creates and binds
// record bindings, a department is deleted only when empty. It fails the
// test on anything an apply would refuse.
type applier struct {
	t   testing.TB
	now time.Time
	seq int
}

func (a *applier) apply(in Input, p *Plan) Input {
	a.t.Helper()
	out := cloneInput(in)
	tgt := &out.IM
	if p.TargetSide == SideOA {
		tgt = &out.OA
	}
	depts := map[string]*Department{}
	for i := range tgt.Departments {
		depts[tgt.Departments[i].Key] = &tgt.Departments[i]
	}
	users := map[string]*User{}
	for i := range tgt.Users {
		users[tgt.Users[i].Key] = &tgt.Users[i]
	}
	real := map[string]string{}
	res := func(k string) string {
		if r, ok := real[k]; ok {
			return r
		}
		if IsProvisional(k) {
			a.t.Fatalf("apply: provisional key %q used before its create", k)
		}
		return k
	}
	oaIM := func(source, target string) (string, string) {
		if p.TargetSide == SideIM {
			return source, target
		}
		return target, source
	}
	bindUser := func(source, target string, m BindMethod) {
		oa, im := oaIM(source, target)
		for _, b := range out.UserBindings {
			if b.OAKey == oa || b.IMKey == im {
				a.t.Fatalf("apply: bind_user %s/%s: already bound (%+v)", oa, im, b)
			}
		}
		out.UserBindings = append(out.UserBindings, UserBinding{OAKey: oa, IMKey: im, Method: m})
	}
	bindDept := func(source, target string) {
		oa, im := oaIM(source, target)
		out.DepartmentBindings = slices.DeleteFunc(out.DepartmentBindings, func(b DepartmentBinding) bool { return b.OAKey == oa || b.IMKey == im })
		out.DepartmentBindings = append(out.DepartmentBindings, DepartmentBinding{OAKey: oa, IMKey: im})
	}
	// dept checks that a department a change names exists
	dept := func(c Change, k string) string {
		k = res(k)
		if x := depts[k]; k != "" && (x == nil || x.State == DepartmentRemoved) {
			a.t.Fatalf("apply: %s %s: department %q does not exist", c.Action, c.Target, k)
		}
		return k
	}
	user := func(k string) *User {
		x := users[res(k)]
		if x == nil {
			a.t.Fatalf("apply: no target user %q", k)
		}
		return x
	}
	for _, c := range p.Changes {
		switch c.Action {
		case ActionCreateDepartment:
			a.seq++
			key := fmt.Sprintf("T%d", a.seq)
			real[c.Target] = key
			depts[key] = &Department{Key: key, ParentKey: dept(c, c.After.ParentKey), Name: c.After.Name, Order: c.After.Order}
			if c.Source != "" {
				bindDept(c.Source, key)
			}
		case ActionUpdateDepartment:
			x := depts[res(c.Target)]
			x.Name, x.Order = c.After.Name, c.After.Order
		case ActionMoveDepartment:
			depts[res(c.Target)].ParentKey = dept(c, c.After.ParentKey)
		case ActionDeleteDepartment:
			k := res(c.Target)
			for _, x := range depts {
				if x.ParentKey == k && x.State != DepartmentRemoved {
					a.t.Fatalf("apply: delete_department %s: sub-department %s remains", k, x.Key)
				}
			}
			for _, x := range users {
				if !state(x).gone() && (x.PrimaryDepartment == k || slices.Contains(x.PartTimeDepartments, k)) {
					a.t.Fatalf("apply: delete_department %s: user %s remains", k, x.Key)
				}
			}
			depts[k].State = DepartmentRemoved
			out.DepartmentBindings = slices.DeleteFunc(out.DepartmentBindings, func(b DepartmentBinding) bool {
				if p.TargetSide == SideIM {
					return b.IMKey == k
				}
				return b.OAKey == k
			})
		case ActionBindDepartment:
			bindDept(c.Source, res(c.Target))
		case ActionUnbindDepartment:
			oa, im := oaIM(c.Source, res(c.Target))
			out.DepartmentBindings = slices.DeleteFunc(out.DepartmentBindings, func(b DepartmentBinding) bool { return b.OAKey == oa && b.IMKey == im })
		case ActionBindUser:
			bindUser(c.Source, res(c.Target), c.Method)
		case ActionUnbindUser:
			oa, im := oaIM(c.Source, res(c.Target))
			n := len(out.UserBindings)
			out.UserBindings = slices.DeleteFunc(out.UserBindings, func(b UserBinding) bool { return b.OAKey == oa && b.IMKey == im })
			if len(out.UserBindings) != n-1 {
				a.t.Fatalf("apply: unbind_user %s/%s: not bound", oa, im)
			}
		case ActionCreateUser:
			key := c.Target
			if IsProvisional(key) {
				a.seq++
				key = fmt.Sprintf("U%d", a.seq)
				real[c.Target] = key
			}
			if users[key] != nil {
				a.t.Fatalf("apply: create_user %s: key taken", key)
			}
			x := User{Key: key, Name: c.After.Name, State: UserActive}
			for f, v := range c.After.Fields {
				if err := SetField(&x, f, v); err != nil {
					a.t.Fatal(err)
				}
			}
			x.PrimaryDepartment = dept(c, c.After.PrimaryDepartment)
			for _, k := range c.After.PartTimeDepartments {
				x.PartTimeDepartments = append(x.PartTimeDepartments, dept(c, k))
			}
			users[key] = &x
			bindUser(c.Source, key, BindCreated)
		case ActionUpdateUser:
			x := user(c.Target)
			for f, v := range c.After.Fields {
				if got := fieldValue(x, f); got != c.Before.Fields[f] {
					a.t.Fatalf("apply: update_user %s: %s is %q, plan saw %q", x.Key, f, got, c.Before.Fields[f])
				}
				if err := SetField(x, f, v); err != nil {
					a.t.Fatal(err)
				}
			}
		case ActionMoveUser:
			x := user(c.Target)
			x.PrimaryDepartment = dept(c, c.After.PrimaryDepartment)
			x.PartTimeDepartments = nil
			for _, k := range c.After.PartTimeDepartments {
				x.PartTimeDepartments = append(x.PartTimeDepartments, dept(c, k))
			}
		case ActionEnableUser, ActionRestoreUser:
			x := user(c.Target)
			x.State, x.DisabledAt = UserActive, nil
		case ActionDisableUser:
			x := user(c.Target)
			now := a.now
			x.State, x.DisabledAt = UserDisabled, &now
		case ActionDeleteUser:
			x := user(c.Target)
			x.State, x.PrimaryDepartment, x.PartTimeDepartments = UserRemoved, "", nil
		default:
			a.t.Fatalf("apply: unknown action %s", c.Action)
		}
	}
	// rebuild the slices from the (possibly moved) pointers
	var ds []Department
	for _, x := range depts {
		ds = append(ds, *x)
	}
	slices.SortFunc(ds, func(a, b Department) int { return strings.Compare(a.Key, b.Key) })
	var us []User
	for _, x := range users {
		us = append(us, *x)
	}
	slices.SortFunc(us, func(a, b User) int { return strings.Compare(a.Key, b.Key) })
	tgt.Departments, tgt.Users = ds, us
	return out
}

// cloneInput deep-copies what an apply may change.
func cloneInput(in Input) Input {
	out := in
	for _, dir := range []*Directory{&out.OA, &out.IM} {
		dir.Departments = slices.Clone(dir.Departments)
		users := slices.Clone(dir.Users)
		for i := range users {
			users[i].PartTimeDepartments = slices.Clone(users[i].PartTimeDepartments)
			if users[i].Attributes != nil {
				m := make(map[string]string, len(users[i].Attributes))
				for k, v := range users[i].Attributes {
					m[k] = v
				}
				users[i].Attributes = m
			}
		}
		dir.Users = users
	}
	out.UserBindings = slices.Clone(in.UserBindings)
	out.DepartmentBindings = slices.Clone(in.DepartmentBindings)
	return out
}
