package oaimport

import (
	"fmt"
	"sort"

	"imbridge/ent/identifier"
	"imbridge/ent/user"
)

// users checks every user and puts its mobile and e-mail in canonical form
// (package identifier) in place, so the writes store what was validated.
func (v *validator) users() {
	first := make(map[string]int, len(v.in.Users))
	for i := range v.in.Users {
		u := &v.in.Users[i]
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
		v.contacts(i, at, item, u)
		v.checkLen(at+"employeeNo", item, "employee number", u.EmployeeNo, maxEmployeeNo)
		v.checkLen(at+"title", item, "title", u.Title, maxTitle)
		if u.Gender != "" && user.GenderValidator(user.Gender(u.Gender)) != nil {
			v.ps.add(at+"gender", item, "gender %q is not one of unknown, male, female, other", u.Gender)
		}
		v.attributes(at+"attributes", item, u.Attributes)
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

// Bounds of a user's attributes (OA extra fields).
const (
	maxAttributes = 50
	// MaxAttributeName is the longest attribute name, in characters (the
	// directory file refuses a longer 自定义: header up front).
	MaxAttributeName  = 100  // characters
	maxAttributeValue = 1024 // characters
)

// attributes checks one user's extra fields: named, not too many, not too
// long. A name listed twice arrives as one map key (the GraphQL list is
// checked for that before).
func (v *validator) attributes(at, item string, attrs map[string]string) {
	if len(attrs) > maxAttributes {
		v.ps.add(at, item, "%d attributes: at most %d", len(attrs), maxAttributes)
	}
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if k == "" {
			v.ps.add(at, item, "an attribute has no name")
			continue
		}
		v.checkLen(at+"."+identifier.Clip(k), item, "attribute name", k, MaxAttributeName)
		v.checkLen(at+"."+identifier.Clip(k), item, "attribute "+identifier.Clip(k), attrs[k], maxAttributeValue)
	}
}
