package broadcast

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/binding"
	"imbridge/ent/broadcastpolicy"
	"imbridge/ent/department"
	"imbridge/ent/user"
)

// PolicyOf returns a corp's policy and its row; a corp without one allows
// everyone and its requests go to the tenant's admins (row nil).
func (p *Permissions) PolicyOf(ctx context.Context, corpID int) (Policy, *ent.BroadcastPolicy, error) {
	row, err := p.db(ctx).BroadcastPolicy.Query().Where(broadcastpolicy.CorpID(corpID)).Only(ctx)
	if ent.IsNotFound(err) {
		return Policy{Everyone: true}, nil, nil
	}
	if err != nil {
		return Policy{}, nil, fmt.Errorf("broadcast policy of corp %d: %w", corpID, err)
	}
	return policyOf(row), row, nil
}

func policyOf(row *ent.BroadcastPolicy) Policy {
	return Policy{Everyone: row.Mode == broadcastpolicy.ModeEVERYONE, Departments: row.DepartmentIds, Users: row.UserIds,
		Named: row.ApproverMode == broadcastpolicy.ApproverModeNAMED, Approvers: row.ApproverIds, ApproverUsers: row.ApproverUserIds}
}

// PolicyInput is a corp's policy as setBroadcastPolicy gives it.
type PolicyInput struct {
	CorpID      int
	Everyone    bool
	Departments []int
	Users       []int
	Named       bool
	Approvers   []int
	// ApproverUsers are named people (OA user ids) who approve.
	ApproverUsers []int
}

