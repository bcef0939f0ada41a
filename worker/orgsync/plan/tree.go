package plan

import "sort"

// More department statuses, for the merged tree only.
const (
	// DeptTargetOnly: a target department with no source counterpart; the
	// sync leaves it alone.
	DeptTargetOnly DeptStatus = "target_only"
	// DeptDeleted: a bound target department the plan deletes.
	DeptDeleted DeptStatus = "deleted"
)

// TreeNode is one department of the merged tree: the target's departments
// under the top department as they will be after the plan, with the new
// ones in place (seed 003 §4.3.2.2 同步后效果: 橙色为匹配，蓝色为新增).
type TreeNode struct {
	// Key is the target key (provisional for new departments).
	Key       string `json:"key"`
	ParentKey string `json:"parent_key"`
	Name      string `json:"name"`
	// Source is the source department's key, if any.
	Source string `json:"source,omitempty"`
	// Depth is 0 for the top level under the top department.
	Depth  int        `json:"depth"`
	Status DeptStatus `json:"status"`
	// Bound: a binding existed before this plan (the seed's black dot,
	// 关联上的部门前面会有一个黑色实心原点).
	Bound bool `json:"bound"`
}

// tree lists the merged tree depth-first, siblings by (order, name).
func (pl *planner) tree() []TreeNode {
	type node struct {
		TreeNode
		order int
	}
	nodes := map[string]*node{}
	for k, d := range pl.tgt.depts {
		if !d.active() || k == pl.tgtMount || !pl.tgt.ancestorOrSelf(pl.tgtMount, k) {
			continue
		}
		n := &node{TreeNode: TreeNode{Key: k, ParentKey: d.parent, Name: d.Name, Status: DeptTargetOnly}, order: d.Order}
		if pl.deleted[k] {
			n.Status = DeptDeleted
		}
		nodes[k] = n
	}
	for _, m := range pl.depts {
		nodes[m.target] = &node{TreeNode: TreeNode{Key: m.target, ParentKey: m.parentTarget, Name: m.src.Name, Source: m.src.Key, Status: m.status}, order: m.src.Order}
	}
	if pl.disabledCreate != nil {
		c := pl.disabledCreate
		nodes[c.Target] = &node{TreeNode: TreeNode{Key: c.Target, ParentKey: c.After.ParentKey, Name: c.Name, Status: DeptNew}, order: c.After.Order}
	}
	children := map[string][]*node{}
	for _, n := range nodes {
		_, n.Bound = pl.deptBindRev[n.Key]
		children[n.ParentKey] = append(children[n.ParentKey], n)
	}
	for _, c := range children {
		sort.Slice(c, func(i, j int) bool {
			if c[i].order != c[j].order {
				return c[i].order < c[j].order
			}
			if c[i].Name != c[j].Name {
				return c[i].Name < c[j].Name
			}
			return c[i].Key < c[j].Key
		})
	}
	out := make([]TreeNode, 0, len(nodes))
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, n := range children[parent] {
			n.Depth = depth
			out = append(out, n.TreeNode)
			walk(n.Key, depth+1)
		}
	}
	walk(pl.tgtMount, 0)
	return out
}
