package mirror

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/platform"
)

// checkpointEvery is how many departments' users go between checkpoints.
const checkpointEvery = 50

// deptItem is a department to write under a parent row (nil: top level).
type deptItem struct {
	parent *int
	d      platform.DirDepartment
}

// departments reads the whole tree below the top in one paged listing
// (fetch_child), then writes it breadth-first, a level at a time, so each
// level's parents exist when it is written. Listing is cheap (50
// departments a call), so an interrupted departments phase simply starts
// over; the checkpoint marks its end.
func (r *runner) departments(ctx context.Context) error {
	r.phase = PhaseDepartments
	r.cp.Phase = PhaseDepartments
	top := r.p.Top
	var all []platform.DirDepartment
	err := r.p.Dir.DescendantDepartments(ctx, top, func(page []platform.DirDepartment) error {
		all = append(all, page...)
		r.done = len(all)
		r.total = r.done
		r.report()
		return nil
	})
	if err != nil {
		return fmt.Errorf("listing the departments under %s: %w", top, err)
	}
	var level []deptItem
	if top != platform.RootDepartmentID {
		d, err := r.p.Dir.Department(ctx, top)
		if err != nil {
			return fmt.Errorf("reading the top department %s: %w", top, err)
		}
		level = []deptItem{{d: d}}
	}
	children := map[string][]platform.DirDepartment{}
	for _, d := range all {
		if !d.Deleted {
			children[d.ParentID] = append(children[d.ParentID], d)
		}
	}
	if top == platform.RootDepartmentID {
		for _, d := range children[top] {
			level = append(level, deptItem{d: d})
		}
	}
	for len(level) > 0 {
		if err := r.upsertDepartments(ctx, level); err != nil {
			return err
		}
		var next []deptItem
		for _, it := range level {
			row := r.st.depts[it.d.ID]
			if row == nil {
				continue // its write failed (recorded); its subtree waits for the next pull
			}
			for _, c := range children[it.d.ID] {
				next = append(next, deptItem{parent: &row.ID, d: c})
			}
		}
		level = next
	}
	r.cp = checkpoint{Phase: PhaseUsers, Incomplete: r.cp.Incomplete, Errors: r.cp.Errors}
	return r.save(ctx)
}

// upsertDepartments writes departments under their parents: new ones in bulk
// inserts, changed ones one by one, unchanged ones stamped as seen in one
// statement.
func (r *runner) upsertDepartments(ctx context.Context, items []deptItem) error {
	var creates []*ent.DepartmentCreate
	var seen []*ent.Department
	for _, it := range items {
		d, parent := it.d, it.parent
		if d.Deleted {
			continue
		}
		row := r.st.depts[d.ID]
		if row == nil {
			creates = append(creates, r.p.Client.Department.Create().
				SetCorpID(r.p.CorpID).SetExternalID(d.ID).SetOpenID(d.OpenID).SetName(d.Name).
				SetNillableParentID(parent).SetOrder(d.Order).SetLastSeenRun(r.p.RunID))
			continue
		}
		moved := !sameParent(row.ParentID, parent)
		changed := row.Name != d.Name || row.Order != d.Order || row.OpenID != d.OpenID || row.RemovedAt != nil
		if !moved && !changed {
			seen = append(seen, row)
			r.counters.Unchanged++
			continue
		}
		u := r.p.Client.Department.UpdateOneID(row.ID).SetName(d.Name).SetOrder(d.Order).SetOpenID(d.OpenID).
			ClearRemovedAt().SetLastSeenRun(r.p.RunID)
		if parent == nil {
			u.ClearParentID()
		} else {
			u.SetParentID(*parent)
		}
		updated, err := u.Save(ctx)
		if err != nil {
			r.fail("department "+d.ID, err, false)
			continue
		}
		r.st.depts[d.ID] = updated
		if moved {
			r.counters.Moved++
		} else {
			r.counters.Updated++
		}
	}
	for len(creates) > 0 {
		n := min(len(creates), 1000)
		created, err := r.p.Client.Department.CreateBulk(creates[:n]...).Save(ctx)
		if err != nil {
			return fmt.Errorf("creating departments: %w", err)
		}
		for _, d := range created {
			r.st.depts[d.ExternalID] = d
		}
		r.counters.Created += len(created)
		creates = creates[n:]
	}
	if len(seen) > 0 {
		ids := make([]int, len(seen))
		for i, row := range seen {
			ids[i] = row.ID
			row.LastSeenRun = r.p.RunID
		}
		for len(ids) > 0 {
			n := min(len(ids), 5000)
			if err := r.p.Client.Department.Update().Where(department.IDIn(ids[:n]...)).SetLastSeenRun(r.p.RunID).Exec(ctx); err != nil {
				return fmt.Errorf("stamping departments: %w", err)
			}
			ids = ids[n:]
		}
	}
	return nil
}

func sameParent(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
