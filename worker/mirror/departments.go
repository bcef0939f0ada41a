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

// departments reads the whole tree below the top (each of Params.Tops
// when set) in one paged listing
// (fetch_child), then writes it breadth-first, a level at a time, so each
// level's parents exist when it is written. The top department itself is a
// row too (the root "0" when no top is set: the tenant, named after it), so
// people placed directly in it have a department to be members of.
// Listing is cheap (50 departments a call), so an interrupted departments
// phase simply starts over; the checkpoint marks its end.
func (r *runner) departments(ctx context.Context) error {
	r.phase = PhaseDepartments
	r.cp.Phase = PhaseDepartments
	tops := r.p.tops()
	var level []deptItem
	var all []platform.DirDepartment
	for _, top := range tops {
		d, sub, err := r.listTree(ctx, top, len(all))
		if err != nil {
			return err
		}
		all = append(all, sub...)
		if len(r.p.Tops) > 0 {
			// A granted department may keep its place under a row an
			// earlier, wider pull wrote; the root's row is not one.
			if row := r.st.depts[d.ParentID]; row != nil && d.ParentID != platform.RootDepartmentID {
				level = append(level, deptItem{parent: &row.ID, d: d})
				continue
			}
		}
		d.ParentID = "" // the top of the mirror, whatever is above it
		level = append(level, deptItem{d: d})
	}
	level = outermost(level, all)
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
		r.done += len(level)
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
	r.done = r.total // deleted and unwritable subtrees are not written: the phase is over
	r.report()
	return r.save(ctx)
}

// listTree reads department top and lists its subtree (fetch_child),
// counting what was listed after the earlier trees' listed.
func (r *runner) listTree(ctx context.Context, top string, listed int) (platform.DirDepartment, []platform.DirDepartment, error) {
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
		// Counted as written, not as listed: the listing is one call a
		// page, the writes a level at a time are what takes the phase's
		// time (and a listed tree at done = total would fill its share of
		// the bar before anything is written).
		all = append(all, page...)
		r.done, r.total = 0, listed+len(all)+1 // and the top
		r.report()
		return nil
	})
	tr := <-topc
	if err != nil {
		return platform.DirDepartment{}, nil, fmt.Errorf("listing the departments under %s: %w", top, err)
	}
	d, err := tr.d, tr.err
	if err != nil {
		return platform.DirDepartment{}, nil, fmt.Errorf("reading the top department %s: %w", top, err)
	}
	if d.Name == "" {
		d.Name = top // the root may come back nameless: it still needs a row
	}
	return d, all, nil
}

// outermost drops tops that lie inside another top's subtree (a range
// granting a department and one below it): they are written as children.
func outermost(level []deptItem, all []platform.DirDepartment) []deptItem {
	if len(level) < 2 {
		return level
	}
	below := make(map[string]bool, len(all))
	for _, d := range all {
		below[d.ID] = true
	}
	out := level[:0:0]
	for _, it := range level {
		if !below[it.d.ID] {
			out = append(out, it)
		}
	}
	return out
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
				if err != nil && ent.IsConstraintError(err) {
					// A contact event stored it meanwhile: take that row.
					row, err = r.adoptDepartment(ctx, it, err)
				}
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
