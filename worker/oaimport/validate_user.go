package oaimport

import (
	"fmt"
	"regexp"

	"imbridge/ent/user"
)

// The contact patterns are those of the ent schema (ent/schema/pattern.go),
// so what the import accepts is what the rest of the bridge accepts. Mainland
// numbers are 11 digits starting 1[3-9] with an optional +86; others are
// E.164 with their country code, as Feishu requires.
var (
	mobilePattern = regexp.MustCompile(`^(\+86)?1[3-9]\d{9}$|^\+[1-9]\d{6,14}$`)
	emailPattern  = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

func (v *validator) users() {
	first := make(map[string]int, len(v.in.Users))
	for i, u := range v.in.Users {
		item := userItem(i, u.ExternalID)
		at := fmt.Sprintf("users[%d].", i)
		if v.checkExternalID(at+"externalID", item, u.ExternalID) {
			if j, dup := first[u.ExternalID]; dup {
				v.ps.add(at+"externalID", item, "external id %q is used twice: by users[%d] and users[%d]", u.ExternalID, j, i)
			} else {
				first[u.ExternalID] = i
			}
		}
		v.checkName(at+"name", item, u.Name)
		if u.Mobile != "" && !mobilePattern.MatchString(u.Mobile) {
			v.ps.add(at+"mobile", item, "mobile %q is not a valid mobile number: use 11 digits (optionally +86) or +country code", u.Mobile)
		}
		if u.Email != "" && (len(u.Email) > maxEmail || !emailPattern.MatchString(u.Email)) {
			v.ps.add(at+"email", item, "email %q is not a valid e-mail address: use name@domain, at most %d bytes", u.Email, maxEmail)
		}
		v.checkLen(at+"employeeNo", item, "employee number", u.EmployeeNo, maxEmployeeNo)
		v.checkLen(at+"title", item, "title", u.Title, maxTitle)
		if err := user.StatusValidator(u.Status); err != nil {
			v.ps.add(at+"status", item, "status %q is not one of active, disabled, resigned", u.Status)
		}
		v.memberships(at, item, u.Memberships)
	}
}

// memberships checks one user's memberships: each names a known department
// at most once, and at most one is primary (normalize made the first one
// primary when none was).
func (v *validator) memberships(at, item string, ms []Membership) {
	seen := make(map[string]int, len(ms))
	primary := -1
	for j, m := range ms {
		mat := fmt.Sprintf("%smemberships[%d].", at, j)
		field := mat + "departmentExternalID"
		switch {
		case m.DepartmentExternalID == "":
			v.ps.add(field, item, "department external id is required")
		case seen[m.DepartmentExternalID] > 0:
			v.ps.add(field, item, "department %q is listed twice: in memberships[%d] and memberships[%d]",
				m.DepartmentExternalID, seen[m.DepartmentExternalID]-1, j)
		default:
			seen[m.DepartmentExternalID] = j + 1
			v.checkDepartmentRef(field, item, "department", m.DepartmentExternalID)
		}
		if m.Primary {
			if primary >= 0 {
				v.ps.add(mat+"primary", item, "only one membership may be primary: memberships[%d] and memberships[%d] both are", primary, j)
			} else {
				primary = j
			}
		}
	}
}
