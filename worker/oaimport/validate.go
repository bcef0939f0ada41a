package oaimport

import (
	"context"
	"fmt"
	"unicode/utf8"

	"imbridge/ent"
	"imbridge/platform"
)

// Length limits as the ent schema enforces them: names, titles and employee
// numbers in characters (MaxRuneLen: a Chinese character or an emoji is one,
// whatever its bytes), identifiers and e-mails in bytes (MaxLen). Checking
// them here turns what would be a failed insert half-way through an import
// into a reported problem.
const (
	maxExternalID = 128  // bytes
	maxName       = 1024 // characters
	maxEmail      = 255  // bytes
	maxEmployeeNo = 512  // characters
	maxTitle      = 1024 // characters
)

// Validate checks an import against every rule without writing anything. It
// returns a *ValidationError listing every problem, or an error reading the
// existing directory (needed to resolve parents and membership departments
// that the input does not contain).
func Validate(ctx context.Context, client *ent.Client, in Input) error {
	n := normalize(in)
	old, err := loadDepartments(ctx, client)
	if err != nil {
		return err
	}
	stored, err := loadContacts(ctx, client, n)
	if err != nil {
		return err
	}
	if ps := validate(&n, old, stored); len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

// validate checks a normalized input against the existing departments and
// the stored contacts, and returns every problem, departments first, each in
// input order. It puts the users' mobiles and e-mails in canonical form in
// place.
func validate(in *Input, old *oldDepts, stored storedContacts) []Problem {
	v := &validator{in: in, old: old, t: newTree(in.Departments, old), stored: stored,
		mobiles: map[string]int{}, emails: map[string]int{}, sent: make(map[string]struct{}, len(in.Users))}
	for _, u := range in.Users {
		v.sent[u.ExternalID] = struct{}{}
	}
	v.checkComplete()
	v.checkRegion()
	v.canon = canonicalize(in.Users, v.region)
	v.departments()
	v.users()
	return v.ps
}

type validator struct {
	in  *Input
	old *oldDepts
	t   *tree
	ps  problems
	// region is the import's default region for mobiles; "" when invalid.
	region string
	// mobiles and emails map the canonical values users hold so far to the
	// user's index; stored are those of OA users already stored, and sent the
	// external ids of the users in the input.
	mobiles, emails map[string]int
	stored          storedContacts
	sent            map[string]struct{}
	// canon holds each user's contacts in canonical form, by input index.
	canon []canonicalContact
}

func (v *validator) departments() {
	first := make(map[string]int, len(v.in.Departments))
	starts := make([]string, 0, len(v.in.Departments))
	for _, d := range v.in.Departments {
		starts = append(starts, d.ExternalID)
	}
	cycles := v.t.cycles(starts)
	for i, d := range v.in.Departments {
		item := deptItem(i, d.ExternalID)
		at := fmt.Sprintf("departments[%d].", i)
		if v.checkExternalID(at+"externalID", item, d.ExternalID) {
			if j, dup := first[d.ExternalID]; dup {
				v.ps.add(at+"externalID", item, "external id %q is used twice: by departments[%d] and departments[%d]", d.ExternalID, j, i)
			} else {
				first[d.ExternalID] = i
			}
		}
		v.checkName(at+"name", item, d.Name)
		if d.ParentExternalID == "" {
			continue
		}
		field := at + "parentExternalID"
		switch {
		case d.ParentExternalID == d.ExternalID:
			v.ps.add(field, item, "department %q cannot be its own parent", d.ExternalID)
		case !v.checkDepartmentRef(field, item, "parent department", d.ParentExternalID):
		case cycles[d.ExternalID] != nil && first[d.ExternalID] == i:
			v.ps.add(field, item, "parent %q would make a cycle: %s; a department cannot be under its own descendant",
				d.ParentExternalID, describeCycle(cycles[d.ExternalID]))
		}
	}
}

// checkDepartmentRef reports a reference (a parent, a membership) to a
// department that the result would not contain: absent from the input and
// from the OA directory, removed earlier, or left out of a complete import
// (which is about to remove it).
func (v *validator) checkDepartmentRef(field, item, what, ext string) bool {
	if _, ok := v.t.input[ext]; ok {
		return true
	}
	d, ok := v.old.byExt[ext]
	switch {
	case !ok:
		v.ps.add(field, item, "%s %q does not exist: it is neither in this import nor in the OA directory", what, ext)
	case v.in.Complete:
		v.ps.add(field, item, "%s %q is not in this import: a complete import must contain every department it refers to", what, ext)
	case d.removed:
		v.ps.add(field, item, "%s %q was removed from the OA directory: send it again to restore it", what, ext)
	default:
		return true
	}
	return false
}

// checkExternalID reports a missing or too long external id and says whether
// it is usable for the duplicate check.
func (v *validator) checkExternalID(field, item, ext string) bool {
	switch {
	case ext == "":
		v.ps.add(field, item, "external id is required")
	case len(ext) > maxExternalID:
		v.ps.add(field, item, "external id is too long: %d bytes, at most %d", len(ext), maxExternalID)
	default:
		return true
	}
	return false
}

func (v *validator) checkName(field, item, name string) {
	switch {
	case name == "":
		v.ps.add(field, item, "name is required")
	case utf8.RuneCountInString(name) > maxName:
		v.ps.add(field, item, "name is too long: %d characters, at most %d", utf8.RuneCountInString(name), maxName)
	default:
		v.checkText(field, item, "name", name)
	}
}

// checkText refuses text no directory shows: invalid UTF-8 and control
// characters (NUL, line breaks, tabs…). PostgreSQL refuses NUL in text
// columns outright, and the IM platforms refuse or mangle the others, so
// they are caught here, named, before anything is written.
func (v *validator) checkText(field, item, what, s string) {
	if p := platform.TextProblem(s, false); p != "" {
		v.ps.add(field, item, "%s %s", what, p)
	}
}

// checkLen reports an optional field longer than its column allows, in
// characters.
func (v *validator) checkLen(field, item, what, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		v.ps.add(field, item, "%s is too long: %d characters, at most %d", what, n, max)
		return
	}
	v.checkText(field, item, what, s)
}

// checkComplete refuses a complete import without users: "complete" means
// the input is the whole directory, so everyone stored would be marked
// resigned. That is never what an OA means (a failed export, a header-only
// file), and it would offboard the whole company through the next sync.
func (v *validator) checkComplete() {
	if v.in.Complete && len(v.in.Users) == 0 {
		v.ps = append(v.ps, Problem{Field: "users", Item: "users",
			Message: "a complete import is the whole directory and lists no users: every OA user would be marked resigned; send the users, or import with complete false"})
	}
}