// SetPolicy replaces a corp's policy. Departments and people must be of
// the corp's org chart; named approvers console accounts of the tenant
// that may act on broadcasts (operators and admins) and OA users bound to
// a person of the corp (an IM message must reach them).
func (p *Permissions) SetPolicy(ctx context.Context, in PolicyInput) (*ent.BroadcastPolicy, error) {
	db := p.db(ctx)
	if _, err := db.Corp.Get(ctx, in.CorpID); err != nil {
		if ent.IsNotFound(err) {
			return nil, FieldErrors{{Field: "corpID", Rule: "exists", Message: "no such corp"}}
		}
		return nil, err
	}
	in.Departments, in.Users, in.Approvers, in.ApproverUsers = uniq(in.Departments), uniq(in.Users), uniq(in.Approvers), uniq(in.ApproverUsers)
	var errs FieldErrors
	if in.Everyone {
		// Kept, they would read as a selection that has no effect.
		if len(in.Departments) > 0 {
			errs = append(errs, FieldError{Field: "departmentIDs", Rule: "selected_only", Message: "departments are selected only with mode SELECTED; with EVERYONE every member may broadcast"})
		}
		if len(in.Users) > 0 {
			errs = append(errs, FieldError{Field: "userIDs", Rule: "selected_only", Message: "people are selected only with mode SELECTED; with EVERYONE every member may broadcast"})
		}
		in.Departments, in.Users = nil, nil
	}
	if found, err := db.Department.Query().Where(department.IDIn(in.Departments...), department.CorpID(in.CorpID)).IDs(ctx); err != nil {
		return nil, err
	} else if bad := missing(in.Departments, found); len(bad) > 0 {
		errs = append(errs, FieldError{Field: "departmentIDs", Rule: "org_chart", Message: "every department must be one of this corp's org chart; not: " + idList(bad)})
	}
	if found, err := db.User.Query().Where(user.IDIn(in.Users...), user.CorpID(in.CorpID)).IDs(ctx); err != nil {
		return nil, err
	} else if bad := missing(in.Users, found); len(bad) > 0 {
		errs = append(errs, FieldError{Field: "userIDs", Rule: "org_chart", Message: "every person must be one of this corp's org chart; not: " + idList(bad)})
	}
	if !in.Everyone && len(in.Departments)+len(in.Users) == 0 {
		errs = append(errs, FieldError{Field: "departmentIDs", Rule: "required", Message: "select at least one department or person, or let everyone broadcast"})
	}
	if in.Named {
		found, err := db.Admin.Query().Where(admin.IDIn(in.Approvers...), admin.Disabled(false),
			admin.RoleIn(admin.RoleTenantAdmin, admin.RoleOperator), admin.TenantIDNotNil()).IDs(ctx)
		if err != nil {
			return nil, err
		}
		if bad := missing(in.Approvers, found); len(bad) > 0 {
			errs = append(errs, FieldError{Field: "approverIDs", Rule: "approvers", Message: "every approver must be an enabled console account of this tenant with the admin or operator role; not: " + idList(bad)})
		} else if len(in.Approvers)+len(in.ApproverUsers) == 0 {
			errs = append(errs, FieldError{Field: "approverIDs", Rule: "approvers", Message: "name at least one approver: enabled console accounts of this tenant with the admin or operator role, or people in approverUserIDs"})
		}
		bound, err := db.Binding.Query().Where(binding.CorpID(in.CorpID), binding.KindEQ(binding.KindUser),
			binding.OaUserIDIn(in.ApproverUsers...), binding.ImUserIDNotNil()).Select(binding.FieldOaUserID).All(ctx)
		if err != nil {
			return nil, err
		}
		if bad := missing(in.ApproverUsers, slices.Collect(maps.Keys(distinctOA(bound)))); len(bad) > 0 {
			errs = append(errs, FieldError{Field: "approverUserIDs", Rule: "bound", Message: "every approving person must be an OA user bound to a person of this corp (the IM message reaches them there); not: " + idList(bad)})
		}
	} else {
		// Dropping them would store something else than was asked for.
		if len(in.Approvers) > 0 {
			errs = append(errs, FieldError{Field: "approverIDs", Rule: "named_only", Message: "approvers are named only with approverMode NAMED; with ADMINS the tenant's admins approve"})
		}
		if len(in.ApproverUsers) > 0 {
			errs = append(errs, FieldError{Field: "approverUserIDs", Rule: "named_only", Message: "approving people are named only with approverMode NAMED; with ADMINS the tenant's admins approve"})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	mode, am := broadcastpolicy.ModeSELECTED, broadcastpolicy.ApproverModeADMINS
	if in.Everyone {
		mode = broadcastpolicy.ModeEVERYONE
	}
	if in.Named {
		am = broadcastpolicy.ApproverModeNAMED
	}
	row, err := db.BroadcastPolicy.Query().Where(broadcastpolicy.CorpID(in.CorpID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return db.BroadcastPolicy.Create().SetCorpID(in.CorpID).SetMode(mode).SetDepartmentIds(in.Departments).
			SetUserIds(in.Users).SetApproverMode(am).SetApproverIds(in.Approvers).SetApproverUserIds(in.ApproverUsers).Save(ctx)
	case err != nil:
		return nil, err
	}
	return row.Update().SetMode(mode).SetDepartmentIds(in.Departments).SetUserIds(in.Users).
		SetApproverMode(am).SetApproverIds(in.Approvers).SetApproverUserIds(in.ApproverUsers).Save(ctx)
}

func distinctOA(bs []*ent.Binding) map[int]bool {
	out := map[int]bool{}
	for _, b := range bs {
		if b.OaUserID != nil {
			out[*b.OaUserID] = true
		}
	}
	return out
}

// missing are the ids of asked that found does not hold, in asked's order.
func missing(asked, found []int) []int {
	var out []int
	for _, id := range asked {
		if !slices.Contains(found, id) {
			out = append(out, id)
		}
	}
	return out
}

// idList names ids as the API shows them (their decimal form), at most ten.
func idList(ids []int) string {
	parts := make([]string, 0, min(len(ids), 10)+1)
	for i, id := range ids {
		if i == 10 {
			parts = append(parts, fmt.Sprintf("and %d more", len(ids)-10))
			break
		}
		parts = append(parts, strconv.Itoa(id))
	}
	return strings.Join(parts, ", ")
}

func uniq(ids []int) []int {
	out := make([]int, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
