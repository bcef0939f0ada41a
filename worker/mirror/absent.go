package mirror

import (
	"context"
	"fmt"
	"slices"
	"time"

	"imbridge/ent/department"
	"imbridge/ent/user"
	"imbridge/platform"
)

// verdict is what became of a row a pull did not see.
type verdict int

const (
	stays      verdict = iota // still in scope (a race with the listing), or unknown: left as is
	gone                      // deleted, or the person resigned: removed
	outOfScope                // exists, but outside the synced tree or the app's range
)

// settleDepartments asks for each department the run did not see and marks
// it removed or out of scope. The reads run with others in flight, as the
// listings do: a pull after many departments were deleted is bound by the
// platform's budget, not by the round trip. Rows already out of scope are left alone:
// they come back when a pull or an event sees them again.
func (r *runner) settleDepartments(ctx context.Context, sc *scope, now time.Time) error {
	var ids []string
	for id, row := range r.st.depts {
		if row.RemovedAt == nil && row.OutOfScopeAt == nil && row.LastSeenRun != r.p.RunID {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var goneIDs, outIDs []int
	// Each is read with others in flight (inOrder), and judged in order.
	err := inOrder(ctx, len(ids), r.inFlight(), func(ctx context.Context, i int) deptRead {
		d, err := r.p.Dir.Department(ctx, ids[i])
		return deptRead{d, err}
	}, func(i int, read deptRead, _ bool) error {
		id := ids[i]
		v, err := r.departmentVerdict(ctx, sc, id, read)
		if err != nil {
			if fatal(err) {
				return err
			}
			r.itemError(kindDepartment, id, err, false)
			return nil
		}
		switch v {
		case gone:
			goneIDs = append(goneIDs, r.st.depts[id].ID)
			r.st.depts[id].RemovedAt = &now
		case outOfScope:
			outIDs = append(outIDs, r.st.depts[id].ID)
			r.st.depts[id].OutOfScopeAt = &now
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(goneIDs) > 0 {
		if err := r.p.Client.Department.Update().Where(department.IDIn(goneIDs...)).SetRemovedAt(now).Exec(ctx); err != nil {
			return fmt.Errorf("marking removed departments: %w", err)
		}
	}
	if len(outIDs) > 0 {
		if err := r.p.Client.Department.Update().Where(department.IDIn(outIDs...)).SetOutOfScopeAt(now).Exec(ctx); err != nil {
			return fmt.Errorf("marking departments out of scope: %w", err)
		}
	}
	r.counters.Removed += len(goneIDs)
	r.counters.OutOfScope += len(outIDs)
	return nil
}

// deptRead is a department as read from the directory, or why not.
type deptRead struct {
	d   platform.DirDepartment
	err error
}

// departmentVerdict judges an unseen department from its read.
func (r *runner) departmentVerdict(ctx context.Context, sc *scope, id string, read deptRead) (verdict, error) {
	d, err := read.d, read.err
	if err != nil {
		err = fmt.Errorf("reading department %s: %w", id, err)
	} else {
		sc.read[id] = d // the scope's walk reads it from there
	}
	switch platform.ClassOf(err) {
	case platform.ClassNotFound:
		return gone, nil
	case platform.ClassOutOfRange:
		return outOfScope, nil
	}
	if err != nil {
		return stays, err
	}
	if d.Deleted {
		return gone, nil
	}
	in, err := sc.in(ctx, id)
	switch {
	case err != nil:
		return stays, err
	case in:
		// Under the top after all (moved in after the listing, or under a
		// department whose write failed): the next pull writes it.
		return stays, nil
	}
	return outOfScope, nil
}

// settleUsers asks for each user the run did not see: resigned or unknown
// to the platform is gone; outside the app's range, or in no department of
// the synced tree, is out of scope.
func (r *runner) settleUsers(ctx context.Context, sc *scope, now time.Time) error {
	var ids []string
	for id, row := range r.st.users {
		if row.RemovedAt == nil && row.OutOfScopeAt == nil && row.LastSeenRun != r.p.RunID {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var goneIDs, outIDs []int
	err := inOrder(ctx, len(ids), r.inFlight(), func(ctx context.Context, i int) userRead {
		u, err := r.p.Dir.User(ctx, ids[i])
		return userRead{u, err}
	}, func(i int, read userRead, _ bool) error {
		id := ids[i]
		v, err := r.userVerdict(ctx, sc, id, read)
		if err != nil {
			if fatal(err) {
				return err
			}
			r.itemError(kindUser, id, err, false)
			return nil
		}
		switch v {
		case gone:
			goneIDs = append(goneIDs, r.st.users[id].ID)
		case outOfScope:
			outIDs = append(outIDs, r.st.users[id].ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(goneIDs) > 0 {
		if err := r.p.Client.User.Update().Where(user.IDIn(goneIDs...)).
			SetRemovedAt(now).SetStatus(user.StatusResigned).SetStatusChangedAt(now).Exec(ctx); err != nil {
			return fmt.Errorf("marking removed users: %w", err)
		}
	}
	if len(outIDs) > 0 {
		if err := r.p.Client.User.Update().Where(user.IDIn(outIDs...)).SetOutOfScopeAt(now).Exec(ctx); err != nil {
			return fmt.Errorf("marking users out of scope: %w", err)
		}
	}
	r.counters.Removed += len(goneIDs)
	r.counters.OutOfScope += len(outIDs)
	return nil
}

// userRead is a user as read from the directory, or why not.
type userRead struct {
	u   platform.DirUser
	err error
}

// userVerdict judges an unseen user from its read.
func (r *runner) userVerdict(ctx context.Context, sc *scope, id string, read userRead) (verdict, error) {
	u, err := read.u, read.err
	switch platform.ClassOf(err) {
	case platform.ClassNotFound:
		return gone, nil
	case platform.ClassOutOfRange:
		return outOfScope, nil // 41050: no longer in the app's contact range
	}
	if err != nil {
		return stays, fmt.Errorf("reading user %s: %w", id, err)
	}
	if u.Status == platform.UserResigned {
		return gone, nil
	}
	in, err := sc.anyIn(ctx, u.DepartmentIDs)
	switch {
	case err != nil:
		return stays, err
	case in:
		return stays, nil // in the tree but not listed: a race the next pull settles
	}
	return outOfScope, nil
}
