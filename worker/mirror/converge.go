package mirror

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/user"
)

// A pull and a contact event (Feishu's or WeCom's, through Target) can
// write the same new department, user or membership at the same time: each
// read the mirror before the other wrote, and both insert. The unique
// indexes let one insert win (department_im_external_id,
// user_im_external_id, membership's user and department; PostgreSQL 23505,
// SQLite's UNIQUE constraint). The loser converges instead of failing: it
// takes the winner's row and writes what it read itself onto it, as it
// would have updated a row it had loaded. Both read the platform moments
// apart, and the next event or pull corrects an older read.

// adoptDepartment takes the row another writer stored for the department it
// failed to insert (cause), and writes what this runner read onto it. With
// no such row the conflict was something else: cause is returned.
func (r *runner) adoptDepartment(ctx context.Context, it deptItem, cause error) (*ent.Department, error) {
	row, err := r.p.Client.Department.Query().Where(department.CorpID(r.p.CorpID), department.ExternalID(it.d.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, cause
	}
	if err != nil {
		return nil, fmt.Errorf("department %s: %w", it.d.ID, err)
	}
	u := r.p.Client.Department.UpdateOneID(row.ID).SetName(it.d.Name).SetOrder(it.d.Order).SetOpenID(it.d.OpenID).
		ClearRemovedAt().ClearOutOfScopeAt().SetLastSeenRun(r.p.RunID)
	if it.parent == nil {
		u.ClearParentID()
	} else {
		u.SetParentID(*it.parent)
	}
	return u.Save(ctx)
}

// adoptUser loads into the state the row another writer stored for the
// user this runner failed to insert (cause), with its memberships, and
// says whether there was one (none: the conflict was something else).
func (r *runner) adoptUser(ctx context.Context, id string, cause error) (bool, error) {
	if !ent.IsConstraintError(cause) {
		return false, nil
	}
	row, err := r.p.Client.User.Query().Where(user.CorpID(r.p.CorpID), user.ExternalID(id)).WithMemberships().Only(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("user %s: %w", id, err)
	}
	r.st.users[id] = row
	have := map[int]*ent.Membership{}
	for _, m := range row.Edges.Memberships {
		have[m.DepartmentID] = m
	}
	r.st.members[row.ID] = have
	return true, nil
}

// addMembership inserts a membership, or takes the one another writer
// stored meanwhile and sets its primary flag and order.
func (r *runner) addMembership(ctx context.Context, userID int, w wantedMembership) (*ent.Membership, error) {
	m, err := r.p.Client.Membership.Create().SetUserID(userID).SetDepartmentID(w.dept).SetPrimary(w.primary).SetOrder(w.order).Save(ctx)
	if err == nil || !ent.IsConstraintError(err) {
		return m, err
	}
	id, qerr := r.p.Client.Membership.Query().Where(membership.UserID(userID), membership.DepartmentID(w.dept)).OnlyID(ctx)
	if ent.IsNotFound(qerr) {
		return nil, err
	}
	if qerr != nil {
		return nil, qerr
	}
	return r.p.Client.Membership.UpdateOneID(id).SetPrimary(w.primary).SetOrder(w.order).Save(ctx)
}

// createMemberships inserts memberships one by one, converging with those
// another writer stored (addMembership).
func (r *runner) createMemberships(ctx context.Context, ms []*ent.MembershipCreate) error {
	for _, c := range ms {
		m := c.Mutation()
		userID, _ := m.UserID()
		dept, _ := m.DepartmentID()
		primary, _ := m.Primary()
		order, _ := m.Order()
		if _, err := r.addMembership(ctx, userID, wantedMembership{dept: dept, primary: primary, order: order}); err != nil {
			return fmt.Errorf("creating memberships: %w", err)
		}
	}
	return nil
}
