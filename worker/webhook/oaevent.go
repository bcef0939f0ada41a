package webhook

// The data of the directory events (department.*, user.*, binding.*), as
// docs/oa-webhooks.md documents them. Each carries the whole object as the
// bridge's OA directory holds it after the change (before it, for
// deletions), so a receiver that applies only the latest sequence of a
// subject still ends up right.

// DepartmentData is the data of department.* events.
type DepartmentData struct {
	// ID is the department's code in the OA directory.
	ID   string `json:"id"`
	Name string `json:"name"`
	// ParentID is the parent's code; "" for a top-level department.
	ParentID string `json:"parent_id"`
	// Order sorts siblings (smaller first).
	Order int `json:"order"`
	// IM is the bound IM department, when there is one.
	IM *IMDepartment `json:"im,omitempty"`
	// Changes lists what changed (department.updated, department.moved):
	// name, order or parent_id with the values before and after.
	Changes []FieldChange `json:"changes,omitempty"`
}

// IMDepartment identifies a department on the IM platform.
type IMDepartment struct {
	// Platform is feishu, wecom or dingtalk.
	Platform string `json:"platform"`
	// CorpID is the enterprise on the platform (Feishu tenant key).
	CorpID           string `json:"corp_id"`
	DepartmentID     string `json:"department_id"`
	OpenDepartmentID string `json:"open_department_id,omitempty"`
}

// UserData is the data of user.* events.
type UserData struct {
	// ID is the person's account id in the OA directory. For a person the
	// bridge creates (user.created when the OA follows the IM) it is the id
	// chosen by the sync profile; the OA creates the account under it.
	ID         string `json:"id"`
	Name       string `json:"name"`
	Mobile     string `json:"mobile,omitempty"` // E.164, e.g. +8613800138000
	Email      string `json:"email,omitempty"`
	EmployeeNo string `json:"employee_no,omitempty"`
	Title      string `json:"title,omitempty"`
	// Status is active, disabled or resigned.
	Status string `json:"status"`
	// Departments are the person's departments, the primary one first.
	Departments []MembershipData `json:"departments"`
	// IM is the bound IM account, when there is one.
	IM *IMUser `json:"im,omitempty"`
	// Changes lists what changed (user.updated: fields; user.moved:
	// primary_department and part_time_departments).
	Changes []FieldChange `json:"changes,omitempty"`
}

// MembershipData is one department of a person.
type MembershipData struct {
	DepartmentID string `json:"department_id"`
	Primary      bool   `json:"primary"`
}

// IMUser identifies a person on the IM platform.
type IMUser struct {
	Platform string `json:"platform"`
	CorpID   string `json:"corp_id"`
	UserID   string `json:"user_id"`
	OpenID   string `json:"open_id,omitempty"`
	UnionID  string `json:"union_id,omitempty"`
}

// BindingData is the data of binding.* events: an OA account and the IM
// account it is (binding.created) or was (binding.deleted) bound to.
type BindingData struct {
	OAUserID string `json:"oa_user_id"`
	IM       IMUser `json:"im"`
	// Method is how the binding was made: manual, auto, import, login or
	// created.
	Method string `json:"method"`
}

// FieldChange is one changed value.
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// PingData is the data of a ping.
type PingData struct {
	Message string `json:"message"`
	// Endpoint is the endpoint's name in the bridge.
	Endpoint string `json:"endpoint"`
}
