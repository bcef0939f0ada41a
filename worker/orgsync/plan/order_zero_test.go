package plan

import (
	"slices"
	"testing"
)

// TestUnorderedSourceKeepsTheTargetsOrder: a source department without an
// order (0) does not reorder its target (platforms number siblings
// themselves; Feishu refuses equal sibling orders, 43005), while an order
// the source gives is synced.
func TestUnorderedSourceKeepsTheTargetsOrder(t *testing.T) {
	in := Input{Profile: oaToIM(),
		OA: Directory{Departments: []Department{d("o1", "", "公司"), d("o2", "o1", "研发"), with2(d("o3", "o1", "销售"), 7)}},
		IM: Directory{Departments: []Department{d("i1", "", "公司"), with2(d("i2", "i1", "研发"), 3000), with2(d("i3", "i1", "销售"), 4000)}},
	}
	p := mustPlan(t, in)
	var updates []string
	for _, c := range p.Changes {
		if c.Action == ActionUpdateDepartment {
			updates = append(updates, c.Target)
			if c.After.Order != 7 {
				t.Errorf("update of %s sets order %d, want 7", c.Target, c.After.Order)
			}
		}
	}
	if !slices.Equal(updates, []string{"i3"}) {
		t.Fatalf("department updates = %v, want only i3 (the ordered one)", updates)
	}
}
