package mirror

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/user"
)

// state is the Corp's mirror as stored, loaded once at the start of a run and
// kept in step with every write, so the run compares in memory instead of
// querying per row.
type state struct {
	depts map[string]*ent.Department // by external id
	users map[string]*ent.User       // by external id
	// members holds each user's memberships by department row id.
	members map[int]map[int]*ent.Membership
}

func loadState(ctx context.Context, c *ent.Client, corpID int) (*state, error) {
	s := &state{depts: map[string]*ent.Department{}, users: map[string]*ent.User{}, members: map[int]map[int]*ent.Membership{}}
	depts, err := c.Department.Query().Where(department.CorpID(corpID)).
		Select(department.FieldExternalID, department.FieldOpenID, department.FieldName, department.FieldParentID,
			department.FieldOrder, department.FieldRemovedAt, department.FieldOutOfScopeAt, department.FieldLastSeenRun).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading mirrored departments: %w", err)
	}
	for _, d := range depts {
		s.depts[d.ExternalID] = d
	}
	users, err := c.User.Query().Where(user.CorpID(corpID)).
		Select(user.FieldExternalID, user.FieldOpenID, user.FieldUnionID, user.FieldName, user.FieldMobile, user.FieldEmail,
			user.FieldEmployeeNo, user.FieldTitle, user.FieldGender, user.FieldAttributes, user.FieldStatus, user.FieldRemovedAt, user.FieldOutOfScopeAt, user.FieldLastSeenRun).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading mirrored users: %w", err)
	}
	for _, u := range users {
		s.users[u.ExternalID] = u
	}
	ms, err := c.Membership.Query().Where(membership.HasUserWith(user.CorpID(corpID))).
		Select(membership.FieldUserID, membership.FieldDepartmentID, membership.FieldPrimary, membership.FieldOrder).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading mirrored memberships: %w", err)
	}
	for _, m := range ms {
		if s.members[m.UserID] == nil {
			s.members[m.UserID] = map[int]*ent.Membership{}
		}
		s.members[m.UserID][m.DepartmentID] = m
	}
	return s, nil
}
