package plan

import "strings"

// Permission is the profile's interface permission (接口权限).
type Permission string

// Permissions (seed 003 §4.2 (2)).
const (
	// ReadOnly: only pull from the IM; a plan that writes to the IM is
	// refused with *ReadOnlyError. The zero value "" reads as ReadOnly.
	ReadOnly  Permission = "read_only"
	ReadWrite Permission = "read_write"
)

// Offboarding is what happens to the target account of a person who left
// (离职用户处理方式, seed 003 §4.2.3 (1)).
type Offboarding string

// Offboarding actions. The zero value "" reads as OffboardDisable, which the
// seed recommends ("为了避免误操作，建议此处选择禁用模式").
const (
	OffboardDisable Offboarding = "disable"
	OffboardDelete  Offboarding = "delete"
)

// DefaultDisabledDepartmentName is the seed's default name of the department
// disabled users are moved into.
const DefaultDisabledDepartmentName = "已禁用用户"

// Direction says which way a mapped field flows.
type Direction string

// Field directions.
const (
	DirOAToIM Direction = "oa_to_im"
	DirIMToOA Direction = "im_to_oa"
	DirBoth   Direction = "both"
)

// Field names a user field: FieldName … FieldGender, FieldKey (only as
// UserIDField), or "attribute:<name>" for a custom attribute.
type Field string

// User fields.
const (
	FieldKey        Field = "key"
	FieldName       Field = "name"
	FieldMobile     Field = "mobile"
	FieldEmail      Field = "email"
	FieldEmployeeNo Field = "employee_no"
	FieldTitle      Field = "title"
	FieldGender     Field = "gender"
	// FieldNone as AutoBindField turns auto-binding off.
	FieldNone Field = "none"
)

const attributePrefix = "attribute:"

// AttributeField names the custom attribute name as a Field.
func AttributeField(name string) Field { return Field(attributePrefix + name) }

// AttributeName returns the attribute name of an "attribute:<name>"
// field, and whether f is one.
func AttributeName(f Field) (string, bool) { return f.attribute() }

// attribute returns the attribute name of an "attribute:<name>" field.
func (f Field) attribute() (string, bool) {
	name, ok := strings.CutPrefix(string(f), attributePrefix)
	return name, ok && name != ""
}

// FieldMap copies one OA field (From) to one IM field (To) in Direction
// (用户字段对应关系).
type FieldMap struct {
	From      Field
	To        Field
	Direction Direction
}

// DefaultFieldMapping is used when a profile maps no fields: the standard
// fields, same name on both sides, both ways.
func DefaultFieldMapping() []FieldMap {
	var m []FieldMap
	for _, f := range []Field{FieldName, FieldMobile, FieldEmail, FieldEmployeeNo, FieldTitle, FieldGender} {
		m = append(m, FieldMap{From: f, To: f, Direction: DirBoth})
	}
	return m
}

// Scope is which OA departments and users are synced (范围设置, seed 003
// §4.2.3 (2)). It applies to oa_to_im only; in im_to_oa the IM side's own
// range (top department, the app's contact range) is the scope.
type Scope struct {
	// Departments are OA department keys; each brings its whole subtree.
	Departments []string
	// UsersInclude are OA user keys synced wherever they are (用户范围（包含）).
	UsersInclude []string
	// UsersExclude are OA user keys never synced; exclude wins over include
	// and over Departments (用户范围（排除）的优先级高于 用户范围（包含）).
	UsersExclude []string
}

// Threshold bounds how many users one run may take away (用户减少数量阈值).
// Zero fields are unset; with both unset the brake never trips.
type Threshold struct {
	Count   int     // more than Count users
	Percent float64 // more than Percent % (0–100)
}

// Profile is the part of a SyncProfile a plan depends on (seed 003 §4.2.3).
type Profile struct {
	Mode       Mode
	Permission Permission
	// TopDepartment is the IM department key where the OA tree is mounted
	// (顶级部门); "" or "0" is the root.
	TopDepartment string
	// CreateUsers: create unmatched OA users in the IM (新用户是否添加到飞书).
	// Only for oa_to_im; in im_to_oa new IM users always reach the OA.
	CreateUsers bool
	// UserIDField is the OA field whose value becomes the IM user_id of a
	// created user (§4.3.2.1): FieldKey, FieldEmployeeNo, FieldMobile,
	// FieldEmail or an attribute; "" lets the platform assign one.
	UserIDField Field
	// IncludePartTime syncs part-time departments too (用户所在部门是否包含兼职部门).
	IncludePartTime bool
	Offboarding     Offboarding
	// DeleteAfterDays deletes users that many days after they were disabled
	// (禁用用户几天后删除); 0 = never. Used by Offboard, not by Plan.
	DeleteAfterDays int
	// MoveDisabled moves offboarded users into one department named
	// DisabledDepartmentName under the top department (oa_to_im only).
	MoveDisabled           bool
	DisabledDepartmentName string
	// FieldMapping is which fields are synced, each with its direction;
	// empty means DefaultFieldMapping.
	FieldMapping []FieldMap
	Scope        Scope
	// AutoBindField matches unbound users by one field: FieldMobile,
	// FieldEmail, FieldEmployeeNo or an attribute; FieldNone or "" = off.
	AutoBindField Field
	Threshold     Threshold
}

// normalized returns the profile with its defaults filled in. It does not
// modify p.
func (p Profile) normalized() Profile {
	if p.Permission == "" {
		p.Permission = ReadOnly
	}
	if p.Offboarding == "" {
		p.Offboarding = OffboardDisable
	}
	if p.DisabledDepartmentName == "" {
		p.DisabledDepartmentName = DefaultDisabledDepartmentName
	}
	if len(p.FieldMapping) == 0 {
		p.FieldMapping = DefaultFieldMapping()
	}
	if p.AutoBindField == "" {
		p.AutoBindField = FieldNone
	}
	if p.TopDepartment == "0" {
		p.TopDepartment = ""
	}
	return p
}
