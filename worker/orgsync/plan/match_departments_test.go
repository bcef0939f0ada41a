package plan

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// Department matching, seed 003 §4.3.2.2 (部门关联的逻辑是：层级相同且部门名称相同).
func TestMatchDepartments(t *testing.T) {
	top := func(key string) Profile { p := oaToIM(); p.TopDepartment = key; return p }
	tests := []struct {
		name    string
		profile Profile
		oa, im  []Department
		binds   []DepartmentBinding
		want    []string
		review  []string
	}{
		{
			name: "§4.3.2.2 same level and same name under a matched parent are bound (橙色为匹配)",
			oa:   []Department{d("o1", "", "演示部门"), d("o2", "o1", "部门A")},
			im:   []Department{d("i1", "", "演示部门"), d("i2", "i1", "部门A")},
			want: []string{"bind_department o1>i1", "bind_department o2>i2"},
		},
		{
			name: "§4.3.2.2 a department without a same-named sibling is created under its parent's match (蓝色为新增)",
			oa:   []Department{d("o1", "", "演示部门"), d("o2", "o1", "部门B"), d("o3", "o2", "小组")},
			im:   []Department{d("i1", "", "演示部门")},
			want: []string{"bind_department o1>i1", "create_department o2>new:dept:o2", "create_department o3>new:dept:o3"},
		},
		{
			name: "§4.3.2.2 the same name at another level does not match",
			oa:   []Department{d("o1", "", "公司"), d("o2", "o1", "研发"), d("o3", "o2", "测试")},
			im:   []Department{d("i1", "", "公司"), d("i2", "i1", "测试")},
			want: []string{"bind_department o1>i1", "create_department o2>new:dept:o2", "create_department o3>new:dept:o3"},
		},
		{
			name:  "an existing department binding wins over names: renamed, reordered and moved into place",
			oa:    []Department{d("o1", "", "公司"), d("o2", "o1", "研发"), with2(d("o3", "o2", "平台组"), 5)},
			im:    []Department{d("i1", "", "公司"), d("i2", "i1", "研发"), d("i3", "i1", "基础架构"), d("i4", "i2", "平台组")},
			binds: []DepartmentBinding{{OAKey: "o3", IMKey: "i3"}},
			want:  []string{"bind_department o1>i1", "bind_department o2>i2", "update_department o3>i3", "move_department o3>i3"},
			// i4 has the name but i3 is bound; i4 is the IM's own and stays
		},
		{
			name: "§4.3.2.1 an IM without an org chart gets the whole OA tree at the root",
			oa:   []Department{d("o1", "", "公司"), d("o2", "o1", "研发")},
			want: []string{"create_department o1>new:dept:o1", "create_department o2>new:dept:o2"},
		},
		{
			name:    "§4.3.2.2 其他部门 example: with a top department the OA top level is mounted under it, and Re部门 is created there",
			profile: top("i-other"),
			oa:      []Department{d("o1", "", "Re部门"), d("o2", "o1", "Re子部门")},
			im:      []Department{d("i1", "", "演示部门"), d("i-other", "i1", "其他部门"), d("i3", "i1", "部门A")},
			want:    []string{"create_department o1>new:dept:o1", "create_department o2>new:dept:o2"},
		},
		{
			name:    "with a top department the OA top level matches its children by name",
			profile: top("i-other"),
			oa:      []Department{d("o1", "", "Re部门"), d("o2", "o1", "Re子部门")},
			im:      []Department{d("i1", "", "演示部门"), d("i-other", "i1", "其他部门"), d("i4", "i-other", "Re部门")},
			want:    []string{"bind_department o1>i4", "create_department o2>new:dept:o2"},
		},
		{
			name:   "siblings with the same name: the first is placed, the second and its subtree go to review",
			oa:     []Department{d("o1", "", "公司"), with2(d("o2", "o1", "销售"), 1), with2(d("o3", "o1", "销售"), 2), d("o4", "o3", "华东")},
			im:     []Department{d("i1", "", "公司"), with2(d("i2", "i1", "销售"), 1)},
			want:   []string{"bind_department o1>i1", "bind_department o2>i2"},
			review: []string{"duplicate_department o3>"},
		},
		{
			name:    "a binding to the top department or above it is ignored, not moved under itself",
			profile: top("i-other"),
			oa:      []Department{d("o1", "", "演示部门"), d("o2", "o1", "部门A")},
			im:      []Department{d("i1", "", "演示部门"), d("i-other", "i1", "其他部门"), d("i2", "i1", "部门A")},
			binds:   []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}, {OAKey: "o2", IMKey: "i2"}},
			want:    []string{"create_department o1>new:dept:o1", "move_department o2>i2"},
			review:  []string{"binding_ignored o1>i1"},
		},
		{
			name: "the IM root given as \"0\" is the root",
			oa:   []Department{d("o1", "", "公司"), d("o2", "o1", "研发")},
			im:   []Department{d("i1", "0", "公司"), d("i2", "i1", "研发")},
			want: []string{"bind_department o1>i1", "bind_department o2>i2"},
		},
		{
			name: "removed and out-of-scope IM departments are not matched",
			oa:   []Department{d("o1", "", "公司"), d("o2", "o1", "研发")},
			im: []Department{d("i1", "", "公司"), {Key: "i2", ParentKey: "i1", Name: "研发", State: DepartmentRemoved},
				{Key: "i3", ParentKey: "i1", Name: "研发", State: DepartmentOutOfScope}},
			want: []string{"bind_department o1>i1", "create_department o2>new:dept:o2"},
		},
		{
			name:  "a bound department is moved under a parent the plan creates, after the create",
			oa:    []Department{d("o1", "", "公司"), d("o2", "o1", "新事业部"), d("o3", "o2", "产品")},
			im:    []Department{d("i1", "", "公司"), d("i3", "i1", "产品")},
			binds: []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}, {OAKey: "o3", IMKey: "i3"}},
			want:  []string{"create_department o2>new:dept:o2", "move_department o3>i3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.profile
			if p.Mode == "" {
				p = oaToIM()
			}
			pl := mustPlan(t, Input{Profile: p, OA: Directory{Departments: tt.oa}, IM: Directory{Departments: tt.im}, DepartmentBindings: tt.binds})
			wantLines(t, "changes", lines(pl), tt.want)
			wantLines(t, "review", reviewLines(pl), tt.review)
		})
	}
}

