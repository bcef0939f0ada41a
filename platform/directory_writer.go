package platform

import (
	"context"
	"time"
)

// DirectoryWriter changes an IM platform's org chart: the write side of
// Directory, used by the org sync engine's apply phase (issue 8, oa_to_im)
// and by nothing that merely mirrors. Ids are the same as Directory's: a
// department's ID (Feishu department_id; RootDepartmentID is the root) and
// a user's ID (Feishu user_id).
//
// # Idempotency
//
// Every method takes key, the change's idempotency key: stable across
// retries and restarts of the same change, different for different changes
// (the engine derives it from the run and plan.Change.Key). It must not be
// empty. A create carries it to the platform (Feishu client_token, derived
// from it) so a create retried after a lost reply or a killed worker
// returns what the first attempt created instead of making a second
// department or user. The other writes set absolute values, so repeating
// them changes nothing; a delete or restore that finds its work already
// done (the department gone, the user already resigned, already restored)
// succeeds.
//
// # Errors
//
// A refusal by the platform is *Error with the platform's own code and
// message (the adapter documents the codes of each method); a transport
// failure that outlasted the adapter's retries is a plain wrapped error. An
// input the adapter can tell is wrong before calling (an empty key, a
// missing name) is an error naming the field, and nothing is sent.
type DirectoryWriter interface {
	// CreateDepartment creates a department and returns it with the ids
	// the platform assigned.
	CreateDepartment(ctx context.Context, key string, d NewDepartment) (DirDepartment, error)
	// UpdateDepartment changes a department's name and/or order (nil fields
	// are left as they are).
	UpdateDepartment(ctx context.Context, key, id string, p DepartmentPatch) (DirDepartment, error)
	// MoveDepartment puts a department (with its subtree) under parentID.
	MoveDepartment(ctx context.Context, key, id, parentID string) (DirDepartment, error)
	// DeleteDepartment deletes an empty department (no users, no
	// sub-departments); platforms refuse to delete a non-empty one.
	DeleteDepartment(ctx context.Context, key, id string) error

	// CreateUser creates a user and returns it with the ids the platform
	// assigned. Platforms may invite the person (Feishu sends an SMS or
	// e-mail invitation).
	CreateUser(ctx context.Context, key string, u NewUser) (DirUser, error)
	// UpdateUser changes profile fields (nil fields are left as they are).
	UpdateUser(ctx context.Context, key, id string, p UserPatch) (DirUser, error)
	// MoveUser replaces the user's departments: the primary one, the
	// part-time ones and the user's order in each.
	MoveUser(ctx context.Context, key, id string, m Memberships) (DirUser, error)
	// DisableUser suspends the account (UserDisabled); EnableUser lifts it.
	DisableUser(ctx context.Context, key, id string) error
	EnableUser(ctx context.Context, key, id string) error
	// DeleteUser removes the user from the organisation (the platform keeps
	// the record as resigned), handing the user's resources to acceptors.
	DeleteUser(ctx context.Context, key, id string, a ResourceAcceptors) error
	// ResurrectUser restores a deleted (resigned) user into m's departments
	// (no departments: the platform's default, Feishu's root).
	ResurrectUser(ctx context.Context, key, id string, m Memberships) error
}

// UserRestorer is a DirectoryWriter whose platform keeps a deleted user
// restorable for a while: ResurrectUser works for users deleted less than
// RestoreWindow ago (Feishu user/resurrect: "仅支持恢复离职 30 天内的成员").
// A writer without it cannot restore (WeCom has no such API): the sync
// engine then creates a person who comes back as a new account.
type UserRestorer interface {
	RestoreWindow() time.Duration
}

// RestoreWindowOf is w's restore window, 0 when w cannot restore users.
func RestoreWindowOf(w DirectoryWriter) time.Duration {
	if r, ok := w.(UserRestorer); ok {
		return r.RestoreWindow()
	}
	return 0
}

// NewDepartment is a department to create.
type NewDepartment struct {
	// ID is the department's own id (Feishu's custom department_id); ""
	// lets the platform assign one.
	ID       string
	ParentID string // RootDepartmentID for a top-level department
	Name     string
	// Order is the position among siblings; nil puts it after them.
	Order *int
}

// DepartmentPatch changes a department; nil fields stay as they are.
type DepartmentPatch struct {
	Name  *string
	Order *int
}

// Gender of a user, platform-neutral. Feishu: 0 unknown, 1 male, 2 female,
// 3 other.
type Gender string

// Genders. The zero value leaves the platform's default.
const (
	GenderUnknown Gender = "unknown"
	GenderMale    Gender = "male"
	GenderFemale  Gender = "female"
	GenderOther   Gender = "other"
)

// Memberships are a user's departments.
type Memberships struct {
	// Primary is the main department (主部门); required.
	Primary string
	// PartTime are the other departments (兼职部门), without Primary.
	PartTime []string
	// Orders is the user's position inside each department, by department
	// id (Feishu user_order: larger comes first); missing = 0.
	Orders map[string]int
}

// DepartmentIDs lists Primary first, then the part-time departments.
func (m Memberships) DepartmentIDs() []string {
	out := make([]string, 0, 1+len(m.PartTime))
	if m.Primary != "" {
		out = append(out, m.Primary)
	}
	for _, d := range m.PartTime {
		if d != m.Primary {
			out = append(out, d)
		}
	}
	return out
}

// NewUser is a user to create.
type NewUser struct {
	// ID is the user's tenant-wide id (Feishu user_id); "" lets the
	// platform assign one.
	ID                string
	Name, EnName      string
	Mobile, Email     string // canonical forms (E.164 mobile, lower-case e-mail)
	EmployeeNo, Title string
	Gender            Gender
	// EmployeeType is Feishu's employee_type (1 full-time, 2 intern,
	// 3 outsourced, 4 labour, 5 consultant, or a tenant's own); 0 = 1.
	EmployeeType int
	// Attributes set custom attributes by the platform's attribute id
	// (Feishu custom_attrs, sent as TEXT attributes); empty values are
	// not sent.
	Attributes map[string]string
	Memberships
}

// UserPatch changes a user's profile; nil fields stay as they are.
type UserPatch struct {
	Name, EnName      *string
	Mobile, Email     *string
	EmployeeNo, Title *string
	Gender            *Gender
	// Attributes set these custom attributes (TEXT, by attribute id); the
	// others stay as they are. nil or empty: none changed.
	Attributes map[string]string
}

// ResourceAcceptors name who takes over a deleted user's resources, each a
// user id; "" leaves the platform's default (Feishu: the user's leader, else
// the resource stays with, or is deleted with, the user, per resource).
type ResourceAcceptors struct {
	DepartmentChats, ExternalChats string
	Docs, Calendar, Applications   string
	Minutes, Surveys, Anycross     string
	// Email receives the user's mailbox (transferred).
	Email string
}
