package binder

import (
	"fmt"
	"strings"

	"imbridge/ent"
	"imbridge/ent/identifier"
)

// Field is what an import row or the auto-bind setting matches OA users by.
type Field string

// The match fields of seed 003 §4.2.4 (3) (关联字段) and §4.3.1.
const (
	FieldOAUserID   Field = "oa_user_id"  // the OA's user id (external id)
	FieldEmployeeNo Field = "employee_no" // 工号
	FieldMobile     Field = "mobile"      // E.164
	FieldEmail      Field = "email"       // compared ignoring case
)

// Fields lists the match fields in the order the console offers them.
var Fields = []Field{FieldOAUserID, FieldEmployeeNo, FieldMobile, FieldEmail}

// Valid reports whether f is one of Fields.
func (f Field) Valid() bool {
	for _, x := range Fields {
		if f == x {
			return true
		}
	}
	return false
}

// key is the canonical comparison form of a value written for field f (an
// import cell, an IM user's attribute). A mobile written without a country
// code is read in identifier.DefaultRegion. An invalid mobile or e-mail is an
// error naming the rule; an empty value gives "".
func (f Field) key(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	switch f {
	case FieldMobile:
		m, err := identifier.Mobile(v, "")
		if err != nil {
			return "", err
		}
		return m, nil
	case FieldEmail:
		e, err := identifier.Email(v)
		if err != nil {
			return "", err
		}
		return identifier.EmailKey(e), nil
	case FieldOAUserID, FieldEmployeeNo:
		return v, nil
	}
	return "", fmt.Errorf("unknown match field %q", f)
}

// storedKey is the comparison form of a stored user's value of field f. It
// never fails: stored values are kept as their directory has them (an
// invalid mobile of an IM directory), compared trimmed.
func (f Field) storedKey(u *ent.User) string {
	switch f {
	case FieldMobile:
		if u.Mobile == "" {
			return ""
		}
		return identifier.NormalizeMobile(u.Mobile)
	case FieldEmail:
		if u.Email == "" {
			return ""
		}
		return identifier.EmailKey(u.Email)
	case FieldEmployeeNo:
		return strings.TrimSpace(u.EmployeeNo)
	case FieldOAUserID:
		if u.CorpID != nil {
			return "" // an IM user has no OA id
		}
		return u.ExternalID
	}
	return ""
}

// value is what an export writes for u in the match column: the stored
// value as displayed.
func (f Field) value(u *ent.User) string {
	switch f {
	case FieldMobile:
		return u.Mobile
	case FieldEmail:
		return u.Email
	case FieldEmployeeNo:
		return u.EmployeeNo
	case FieldOAUserID:
		return u.ExternalID
	}
	return ""
}
