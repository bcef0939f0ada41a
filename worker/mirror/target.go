package mirror

import (
	"context"
	"errors"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform"
)

// ErrRejected marks an object the mirror refuses (a value its columns
// cannot hold, a user without user_id): applying the event again cannot help.
var ErrRejected = errors.New("rejected by the mirror")

// Target applies single changes to a Corp's mirror, for contact events:
// the changed object is read back from the directory and written the way a
// pull writes it, without loading the whole mirror. Events can arrive in
// any order: a department the change needs but the mirror lacks is read on
// demand (with its missing ancestors), so the mirror converges without
// waiting for the next pull.
type Target struct {
	Client *ent.Client
	CorpID int
	Dir    platform.Directory
	// Top is the department the mirrored tree starts at (the sync
	// profile's), platform.RootDepartmentID for all.
	Top string
}

// runner returns a runner over an empty state that the target fills as it
// reads rows. Rows are stamped with the corp's latest pull, so a pull
// running at the same time does not take a row an event just wrote for one
// that disappeared.
func (t Target) runner(ctx context.Context) (*runner, error) {
	last, err := t.Client.SyncRun.Query().Where(syncrun.CorpID(t.CorpID), syncrun.KindEQ(syncrun.KindImPull)).
		Order(ent.Desc(syncrun.FieldID)).FirstID(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	st := &state{depts: map[string]*ent.Department{}, users: map[string]*ent.User{}, members: map[int]map[int]*ent.Membership{}}
	return &runner{p: Params{Client: t.Client, CorpID: t.CorpID, RunID: last, Dir: t.Dir, Top: t.top()}, st: st}, nil
}

func (t Target) top() string {
	if t.Top == "" {
		return platform.RootDepartmentID
	}
	return t.Top
}

// eventScope trusts the mirror's rows that are in scope: a department
// written under the top stays there until an event or a pull says it moved.
func (t Target) eventScope(r *runner) *scope {
	return newScope(t.Dir, []string{t.top()}, func(ctx context.Context, id string) (bool, error) {
		row, err := t.department(ctx, r, id)
		return row != nil && row.RemovedAt == nil && row.OutOfScopeAt == nil, err
	})
}

// department returns the mirror's row of a department (nil if none),
// remembering it in the runner's state.
func (t Target) department(ctx context.Context, r *runner, id string) (*ent.Department, error) {
	if row, ok := r.st.depts[id]; ok {
		return row, nil
	}
	row, err := t.Client.Department.Query().Where(department.CorpID(t.CorpID), department.ExternalID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.st.depts[id] = row
	return row, nil
}

// ApplyUser mirrors one user as the directory has it now: written with its
// departments in the synced tree (read on demand when the mirror lacks
// them), out of scope when it has none there or the app may no longer see
// it (41050), removed when it resigned or no longer exists.
func (t Target) ApplyUser(ctx context.Context, id string) error {
	u, err := t.Dir.User(ctx, id)
	switch platform.ClassOf(err) {
	case platform.ClassOutOfRange:
		return t.userOutOfScope(ctx, id)
	case platform.ClassNotFound:
		return t.RemoveUser(ctx, id)
	}
	if err != nil {
		return fmt.Errorf("reading user %s: %w", id, err)
	}
	if u.ID == "" {
		u.ID = id // the event named it; the read left user_id out (field permission)
	}
	if u.Status == platform.UserResigned {
		return t.RemoveUser(ctx, id)
	}
	r, err := t.runner(ctx)
	if err != nil {
		return err
	}
	sc := t.eventScope(r)
	in := false
	for _, did := range u.DepartmentIDs {
		ok, err := t.ensure(ctx, r, sc, did)
		if err != nil {
			return err
		}
		in = in || ok
	}
	// Mirroring the whole directory, whoever the app may read is in scope:
	// a person the contact range grants one by one is readable while none
	// of their departments is (a pull mirrors them: Params.Users).
	if !in && t.top() != platform.RootDepartmentID {
		return t.userOutOfScope(ctx, id)
	}
	rows, err := t.Client.User.Query().Where(user.CorpID(t.CorpID), user.ExternalID(id)).WithMemberships().All(ctx)
	if err != nil {
		return err
	}
	for _, row := range rows {
		r.st.users[row.ExternalID] = row
		r.st.members[row.ID] = map[int]*ent.Membership{}
		for _, m := range row.Edges.Memberships {
			r.st.members[row.ID][m.DepartmentID] = m
		}
	}
	if err := r.writeUsers(ctx, []pendingUser{canonical(u)}); err != nil {
		return err
	}
	if len(r.errs) > 0 {
		return fmt.Errorf("%w: user %s: %s", ErrRejected, id, r.errs[0].Message)
	}
	return nil
}

// RemoveUser marks a user removed and resigned (never deleted): the
// platform said the person left.
func (t Target) RemoveUser(ctx context.Context, id string) error {
	now := time.Now()
	return t.Client.User.Update().Where(user.CorpID(t.CorpID), user.ExternalID(id), user.RemovedAtIsNil()).
		SetRemovedAt(now).SetStatus(user.StatusResigned).SetStatusChangedAt(now).Exec(ctx)
}

// ApplyDepartment mirrors one department: under its parent when it lies in
// the synced tree (missing ancestors are read and written first), out of
// scope with its mirrored subtree when it moved outside or the app may no
// longer see it, removed when it no longer exists.
func (t Target) ApplyDepartment(ctx context.Context, id string) error {
	r, err := t.runner(ctx)
	if err != nil {
		return err
	}
	sc := t.eventScope(r)
	d, err := sc.department(ctx, id)
	switch platform.ClassOf(err) {
	case platform.ClassOutOfRange:
		return t.departmentOutOfScope(ctx, id)
	case platform.ClassNotFound:
		return t.RemoveDepartment(ctx, id)
	}
	if err != nil {
		return err
	}
	if d.Deleted {
		return t.RemoveDepartment(ctx, id)
	}
	// Judge the department by where it is now, not by its mirrored row.
	if !sc.tops[id] {
		if sc.known[id], err = sc.walk(ctx, d.ParentID, 1); err != nil {
			return err
		}
	}
	in, err := t.ensure(ctx, r, sc, id)
	if err != nil {
		return err
	}
	if !in {
		return t.departmentOutOfScope(ctx, id)
	}
	return nil
}

// RemoveDepartment marks a department removed: the platform deleted it.
func (t Target) RemoveDepartment(ctx context.Context, id string) error {
	return t.Client.Department.Update().Where(department.CorpID(t.CorpID), department.ExternalID(id), department.RemovedAtIsNil()).
		SetRemovedAt(time.Now()).Exec(ctx)
}

// ensure makes the mirror hold department id under its parent when it is in
// the synced tree, writing missing or out-of-date ancestors first, and says
// whether it is in the tree.
func (t Target) ensure(ctx context.Context, r *runner, sc *scope, id string) (bool, error) {
	return t.ensureDepth(ctx, r, sc, id, 0)
}

func (t Target) ensureDepth(ctx context.Context, r *runner, sc *scope, id string, depth int) (bool, error) {
	in, err := sc.in(ctx, id)
	if err != nil || !in {
		return false, err
	}
	row, err := t.department(ctx, r, id)
	if err != nil {
		return false, err
	}
	_, fresh := sc.read[id]
	if row != nil && row.RemovedAt == nil && row.OutOfScopeAt == nil && !fresh {
		return true, nil // trusted as mirrored
	}
	d, err := sc.department(ctx, id)
	if err != nil {
		return false, err
	}
	var parent *int
	if !sc.tops[id] {
		if depth > maxDepth {
			return false, fmt.Errorf("department %s: the chain of parents does not end", id)
		}
		if _, err := t.ensureDepth(ctx, r, sc, d.ParentID, depth+1); err != nil {
			return false, err
		}
		prow, err := t.department(ctx, r, d.ParentID)
		if err != nil {
			return false, err
		}
		if prow == nil {
			return false, fmt.Errorf("department %s: its parent %s could not be mirrored", id, d.ParentID)
		}
		parent = &prow.ID
	}
	if err := r.upsertDepartments(ctx, []deptItem{{parent: parent, d: d}}); err != nil {
		return false, err
	}
	if len(r.errs) > 0 {
		return false, fmt.Errorf("%w: department %s: %s", ErrRejected, id, r.errs[len(r.errs)-1].Message)
	}
	return true, nil
}

// departmentOutOfScope marks a mirrored department and its mirrored subtree
// out of scope, then the users left with no membership in scope.
func (t Target) departmentOutOfScope(ctx context.Context, id string) error {
	root, err := t.Client.Department.Query().Where(department.CorpID(t.CorpID), department.ExternalID(id)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil // never mirrored: nothing to do
	}
	if err != nil {
		return err
	}
	ids := []int{root.ID}
	for level := []int{root.ID}; len(level) > 0; {
		kids, err := t.Client.Department.Query().Where(department.ParentIDIn(level...)).IDs(ctx)
		if err != nil {
			return err
		}
		ids = append(ids, kids...)
		level = kids
	}
	now := time.Now()
	if err := t.Client.Department.Update().Where(department.IDIn(ids...), department.OutOfScopeAtIsNil(), department.RemovedAtIsNil()).
		SetOutOfScopeAt(now).Exec(ctx); err != nil {
		return err
	}
	// Users with a membership there and none in a department still in scope.
	return t.Client.User.Update().Where(user.CorpID(t.CorpID), user.OutOfScopeAtIsNil(), user.RemovedAtIsNil(),
		user.HasMembershipsWith(membership.DepartmentIDIn(ids...)),
		user.Not(user.HasMembershipsWith(membership.HasDepartmentWith(department.OutOfScopeAtIsNil(), department.RemovedAtIsNil()))),
	).SetOutOfScopeAt(now).Exec(ctx)
}

// userOutOfScope marks a mirrored user out of scope (not resigned).
func (t Target) userOutOfScope(ctx context.Context, id string) error {
	return t.Client.User.Update().Where(user.CorpID(t.CorpID), user.ExternalID(id), user.OutOfScopeAtIsNil(), user.RemovedAtIsNil()).
		SetOutOfScopeAt(time.Now()).Exec(ctx)
}
