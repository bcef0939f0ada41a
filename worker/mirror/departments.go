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
// level's parents exist when it is written. The top department itself is a
// row too (the root "0" when no top is set: the tenant, named after it), so
// people placed directly in it have a department to be members of.
// Listing is cheap (50 departments a call), so an interrupted departments
// phase simply starts over; the checkpoint marks its end.
func (r *runner) departments(ctx context.Context) error {
	r.phase = PhaseDepartments
	r.cp.Phase = PhaseDepartments
	top := r.p.Top
	// The top is read while the tree is listed: one round trip less.
	type topRead struct {
		d   platform.DirDepartment
		err error
	}
	topc := make(chan topRead, 1)
	go func() {
		d, err := r.p.Dir.Department(ctx, top)
		topc <- topRead{d, err}
	}()
	var all []platform.DirDepartment
	err := r.p.Dir.DescendantDepartments(ctx, top, func(page []platform.DirDepartment) error {
		all = append(all, page...)
		r.done = len(all)
		r.total = r.done
		r.report()
		return nil
	})
	tr := <-topc
	if err != nil {
		return fmt.Errorf("listing the departments under %s: %w", top, err)
	}
	d, err := tr.d, tr.err
	if err != nil {
		return fmt.Errorf("reading the top department %s: %w", top, err)
	}
	d.ParentID = "" // the top of the mirror, whatever is above it
	if d.Name == "" {
		d.Name = top // the root may come back nameless: it still needs a row
	}
	level := []deptItem{{d: d}}
	children := map[string][]platform.DirDepartment{}
	for _, d := range all {
		if !d.Deleted {
			children[d.ParentID] = append(children[d.ParentID], d)
		}
	}
	for len(level) > 0 {
		if err := r.upsertDepartments(ctx, level); err != nil {
			return err
		}
		// Not a place to resume from (the tree is listed again), but the
		// counters of what was written are kept should the process die.
		r.report()
		if err := r.save(ctx); err != nil {
			return err
		}
		var next []deptItem
		for _, it := range level {
			row := r.st.depts[it.d.ID]
			if row == nil || row.LastSeenRun != r.p.RunID {
				continue // its write failed (recorded); its subtree waits for the next pull
			}
			for _, c := range children[it.d.ID] {
				next = append(next, deptItem{parent: &row.ID, d: c})
			}
		}
		level = next
	}
	r.cp = checkpoint{Phase: PhaseUsers, Incomplete: r.cp.Incomplete, Errors: r.cp.Errors}
	r.report()
	return r.save(ctx)
}

// upsertDepartments writes departments under their parents: new ones in bulk
// inserts, changed ones one by one, unchanged ones stamped as seen in one
// statement. A department the database refuses is recorded and skipped,
// with its subtree; the others are written.
func (r *runner) upsertDepartments(ctx context.Context, items []deptItem) error {
	var creates []deptItem
	var seen []*ent.Department
	for _, it := range items {
		d, parent := it.d, it.parent
		if d.Deleted {
			continue
		}
		if err := validDepartment(d); err != nil {
			r.itemError(kindDepartment, d.ID, err, false)
			continue
		}
		row := r.st.depts[d.ID]
		if row == nil {
			creates = append(creates, it)
			continue
		}
		moved := !sameParent(row.ParentID, parent)
		changed := row.Name != d.Name || row.Order != d.Order || row.OpenID != d.OpenID || row.RemovedAt != nil || row.OutOfScopeAt != nil
		if !moved && !changed {
			if row.LastSeenRun != r.p.RunID { // else an earlier attempt of this run counted it
				seen = append(seen, row)
				r.counters.Unchanged++
			}
			continue
		}
		u := r.p.Client.Department.UpdateOneID(row.ID).SetName(d.Name).SetOrder(d.Order).SetOpenID(d.OpenID).
			ClearRemovedAt().ClearOutOfScopeAt().SetLastSeenRun(r.p.RunID)
		if parent == nil {
			u.ClearParentID()
		} else {
			u.SetParentID(*parent)
		}
		updated, err := u.Save(ctx)
		if err != nil {
			if !itemProblem(err) {
				return fmt.Errorf("updating department %s: %w", d.ID, err)
			}
			r.itemError(kindDepartment, d.ID, err, false)
			continue
		}
		r.st.depts[d.ID] = updated
		if moved {
			r.counters.Moved++
		} else {
			r.counters.Updated++
		}
	}
	if err := r.createDepartments(ctx, creates); err != nil {
		return err
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

// createDepartments inserts new departments 1000 at a time. A batch the
// database refuses because of one item is written again one by one, so
// only the bad item is lost (and recorded).
func (r *runner) createDepartments(ctx context.Context, items []deptItem) error {
	build := func(it deptItem) *ent.DepartmentCreate {
		return r.p.Client.Department.Create().
			SetCorpID(r.p.CorpID).SetExternalID(it.d.ID).SetOpenID(it.d.OpenID).SetName(it.d.Name).
			SetNillableParentID(it.parent).SetOrder(it.d.Order).SetLastSeenRun(r.p.RunID)
	}
	for len(items) > 0 {
		batch := items[:min(len(items), 1000)]
		items = items[len(batch):]
		builders := make([]*ent.DepartmentCreate, len(batch))
		for i, it := range batch {
			builders[i] = build(it)
		}
		created, err := r.p.Client.Department.CreateBulk(builders...).Save(ctx)
		if err != nil && !itemProblem(err) {
			return fmt.Errorf("creating departments: %w", err)
		}
		if err != nil {
			created = created[:0]
			for _, it := range batch {
				row, err := build(it).Save(ctx)
				if err != nil {
					if !itemProblem(err) {
						return fmt.Errorf("creating department %s: %w", it.d.ID, err)
					}
					r.itemError(kindDepartment, it.d.ID, err, false)
					continue
				}
				created = append(created, row)
			}
		}
		for _, d := range created {
			r.st.depts[d.ExternalID] = d
		}
		r.counters.Created += len(created)
	}
	return nil
}

func sameParent(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}