func with2(x Department, order int) Department { x.Order = order; return x }

// Seed 003 §4.3.2.2: with no top department, differing top-level names
// stop the sync before anything is planned (顶级部门无法匹配，同步立刻中止).
func TestTopDepartmentMismatch(t *testing.T) {
	for _, mode := range []Mode{ModeOAToIM, ModeIMToOA} {
		t.Run(string(mode), func(t *testing.T) {
			p := oaToIM()
			if mode == ModeIMToOA {
				p = imToOA()
			}
			in := Input{Profile: p,
				OA: Directory{Departments: []Department{d("o1", "", "Re部门"), d("o2", "o1", "部门A")}, Users: []User{u("a", "A", "1", "o2")}},
				IM: Directory{Departments: []Department{d("i1", "", "演示部门"), d("i2", "i1", "部门A")}, Users: []User{u("b", "B", "2", "i2")}},
			}
			_, err := Make(in)
			var mm *TopDepartmentMismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("err = %v, want *TopDepartmentMismatchError", err)
			}
			src, tgt := "Re部门", []string{"演示部门"}
			if mode == ModeIMToOA {
				src, tgt = "演示部门", []string{"Re部门"}
			}
			if mm.SourceName != src || !slices.Equal(mm.TargetNames, tgt) {
				t.Errorf("names = %q / %q, want %q / %q", mm.SourceName, mm.TargetNames, src, tgt)
			}
			if !strings.Contains(err.Error(), "Re部门") || !strings.Contains(err.Error(), "演示部门") || !strings.Contains(err.Error(), "top department") {
				t.Errorf("message does not name both departments and the remedy: %v", err)
			}
		})
	}
	t.Run("a binding of the top level is not a mismatch", func(t *testing.T) {
		in := Input{Profile: oaToIM(),
			OA:                 Directory{Departments: []Department{d("o1", "", "Re部门")}},
			IM:                 Directory{Departments: []Department{d("i1", "", "演示部门")}},
			DepartmentBindings: []DepartmentBinding{{OAKey: "o1", IMKey: "i1"}},
		}
		wantLines(t, "changes", lines(mustPlan(t, in)), []string{"update_department o1>i1"})
	})
}

func TestTopDepartmentNotFound(t *testing.T) {
	p := oaToIM()
	p.TopDepartment = "gone"
	_, err := Make(Input{Profile: p, IM: Directory{Departments: []Department{{Key: "gone", Name: "x", State: DepartmentRemoved}}}})
	var nf *TopDepartmentNotFoundError
	if !errors.As(err, &nf) || nf.Key != "gone" {
		t.Fatalf("err = %v, want *TopDepartmentNotFoundError", err)
	}
}

// The merged tree of the dry run (seed §4.3.2.2 同步后效果: 橙色为匹配，蓝色为
// 新增; a black dot on bound departments).
func TestTree(t *testing.T) {
	p := oaToIM()
	p.TopDepartment = "i-other"
	in := Input{Profile: p,
		OA: Directory{Departments: []Department{d("o1", "", "Re部门"), with2(d("o2", "o1", "甲"), 1), with2(d("o3", "o1", "乙"), 2)}},
		IM: Directory{Departments: []Department{d("i1", "", "演示部门"), d("i-other", "i1", "其他部门"),
			d("i4", "i-other", "Re部门"), d("i5", "i4", "乙"), d("i6", "i4", "IM自建")}},
		DepartmentBindings: []DepartmentBinding{{OAKey: "o3", IMKey: "i5"}},
	}
	pl := mustPlan(t, in)
	var got []string
	for _, n := range pl.Tree {
		s := strings.Repeat("  ", n.Depth) + n.Name + " " + string(n.Status)
		if n.Bound {
			s += " •"
		}
		got = append(got, s)
	}
	wantLines(t, "tree", got, []string{
		"Re部门 matched",
		"  IM自建 target_only",
		"  甲 new",
		"  乙 bound •",
	})
	if pl.Stats.Departments != (DepartmentStats{Bound: 1, Matched: 1, New: 1}) {
		t.Errorf("department stats = %+v", pl.Stats.Departments)
	}
}
