package oaimport

import (
	"context"
	"fmt"
	"slices"

	"imbridge/ent"
	"imbridge/ent/department"
)

// departments applies the input's departments: creates the new ones
// parents-first, updates and moves the changed ones, and in a complete
// import marks the absent ones removed. It fills r.deptIDs.
func (r *runner) departments(ctx context.Context, old *oldDepts) error {
	r.deptIDs = make(map[string]int, len(old.byExt)+len(r.in.Departments))
	for ext, d := range old.byExt {
		r.deptIDs[ext] = d.id
	}
	// New departments go first, so that existing ones can be moved under them.
	if err := r.createDepartments(ctx, old); err != nil {
		return err
	}
	for i, d := range r.in.Departments {
		o, ok := old.byExt[d.ExternalID]
		if !ok {
			continue
		}
		if err := r.updateDepartment(ctx, i, d, o); err != nil {
			return err
		}
		r.prog.advance(1)
	}
	if r.in.Complete {
		return r.removeDepartments(ctx, old)
	}
	return nil
}

// createDepartments inserts the new departments in waves by depth among the
// new ones: a department whose parent is also new waits for the wave that
// creates the parent, because parent_id needs the parent's row id.
func (r *runner) createDepartments(ctx context.Context, old *oldDepts) error {
	byExt := make(map[string]int) // new department → input index
	for i, d := range r.in.Departments {
		if _, ok := old.byExt[d.ExternalID]; !ok {
			byExt[d.ExternalID] = i
		}
	}
	if len(byExt) == 0 {
		return nil
	}
	depth := make(map[string]int, len(byExt))
	var depthOf func(ext string) int
	depthOf = func(ext string) int {
		if n, ok := depth[ext]; ok {
			return n
		}
		n := 0
		p := r.in.Departments[byExt[ext]].ParentExternalID
		if _, isNew := byExt[p]; isNew {
			n = depthOf(p) + 1 // validation ruled out cycles
		}
		depth[ext] = n
		return n
	}
	order := make([]int, 0, len(byExt))
	for i, d := range r.in.Departments {
		if _, isNew := byExt[d.ExternalID]; isNew {
			depthOf(d.ExternalID)
			order = append(order, i)
		}
	}
	// Stable: within a wave, departments keep their input order.
	slices.SortStableFunc(order, func(a, b int) int {
		return depth[r.in.Departments[a].ExternalID] - depth[r.in.Departments[b].ExternalID]
	})
	for start := 0; start < len(order); {
		wave := depth[r.in.Departments[order[start]].ExternalID]
		end := start
		for end < len(order) && depth[r.in.Departments[order[end]].ExternalID] == wave {
			end++
		}
		if err := batches(order[start:end], createBatch, func(b []int) error { return r.insertDepartments(ctx, b) }); err != nil {
			return err
		}
		start = end
	}
	return nil
}

// insertDepartments creates one batch of departments whose parents exist.
func (r *runner) insertDepartments(ctx context.Context, idx []int) error {
	builders := make([]*ent.DepartmentCreate, len(idx))
	for k, i := range idx {
		d := r.in.Departments[i]
		b := r.client.Department.Create().
			SetExternalID(d.ExternalID).
			SetName(d.Name).
			SetOrder(d.Order)
		if d.ParentExternalID != "" {
			b.SetParentID(r.deptIDs[d.ParentExternalID])
		}
		builders[k] = b
	}
	rows, err := r.client.Department.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("creating departments (%s…): %w", deptItem(idx[0], r.in.Departments[idx[0]].ExternalID), err)
	}
	for k, row := range rows {
		r.deptIDs[r.in.Departments[idx[k]].ExternalID] = row.ID
	}
	r.counters().Created += len(rows)
	r.prog.advance(len(rows))
	return nil
}

// updateDepartment writes what changed of an existing department. A parent
// change counts as moved (whatever else changed), so the sync can tell
// reorganisations from renames; a department coming back clears removed_at.
func (r *runner) updateDepartment(ctx context.Context, i int, d Department, o *oldDept) error {
	parentID := 0
	if d.ParentExternalID != "" {
		parentID = r.deptIDs[d.ParentExternalID]
	}
	moved := parentID != o.parentID
	if !moved && d.Name == o.name && d.Order == o.order && !o.removed {
		r.counters().Unchanged++
		return nil
	}
	u := r.client.Department.Update().Where(department.ID(o.id))
	if d.Name != o.name {
		u.SetName(d.Name)
	}
	if d.Order != o.order {
		u.SetOrder(d.Order)
	}
	if moved && parentID == 0 {
		u.ClearParentID()
	} else if moved {
		u.SetParentID(parentID)
	}
	if o.removed {
		u.ClearRemovedAt()
	}
	if err := u.Exec(ctx); err != nil {
		return fmt.Errorf("updating %s: %w", deptItem(i, d.ExternalID), err)
	}
	if moved {
		r.counters().Moved++
	} else {
		r.counters().Updated++
	}
	return nil
}

// removeDepartments marks the OA departments a complete import left out.
// Rows are kept (bindings and history point at them); only removed_at is set.
func (r *runner) removeDepartments(ctx context.Context, old *oldDepts) error {
	present := make(map[string]struct{}, len(r.in.Departments))
	for _, d := range r.in.Departments {
		present[d.ExternalID] = struct{}{}
	}
	var ids []int
	for ext, d := range old.byExt {
		if _, ok := present[ext]; !ok && !d.removed {
			ids = append(ids, d.id)
		}
	}
	slices.Sort(ids) // a stable lock order for concurrent writers
	return batches(ids, idBatch, func(b []int) error {
		n, err := r.client.Department.Update().Where(department.IDIn(b...)).SetRemovedAt(r.now).Save(ctx)
		if err != nil {
			return fmt.Errorf("marking %d departments removed: %w", len(b), err)
		}
		r.counters().Removed += n
		return nil
	})
}
