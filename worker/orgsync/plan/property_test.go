package plan

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// genScenario builds a random but plausible pair of directories: a source
// tree and a target that half-follows it (some departments renamed, moved
// or missing, some bound), users with counterparts that drifted, states of
// every kind, colliding mobiles, and a random profile.
func genScenario(r *rand.Rand, mode Mode) Input {
	names := []string{"研发", "销售", "市场", "财务", "平台", "前端", "后端", "测试", "华东", "华南", "行政", "法务"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	chance := func(p float64) bool { return r.Float64() < p }

	// source tree, sibling names unique
	src := []Department{{Key: "s0", Name: "公司"}}
	for i := 1; i <= 4+r.IntN(14); i++ {
		parent := src[r.IntN(len(src))]
		name := pick(names)
		if slices.ContainsFunc(src, func(x Department) bool { return x.ParentKey == parent.Key && x.Name == name }) {
			continue
		}
		src = append(src, Department{Key: fmt.Sprintf("s%d", i), ParentKey: parent.Key, Name: name, Order: r.IntN(3)})
	}
	for i := range src {
		leaf := !slices.ContainsFunc(src, func(x Department) bool { return x.ParentKey == src[i].Key })
		if i > 0 && leaf && chance(0.12) {
			src[i].State = DepartmentRemoved
		}
	}
	active := slices.DeleteFunc(slices.Clone(src), func(x Department) bool { return x.State == DepartmentRemoved })

	// target tree: a drifted copy
	top := mode == ModeOAToIM && chance(0.3)
	tgt := []Department{{Key: "t0", Name: "公司"}}
	if top {
		tgt[0].ParentKey = "tm"
		tgt = append(tgt, Department{Key: "tm", Name: "集团"}, Department{Key: "tx", Name: "其他"})
	}
	counterpart := map[string]string{"s0": "t0"}
	var deptBinds [][2]string
	if chance(0.5) {
		deptBinds = append(deptBinds, [2]string{"s0", "t0"})
	}
	for _, s := range src[1:] {
		if !chance(0.65) {
			continue
		}
		k := "t" + s.Key[1:]
		name := s.Name
		if chance(0.15) {
			name += "部"
		}
		parent, ok := counterpart[s.ParentKey]
		if !ok || chance(0.15) {
			parent = tgt[r.IntN(len(tgt))].Key
			if parent == "tm" || parent == "tx" {
				parent = "t0"
			}
		}
		if parent == k || strings.HasPrefix(parent, "t") && isBelow(tgt, parent, k) {
			parent = "t0"
		}
		tgt = append(tgt, Department{Key: k, ParentKey: parent, Name: name, Order: r.IntN(3)})
		counterpart[s.Key] = k
		if chance(0.6) {
			deptBinds = append(deptBinds, [2]string{s.Key, k})
		}
	}
	for i := range 1 + r.IntN(3) {
		tgt = append(tgt, Department{Key: fmt.Sprintf("tt%d", i), ParentKey: tgt[r.IntN(len(tgt))].Key, Name: pick(names)})
	}
	tgtKeys := func() []string {
		var ks []string
		for _, d := range tgt {
			if d.Key != "tm" && d.Key != "tx" {
				ks = append(ks, d.Key)
			}
		}
		return ks
	}()

	// users
	mobile := func() string { return fmt.Sprintf("+86%03d", r.IntN(60)) }
	maybe := func(v string) string {
		if chance(0.15) {
			return ""
		}
		return v
	}
	var su, tu []User
	var userBinds [][2]string
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	n := 10 + r.IntN(30)
	for i := range n {
		dp := active[r.IntN(len(active))]
		s := User{Key: fmt.Sprintf("su%d", i), Name: fmt.Sprintf("人%d", i), Mobile: maybe(mobile()), Email: maybe(fmt.Sprintf("p%d@x.cn", i)),
			Title: maybe(pick([]string{"经理", "专员", "总监"})), PrimaryDepartment: dp.Key}
		switch x := r.Float64(); {
		case x < 0.08:
			s.State = UserDisabled
		case x < 0.16:
			s.State, s.PrimaryDepartment = UserResigned, src[r.IntN(len(src))].Key
		case x < 0.2:
			s.State = UserRemoved
		case x < 0.24 && mode == ModeIMToOA:
			s.State = UserOutOfScope
		}
		if chance(0.2) {
			s.PartTimeDepartments = []string{active[r.IntN(len(active))].Key}
		}
		su = append(su, s)
		if !chance(0.7) {
			continue
		}
		t := User{Key: fmt.Sprintf("tu%d", i), Name: s.Name, Mobile: s.Mobile, Email: s.Email, Title: s.Title}
		if chance(0.2) {
			t.Title = "旧职位"
		}
		if chance(0.1) {
			t.Name += "?"
		}
		if k, ok := counterpart[s.PrimaryDepartment]; ok && chance(0.8) {
			t.PrimaryDepartment = k
		} else {
			t.PrimaryDepartment = tgtKeys[r.IntN(len(tgtKeys))]
		}
		if chance(0.15) {
			t.PartTimeDepartments = []string{tgtKeys[r.IntN(len(tgtKeys))]}
		}
		switch x := r.Float64(); {
		case x < 0.1:
			at := now.AddDate(0, 0, -r.IntN(20))
			t.State, t.DisabledAt = UserDisabled, &at
		case x < 0.14:
			t.State = UserResigned
		case x < 0.17:
			t.State = UserOutOfScope
		}
		tu = append(tu, t)
		if chance(0.6) {
			userBinds = append(userBinds, [2]string{s.Key, t.Key})
		}
	}
	for i := range r.IntN(4) {
		tu = append(tu, User{Key: fmt.Sprintf("tonly%d", i), Name: "外部", Mobile: mobile(), PrimaryDepartment: tgtKeys[r.IntN(len(tgtKeys))]})
	}

	p := Profile{Mode: mode, Permission: ReadWrite, CreateUsers: chance(0.8), IncludePartTime: chance(0.5), MoveDisabled: chance(0.5),
		AutoBindField: []Field{FieldMobile, FieldEmail, FieldNone}[r.IntN(3)]}
	if chance(0.3) {
		p.Offboarding = OffboardDelete
	}
	if chance(0.3) {
		p.UserIDField = FieldKey
	}
	if chance(0.3) {
		p.FieldMapping = []FieldMap{{From: FieldName, To: FieldName, Direction: DirBoth}, {From: FieldTitle, To: FieldTitle, Direction: DirOAToIM},
			{From: FieldEmail, To: FieldEmail, Direction: DirIMToOA}}
	}
	if top {
		p.TopDepartment = "tm"
	}
	if mode == ModeOAToIM && chance(0.4) {
		for _, d := range src {
			if chance(0.3) {
				p.Scope.Departments = append(p.Scope.Departments, d.Key)
			}
		}
		for _, s := range su {
			if chance(0.1) {
				p.Scope.UsersInclude = append(p.Scope.UsersInclude, s.Key)
			}
			if chance(0.1) {
				p.Scope.UsersExclude = append(p.Scope.UsersExclude, s.Key)
			}
		}
	}

	in := Input{Profile: p}
	if mode == ModeOAToIM {
		in.OA, in.IM = Directory{Departments: src, Users: su}, Directory{Departments: tgt, Users: tu}
		for _, b := range userBinds {
			in.UserBindings = append(in.UserBindings, UserBinding{OAKey: b[0], IMKey: b[1]})
		}
		for _, b := range deptBinds {
			in.DepartmentBindings = append(in.DepartmentBindings, DepartmentBinding{OAKey: b[0], IMKey: b[1]})
		}
	} else {
		in.IM, in.OA = Directory{Departments: src, Users: su}, Directory{Departments: tgt, Users: tu}
		for _, b := range userBinds {
			in.UserBindings = append(in.UserBindings, UserBinding{OAKey: b[1], IMKey: b[0]})
		}
		for _, b := range deptBinds {
			in.DepartmentBindings = append(in.DepartmentBindings, DepartmentBinding{OAKey: b[1], IMKey: b[0]})
		}
	}
	return in
}

// isBelow says whether key is below anc in ds (so making anc a child of
// key would close a cycle).
func isBelow(ds []Department, key, anc string) bool {
	for range ds {
		i := slices.IndexFunc(ds, func(x Department) bool { return x.Key == key })
		if i < 0 {
			return false
		}
		if ds[i].ParentKey == anc {
			return true
		}
		key = ds[i].ParentKey
	}
	return false
}

// Property: applying a plan makes the target say what the source says
// (under scope and mapping), and planning again finds nothing to do.
func TestPlanConverges(t *testing.T) {
	for _, mode := range []Mode{ModeOAToIM, ModeIMToOA} {
		for seed := range uint64(300) {
			r := rand.New(rand.NewPCG(seed, 99))
			in := genScenario(r, mode)
			name := fmt.Sprintf("%s/seed%d", mode, seed)
			t.Run(name, func(t *testing.T) {
				pl := mustPlan(t, in)
				a := applier{t: t, now: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)}
				after := a.apply(in, pl)
				mustPlanEmpty(t, after)
				checkFollows(t, in, after, pl)
			})
		}
	}
}

