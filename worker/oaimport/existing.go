package oaimport

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/user"
)

// The existing OA directory of the tenant is read in one query per table,
// selecting only the columns the diff needs, into compact structs: a 100k-user
// import must not issue one query per row, and holding full ent nodes (with
// their edges and bookkeeping) for every row would waste memory. The tenant
// filter comes from ent privacy.

// oldDept is an existing OA department.
type oldDept struct {
	id       int
	parentID int // 0: top level
	name     string
	order    int
	removed  bool
}

// oldDepts is the tenant's OA department tree.
type oldDepts struct {
	byExt map[string]*oldDept
	extOf map[int]string // row id → external id, to follow parent_id
}

// parentExt returns the external id of an existing department's parent.
func (o *oldDepts) parentExt(ext string) (string, bool) {
	d, ok := o.byExt[ext]
	if !ok || d.parentID == 0 {
		return "", false
	}
	p, ok := o.extOf[d.parentID]
	return p, ok
}

func loadDepartments(ctx context.Context, client *ent.Client) (*oldDepts, error) {
	rows, err := client.Department.Query().
		Where(department.CorpIDIsNil()).
		Select(department.FieldID, department.FieldExternalID, department.FieldParentID,
			department.FieldName, department.FieldOrder, department.FieldRemovedAt).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading OA departments: %w", err)
	}
	o := &oldDepts{byExt: make(map[string]*oldDept, len(rows)), extOf: make(map[int]string, len(rows))}
	for _, r := range rows {
		d := &oldDept{id: r.ID, name: r.Name, order: r.Order, removed: r.RemovedAt != nil}
		if r.ParentID != nil {
			d.parentID = *r.ParentID
		}
		o.byExt[r.ExternalID] = d
		o.extOf[r.ID] = r.ExternalID
	}
	return o, nil
}

// oldUser is an existing OA user: the fields an import may change.
type oldUser struct {
	id                                     int
	name, mobile, email, employeeNo, title string
	status                                 user.Status
	gender                                 string
	attributes                             map[string]string
}

func loadUsers(ctx context.Context, client *ent.Client) (map[string]*oldUser, error) {
	rows, err := client.User.Query().
		Where(user.CorpIDIsNil()).
		Select(user.FieldID, user.FieldExternalID, user.FieldName, user.FieldMobile,
			user.FieldEmail, user.FieldEmployeeNo, user.FieldTitle, user.FieldStatus, user.FieldGender, user.FieldAttributes).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading OA users: %w", err)
	}
	m := make(map[string]*oldUser, len(rows))
	for _, r := range rows {
		o := &oldUser{id: r.ID, name: r.Name, mobile: r.Mobile, email: r.Email,
			employeeNo: r.EmployeeNo, title: r.Title, status: r.Status, attributes: r.Attributes}
		if r.Gender != nil {
			o.gender = string(*r.Gender)
		}
		m[r.ExternalID] = o
	}
	return m, nil
}

// oldMembership is an existing membership of an OA user.
type oldMembership struct {
	id, deptID int
	primary    bool
	order      int
}

// loadMemberships returns the memberships of OA users by user id. Only OA
// users' rows are read: the Corp-side mirror may be as large again and is
// never touched by an import.
func loadMemberships(ctx context.Context, client *ent.Client) (map[int][]oldMembership, error) {
	rows, err := client.Membership.Query().
		Where(membership.HasUserWith(user.CorpIDIsNil())).
		Select(membership.FieldID, membership.FieldUserID, membership.FieldDepartmentID,
			membership.FieldPrimary, membership.FieldOrder).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading OA memberships: %w", err)
	}
	m := make(map[int][]oldMembership)
	for _, r := range rows {
		m[r.UserID] = append(m[r.UserID], oldMembership{id: r.ID, deptID: r.DepartmentID, primary: r.Primary, order: r.Order})
	}
	return m, nil
}
