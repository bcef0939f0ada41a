package oaimport

import (
	"strings"

	"imbridge/ent/user"
)

// Department is one OA department as the OA system sends it.
type Department struct {
	// ExternalID is the OA department code, unique per tenant.
	ExternalID string
	Name       string
	// ParentExternalID is empty for a top-level department.
	ParentExternalID string
	Order            int
}

// Membership places a user in a department.
type Membership struct {
	DepartmentExternalID string
	// Primary marks the user's main department; when no membership of a user
	// is primary, the first one becomes primary.
	Primary bool
	Order   int
}

// User is one OA user as the OA system sends it.
type User struct {
	ExternalID string
	Name       string
	Mobile     string
	Email      string
	EmployeeNo string
	Title      string
	// Gender is unknown, male, female or other (platform.Gender); "" = not
	// known (a stored gender is cleared, as a blank title is).
	Gender string
	// Attributes are the OA's extra fields by name, what a sync field
	// mapping reads as attribute:<name>; they replace the stored ones (nil
	// or empty clears them, as a blank title is cleared).
	Attributes map[string]string
	// Status is "" for active.
	Status user.Status
	// Memberships replace the user's memberships when non-nil (an empty,
	// non-nil slice removes them all); nil leaves them untouched, so an OA
	// system can update user fields without resending the org chart.
	Memberships []Membership
}

// Input is one import.
type Input struct {
	Departments []Department
	Users       []User
	// Complete says the input is the whole directory: OA departments absent
	// from it are marked removed and absent users become resigned.
	Complete bool
	// DefaultRegion is the region (ISO 3166-1 alpha-2, e.g. "HK") of mobiles
	// written without a country code; "" is mainland China
	// (identifier.DefaultRegion).
	DefaultRegion string
}

// normalize returns a copy of the input with surrounding blanks trimmed from
// every string and defaults filled in, so validation and the writes see the
// same values and " D1" and "D1" are one department. The caller's input is
// not modified.
func normalize(in Input) Input {
	out := Input{
		Departments: make([]Department, len(in.Departments)),
		Users:       make([]User, len(in.Users)),
		Complete:    in.Complete,
		// identifier.Region trims and upper-cases it.
		DefaultRegion: in.DefaultRegion,
	}
	for i, d := range in.Departments {
		out.Departments[i] = Department{
			ExternalID:       strings.TrimSpace(d.ExternalID),
			Name:             strings.TrimSpace(d.Name),
			ParentExternalID: strings.TrimSpace(d.ParentExternalID),
			Order:            d.Order,
		}
	}
	for i, u := range in.Users {
		n := User{
			ExternalID: strings.TrimSpace(u.ExternalID),
			Name:       strings.TrimSpace(u.Name),
			Mobile:     strings.TrimSpace(u.Mobile),
			Email:      strings.TrimSpace(u.Email),
			EmployeeNo: strings.TrimSpace(u.EmployeeNo),
			Title:      strings.TrimSpace(u.Title),
			Gender:     strings.ToLower(strings.TrimSpace(u.Gender)),
			Status:     user.Status(strings.TrimSpace(string(u.Status))),
		}
		for k, v := range u.Attributes {
			if n.Attributes == nil {
				n.Attributes = make(map[string]string, len(u.Attributes))
			}
			n.Attributes[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
		if n.Status == "" {
			n.Status = user.StatusActive
		}
		if u.Memberships != nil {
			n.Memberships = make([]Membership, len(u.Memberships))
			primary := false
			for j, m := range u.Memberships {
				n.Memberships[j] = Membership{
					DepartmentExternalID: strings.TrimSpace(m.DepartmentExternalID),
					Primary:              m.Primary,
					Order:                m.Order,
				}
				primary = primary || m.Primary
			}
			if !primary && len(n.Memberships) > 0 {
				n.Memberships[0].Primary = true
			}
		}
		out.Users[i] = n
	}
	return out
}

// membershipCount is the number of memberships the input sets; it is part of
// the progress total.
func (in Input) membershipCount() int {
	n := 0
	for _, u := range in.Users {
		n += len(u.Memberships)
	}
	return n
}
