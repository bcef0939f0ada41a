package mirror

import (
	"context"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform"
)

// Target applies single changes to a Corp's mirror, for contact events:
// the changed object is read back from the directory and written the way a
// pull writes it, without loading the whole mirror.
type Target struct {
	Client *ent.Client
	CorpID int
	Dir    platform.Directory
}

// runner returns a runner over a state holding only the given rows. Rows are
// stamped with the corp's latest pull, so a pull running at the same time
// does not take a row an event just wrote for one that disappeared.
func (t Target) runner(ctx context.Context, depts []*ent.Department, users []*ent.User) (*runner, error) {
	last, err := t.Client.SyncRun.Query().Where(syncrun.CorpID(t.CorpID), syncrun.KindEQ(syncrun.KindImPull)).
		Order(ent.Desc(syncrun.FieldID)).FirstID(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	st := &state{depts: map[string]*ent.Department{}, users: map[string]*ent.User{}, members: map[int]map[int]*ent.Membership{}}
	for _, d := range depts {
		st.depts[d.ExternalID] = d
	}
	for _, u := range users {
		st.users[u.ExternalID] = u
		ms, err := t.Client.Membership.Query().Where(membership.UserID(u.ID)).All(ctx)
		if err != nil {
			return nil, err
		}
		st.members[u.ID] = map[int]*ent.Membership{}
		for _, m := range ms {
			st.members[u.ID][m.DepartmentID] = m
		}
	}
	return &runner{p: Params{Client: t.Client, CorpID: t.CorpID, RunID: last, Dir: t.Dir}, st: st}, nil
}

// ApplyUser mirrors one user as the directory has it now.
func (t Target) ApplyUser(ctx context.Context, id string) error {
	u, err := t.Dir.User(ctx, id)
	if err != nil {
		return fmt.Errorf("reading user %s: %w", id, err)
	}
	depts, err := t.Client.Department.Query().Where(department.CorpID(t.CorpID), department.ExternalIDIn(u.DepartmentIDs...)).All(ctx)
	if err != nil {
		return err
	}
	users, err := t.Client.User.Query().Where(user.CorpID(t.CorpID), user.ExternalID(id)).All(ctx)
	if err != nil {
		return err
	}
	r, err := t.runner(ctx, depts, users)
	if err != nil {
		return err
	}
	if u.Status == platform.UserResigned {
		return t.RemoveUser(ctx, id)
	}
	return r.writeUsers(ctx, []platform.DirUser{u})
}

// RemoveUser marks a user removed and resigned (never deleted).
func (t Target) RemoveUser(ctx context.Context, id string) error {
	now := time.Now()
	return t.Client.User.Update().Where(user.CorpID(t.CorpID), user.ExternalID(id), user.RemovedAtIsNil()).
		SetRemovedAt(now).SetStatus(user.StatusResigned).SetStatusChangedAt(now).Exec(ctx)
}

// ApplyDepartment mirrors one department under its parent. A department
// whose parent is not mirrored lies outside the synced tree and is ignored.
func (t Target) ApplyDepartment(ctx context.Context, id string) error {
	d, err := t.Dir.Department(ctx, id)
	if err != nil {
		return fmt.Errorf("reading department %s: %w", id, err)
	}
	rows, err := t.Client.Department.Query().Where(department.CorpID(t.CorpID), department.ExternalIDIn(id, d.ParentID)).All(ctx)
	if err != nil {
		return err
	}
	r, err := t.runner(ctx, rows, nil)
	if err != nil {
		return err
	}
	var parent *int
	if p := r.st.depts[d.ParentID]; p != nil {
		parent = &p.ID
	} else if d.ParentID != platform.RootDepartmentID {
		return nil
	}
	return r.upsertDepartments(ctx, []deptItem{{parent: parent, d: d}})
}

// RemoveDepartment marks a department removed.
func (t Target) RemoveDepartment(ctx context.Context, id string) error {
	return t.Client.Department.Update().Where(department.CorpID(t.CorpID), department.ExternalID(id), department.RemovedAtIsNil()).
		SetRemovedAt(time.Now()).Exec(ctx)
}
