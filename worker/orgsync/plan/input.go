package plan

import "time"

// Mode says which directory follows which (SyncProfile.mode).
type Mode string

// Modes of a plan.
const (
	// ModeIMToBridge mirrors the IM into the bridge; the planner only
	// auto-binds users (issue 8 item 2, seed 003 §4.2.1 新用户关联系统账号).
	ModeIMToBridge Mode = "im_to_bridge"
	// ModeIMToOA: the OA follows the IM. Source = IM mirror, target = the
	// bridge's OA directory; changes go out to the OA as webhooks.
	ModeIMToOA Mode = "im_to_oa"
	// ModeOAToIM: the IM follows the OA. Source = OA directory, target = the
	// IM mirror; changes are written to the IM through the platform.
	ModeOAToIM Mode = "oa_to_im"
)

// Side names one of the two directories.
type Side string

// The two sides.
const (
	SideOA Side = "oa"
	SideIM Side = "im"
)

// label is how messages name a side.
func (s Side) label() string {
	if s == SideIM {
		return "IM"
	}
	return "OA"
}

// DepartmentState is where a department stands in its own directory.
type DepartmentState string

// Department states. The zero value "" reads as active.
const (
	DepartmentActive DepartmentState = "active"
	// DepartmentRemoved: the directory says the department no longer exists.
	DepartmentRemoved DepartmentState = "removed"
	// DepartmentOutOfScope: outside what the side's fetch can see (the app's
	// contact range, the synced tree). Out of scope is not gone.
	DepartmentOutOfScope DepartmentState = "out_of_scope"
)

// UserState is where a person stands in their own directory.
type UserState string

// User states. The zero value "" reads as active.
const (
	UserActive   UserState = "active"
	UserDisabled UserState = "disabled" // suspended, still listed
	UserResigned UserState = "resigned" // left the organisation (Feishu: is_resigned)
	// UserOutOfScope: outside what the side's fetch can see. Never a reason
	// to disable or delete anyone (DESIGN: out of scope is not gone).
	UserOutOfScope UserState = "out_of_scope"
	UserRemoved    UserState = "removed" // deleted from the directory
)

// gone says the directory itself reports the person left: the only states
// offboarding acts on.
func (s UserState) gone() bool { return s == UserResigned || s == UserRemoved }

// Directory is one side's org chart as plain values.
//
// Department keys are the side's external ids (OA code; Feishu
// department_id). The root is "": a top-level department has ParentKey "",
// and a user directly in the root has PrimaryDepartment "". On the IM side
// the platform's root id "0" is accepted and read as "".
type Directory struct {
	Departments []Department
	Users       []User
}

// Department is one node of a directory.
type Department struct {
	Key       string
	ParentKey string
	Name      string
	Order     int
	State     DepartmentState
}

// User is one person of a directory. Mobile and Email arrive in canonical
// form (the fetch canonicalises them) and are compared as given.
type User struct {
	Key        string
	Name       string
	Mobile     string
	Email      string
	EmployeeNo string
	Title      string
	Gender     string
	// Attributes are custom fields by name (Feishu custom_attrs, OA extra
	// fields); a FieldMap names them as "attribute:<name>".
	Attributes map[string]string
	State      UserState
	// DisabledAt is when the user was disabled (the date 禁用用户几天后删除
	// counts from); nil when unknown or not disabled.
	DisabledAt *time.Time
	// RemovedAt is when the account left the directory (State
	// UserRemoved); with Input.IMRestoreSince it decides whether a removed
	// IM account can be restored. nil when unknown.
	RemovedAt           *time.Time
	PrimaryDepartment   string
	PartTimeDepartments []string
	// Order is the user's position in the primary department. It is carried
	// onto created users but not compared: platforms renumber it.
	Order int
}

// BindMethod is how a binding was made (Binding.method).
type BindMethod string

// Binding methods, as the Binding entity spells them.
const (
	BindManual  BindMethod = "manual"
	BindAuto    BindMethod = "auto"
	BindImport  BindMethod = "import"
	BindLogin   BindMethod = "login"
	BindCreated BindMethod = "created"
)

// UserBinding links an OA user to an IM user (绑定).
type UserBinding struct {
	OAKey  string
	IMKey  string
	Method BindMethod
}

// DepartmentBinding links an OA department to an IM department.
type DepartmentBinding struct {
	OAKey string
	IMKey string
}

// PreviousRun is what the planner needs from the last finished run.
type PreviousRun struct {
	// SourceUsers is the Stats.SourceUsers of that run: in im_to_oa the
	// brake compares this run's count with it (the IM shrinking).
	SourceUsers int
}

// PreviousImport is the OA import an oa_to_im run's brake compares with
// (seed 003 §4.2.3 (3), 用户减少数量阈值: 本次同步的OA用户数量和上一次相比):
// the OA's own count of its people, not what the previous sync happened
// to sync, so a scope change or an incremental run never reads as people
// leaving.
type PreviousImport struct {
	// Users is how many people (active or disabled) the OA directory held
	// after that import.
	Users int
}

// Input is everything a plan is made from: plain values, no I/O.
type Input struct {
	Profile            Profile
	OA                 Directory
	IM                 Directory
	UserBindings       []UserBinding
	DepartmentBindings []DepartmentBinding
	// Previous is the last finished run of this profile's direction; nil
	// on the first run. Only im_to_oa's brake uses it.
	Previous *PreviousRun
	// Only makes an incremental plan (issue 8 item 11): it examines only
	// these entities — source or target keys of users and departments —
	// and the departments they need; empty = the whole directory.
	Only []string
	// IMRange is the IM app's contact range (oa_to_im): nothing outside it
	// is written; nil = unknown, not checked.
	IMRange *ContactRange
	// PreviousImport is the OA import the OA's current count is compared
	// with in oa_to_im (see PreviousImport); nil skips the shrink check.
	PreviousImport *PreviousImport
	// IMRestoreSince: an IM account removed at or after this time can still
	// be restored (restore_user), so a person active again gets the same
	// account back (issue 8: a rehire is not a second account). It is now
	// minus the platform's restore window (platform.UserRestorer; Feishu
	// user/resurrect: 30 days). Zero: the IM cannot restore — a removed
	// account's person gets a new account (seed 003 §4.2.3 (1)).
	IMRestoreSince time.Time
}