// checkFollows checks the applied target against the source, rule by
// rule, with the bindings the apply left.
func checkFollows(t *testing.T, before, after Input, pl *Plan) {
	t.Helper()
	v, err := newView(&after)
	if err != nil {
		t.Fatal(err)
	}
	reviewed := map[string]bool{}
	for _, r := range pl.Review {
		reviewed[r.Source] = true
	}
	// departments: every synced source department has a bound target of
	// the same name under its parent's target
	for _, s := range v.src.depts {
		if !s.active() || !v.deptInScope(s.Key) || !v.src.ancestorOrSelf(v.srcMount, s.Key) || s.Key == v.srcMount {
			continue
		}
		k, ok := v.deptBind[s.Key]
		td := v.tgt.activeDept(k)
		if !ok || td == nil {
			t.Errorf("source department %s %q has no target", s.Key, s.Name)
			continue
		}
		wantParent := v.tgtMount
		if s.parent != v.srcMount {
			wantParent = v.deptBind[s.parent]
		}
		if td.Name != s.Name || td.parent != wantParent {
			t.Errorf("department %s: target %s is %q under %q, want %q under %q", s.Key, k, td.Name, td.parent, s.Name, wantParent)
		}
	}
	tgtDept := func(sk string) string {
		if sk == v.srcMount {
			return v.tgtMount
		}
		return v.deptBind[sk]
	}
	for _, s := range v.src.list {
		k, bound := v.userBind[s.Key]
		x := v.tgt.users[k]
		if bound && x != nil && x.State == UserOutOfScope {
			continue
		}
		switch {
		case state(s).gone() || (v.scope != nil && !v.inScope(s)):
			if !bound || x == nil {
				continue
			}
			if st := state(x); st == UserActive {
				t.Errorf("user %s left (%s) but its account %s is active", s.Key, state(s), k)
			}
			if v.p.MoveDisabled && v.targetIM && v.p.Offboarding == OffboardDisable && state(x) == UserDisabled {
				if dd := deptByKey(after.IM.Departments, x.PrimaryDepartment); dd.Name != DefaultDisabledDepartmentName {
					t.Errorf("offboarded %s is in %q, not the disabled-users department", k, dd.Name)
				}
			}
		case !v.inScope(s):
			// im_to_oa: out of scope changes nothing
			if bound && x != nil {
				if old := userByKey(targetOf(before, pl).Users, k); state(old) != state(x) || old.PrimaryDepartment != x.PrimaryDepartment {
					t.Errorf("out-of-scope %s changed its target %s", s.Key, k)
				}
			}
		default:
			if bound && x != nil && state(x).gone() && state(s) == UserDisabled {
				continue // suspended in the source, deleted in the target: left alone
			}
			if !bound || x == nil {
				if state(s) == UserActive && !reviewed[s.Key] && (v.p.CreateUsers || !v.targetIM) {
					t.Errorf("active source user %s has no account and is not listed for review", s.Key)
				}
				continue
			}
			if state(x) != state(s) {
				t.Errorf("user %s is %s, its account %s is %s", s.Key, state(s), k, state(x))
			}
			for _, p := range v.pairs {
				if sv := fieldValue(s, p.src); sv != "" && fieldValue(x, p.tgt) != sv {
					t.Errorf("user %s %s = %q, account %s %s = %q", s.Key, p.src, sv, k, p.tgt, fieldValue(x, p.tgt))
				}
			}
			if want := tgtDept(v.src.primary(s)); want != "" && v.tgt.primary(x) != want {
				t.Errorf("user %s: account %s is in %q, want %q", s.Key, k, v.tgt.primary(x), want)
			}
			if v.p.IncludePartTime {
				for _, pk := range s.PartTimeDepartments {
					if v.deptInScope(pk) {
						if want := tgtDept(pk); want != v.tgt.primary(x) && !slices.Contains(x.PartTimeDepartments, want) {
							t.Errorf("user %s: account %s lacks part-time %q", s.Key, k, want)
						}
					}
				}
			}
		}
	}
}

func targetOf(in Input, p *Plan) Directory {
	if p.TargetSide == SideOA {
		return in.OA
	}
	return in.IM
}
