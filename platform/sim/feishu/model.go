package feishu

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// RootDepartmentID is the id of the tenant's root department in both id
// types ("0" is what Feishu uses for the root, department_id or not).
const RootDepartmentID = "0"

// Department is one node of the simulated directory. The simulator keys
// departments by their tenant-wide custom department_id; the
// open_department_id is derived from it.
type Department struct {
	DepartmentID     string // custom id, unique in the tenant; never "0", never "od-…"
	OpenDepartmentID string // "od-…", derived (see openDepartmentID)
	ParentID         string // department_id of the parent; RootDepartmentID for top level
	Name             string
	EnName           string
	LeaderUserID     string // user_id of the leader, "" = none
	Order            int    // position among siblings, ascending
}

// User is one person of the simulated directory, keyed by user_id.
type User struct {
	UserID  string // tenant-wide
	UnionID string // per developer (derived)
	Name    string
	EnName  string
	Email   string
	Mobile  string // "+86…"; unique among current users
	Gender  int    // 0 unknown, 1 male, 2 female, 3 other
	// CustomAttrs are custom_attrs by attribute id, each as its text (the
	// simulator keeps TEXT attributes only).
	CustomAttrs   map[string]string
	City          string
	EmployeeNo    string
	EmployeeType  int // 1 full-time, 2 intern, 3 outsourced, 4 labor, 5 consultant
	JobTitle      string
	JoinTime      int64    // unix seconds
	DepartmentIDs []string // department_id; [0] is the primary department
	LeaderUserID  string   // user_id of the direct leader
	Frozen        bool
	Resigned      bool // resigned users keep their record but are nobody's member
	// ResignedAt is when the user was deleted through the API (the clock of
	// the Server); zero when unknown, which user/resurrect accepts.
	ResignedAt time.Time
}

func (d *Department) clone() Department { return *d }

func (u *User) clone() User {
	c := *u
	c.DepartmentIDs = append([]string(nil), u.DepartmentIDs...)
	if u.CustomAttrs != nil {
		c.CustomAttrs = make(map[string]string, len(u.CustomAttrs))
		for k, v := range u.CustomAttrs {
			c.CustomAttrs[k] = v
		}
	}
	return c
}

// ChangeKind says what happened to the directory.
type ChangeKind int

// The change kinds map one to one onto the contact v3 events.
const (
	UserCreated ChangeKind = iota + 1
	UserUpdated
	UserDeleted
	DepartmentCreated
	DepartmentUpdated
	DepartmentDeleted
)

// EventType is the v2.0 event type Feishu pushes for this change.
func (k ChangeKind) EventType() string {
	switch k {
	case UserCreated:
		return "contact.user.created_v3"
	case UserUpdated:
		return "contact.user.updated_v3"
	case UserDeleted:
		return "contact.user.deleted_v3"
	case DepartmentCreated:
		return "contact.department.created_v3"
	case DepartmentUpdated:
		return "contact.department.updated_v3"
	case DepartmentDeleted:
		return "contact.department.deleted_v3"
	}
	return ""
}

// Change is one directory mutation, with copies of the object before and
// after (nil where it did not exist).
type Change struct {
	Kind      ChangeKind
	OldUser   *User
	NewUser   *User
	OldDept   *Department
	NewDept   *Department
	Initiator string // app id when the change came through the API, "" otherwise
}

// ids are derived with sha256 so they are stable across runs and look like
// Feishu's (fixed prefix + 32 hex chars).
func hashID(prefix string, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return prefix + hex.EncodeToString(h.Sum(nil))[:32]
}

// OpenID is the open_id of userID as seen by appID: per app, as in Feishu.
func OpenID(appID, userID string) string { return hashID("ou_", appID, userID) }

// openDepartmentID is tenant-wide here. Feishu's docs disagree on whether it
// differs per app (contact v3 says per app, corehr says same for all apps);
// one value per tenant keeps mirrors simple and is what most tenants observe.
func openDepartmentID(tenantKey, departmentID string) string {
	if departmentID == RootDepartmentID {
		return RootDepartmentID
	}
	return hashID("od-", tenantKey, departmentID)
}

// unionID is per "developer" (one per simulated org).
func unionID(developer, userID string) string { return hashID("on_", developer, userID) }
