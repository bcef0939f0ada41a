package mirror

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/platform"
)

// checkpointEvery is how many listed departments go between checkpoints.
const checkpointEvery = 50

// departments walks the tree breadth-first from the top, listing each
// department's children and upserting them under their parent. Parents are
// always written before their children, so parent ids resolve.
func (r *runner) departments(ctx context.Context) error {
	r.phase = PhaseDepartments
	queue := r.cp.Queue
	if r.cp.Phase == "" {
		r.cp.Phase = PhaseDepartments
		queue = []string{r.p.Top}
		if r.p.Top != platform.RootDepartmentID {
			top, err := r.p.Dir.Department(ctx, r.p.Top)
			if err != nil {
				return fmt.Errorf("reading the top department %s: %w", r.p.Top, err)
			}
			if err := r.upsertDepartments(ctx, nil, []platform.DirDepartment{top}); err != nil {
				return err
			}
		}
	}
	r.total = len(r.st.depts) + len(queue)
	for n := 0; len(queue) > 0; n++ {
		id := queue[0]
		queue = queue[1:]
		var children []platform.DirDepartment
		err := r.p.Dir.ChildDepartments(ctx, id, func(page []platform.DirDepartment) error {
			children = append(children, page...)
			return nil
		})
		switch {
		case err != nil && (fatal(err) || id == r.p.Top):
			return fmt.Errorf("listing the departments under %s: %w", id, err)
		case err != nil:
			r.fail("department "+id+" (children)", err, true)
		default:
			var parent *int
			if id != platform.RootDepartmentID || r.p.Top != platform.RootDepartmentID {
				if row := r.st.depts[id]; row != nil {
					parent = &row.ID
				}
			}
			if err := r.upsertDepartments(ctx, parent, children); err != nil {
				return err
			}
			for _, c := range children {
				if !c.Deleted {
					queue = append(queue, c.ID)
				}
			}
		}
		r.done++
		r.total = max(r.total, r.done+len(queue))
		if n%checkpointEvery == checkpointEvery-1 {
			r.cp.Queue = queue
			if err := r.save(ctx); err != nil {
				return err
			}
		}
		r.report()
	}
	r.cp = checkpoint{Phase: PhaseUsers, Incomplete: r.cp.Incomplete, Errors: r.cp.Errors}
	return r.save(ctx)
}

// upsertDepartments writes one parent's children: new ones in one bulk
// insert, changed ones one by one, and stamps all of them as seen.
func (r *runner) upsertDepartments(ctx context.Context, parent *int, ds []platform.DirDepartment) error {
	var creates []*ent.DepartmentCreate
	var seen []*ent.Department
	for _, d := range ds {
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
	if len(creates) > 0 {
		created, err := r.p.Client.Department.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return fmt.Errorf("creating departments: %w", err)
		}
		for _, d := range created {
			r.st.depts[d.ExternalID] = d
		}
		r.counters.Created += len(created)
	}
	if len(seen) > 0 {
		ids := make([]int, len(seen))
		for i, row := range seen {
			ids[i] = row.ID
			row.LastSeenRun = r.p.RunID
		}
		if err := r.p.Client.Department.Update().Where(department.IDIn(ids...)).SetLastSeenRun(r.p.RunID).Exec(ctx); err != nil {
			return fmt.Errorf("stamping departments: %w", err)
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
