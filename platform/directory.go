package platform

import "context"

// RootDepartmentID is the id of an IM directory's root (the tenant itself).
// Feishu uses "0" for the root in both of its department id types.
const RootDepartmentID = "0"

// User statuses of a directory, the same for every platform.
const (
	UserActive   = "active"   // can sign in and receive messages
	UserDisabled = "disabled" // suspended, not yet active, or has not joined
	UserResigned = "resigned" // left the organisation
)

// DirDepartment is one department of an IM directory.
//
// Feishu mapping: ID = department_id (the tenant-wide custom id, stable across
// apps; what sync keys on), OpenID = open_department_id ("od-…"), ParentID =
// parent_department_id as a department_id ("0" for top level), Order =
// order (string on the wire), Deleted = status.is_deleted.
type DirDepartment struct {
	ID       string
	OpenID   string
	ParentID string
	Name     string
	Order    int
	Deleted  bool
}

// DirUser is one person of an IM directory.
//
// Feishu mapping: ID = user_id (tenant-wide, what sync keys on), OpenID =
// open_id (per app), UnionID = union_id (per developer), Title = job_title,
// DepartmentIDs = department_ids as department_id values,
// PrimaryDepartmentID = the orders[] entry with is_primary_dept (else the
// first of DepartmentIDs), Orders = orders[].user_order by department_id
// (the user's position inside each department), Status = one of UserActive,
// UserDisabled, UserResigned derived from status{is_*}. Mobile and Email are
// as the platform holds them (Feishu: "+8613800138000"); the mirror stores
// them in canonical form (package ent/identifier).
type DirUser struct {
	ID, OpenID, UnionID string
	Name, EnName        string
	Mobile, Email       string
	EmployeeNo, Title   string
	// Gender is "" when the platform does not say.
	Gender Gender
	// Attributes are the user's custom attributes by the platform's
	// attribute id (Feishu custom_attrs[].id, "C-…"), each as text: a
	// TEXT or HREF attribute's text, an ENUMERATION's option_value.
	Attributes map[string]string
	// LeaderID is the user id of the direct leader; "" = none or unknown.
	LeaderID string

	DepartmentIDs       []string
	PrimaryDepartmentID string
	Status              string
	Orders              map[string]int
}

// Directory reads an IM platform's org chart. Listing calls deliver the
// result page by page to fn, so a caller can stream very large directories;
// an error from fn stops the listing and is returned as is. Errors from the
// platform are *Error.
type Directory interface {
	// ChildDepartments lists the direct children of parentID (all pages).
	// RootDepartmentID lists the top level.
	ChildDepartments(ctx context.Context, parentID string, fn func([]DirDepartment) error) error
	// DescendantDepartments lists every department below parentID at any
	// depth (all pages), in no particular order; ParentID links them.
	DescendantDepartments(ctx context.Context, parentID string, fn func([]DirDepartment) error) error
	// DepartmentUsers lists the users directly in departmentID (all pages),
	// not those of its sub-departments.
	DepartmentUsers(ctx context.Context, departmentID string, fn func([]DirUser) error) error
	// Department reads one department.
	Department(ctx context.Context, id string) (DirDepartment, error)
	// User reads one user.
	User(ctx context.Context, id string) (DirUser, error)
}
