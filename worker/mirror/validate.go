package mirror

import (
	"errors"
	"fmt"

	"imbridge/ent/department"
	"imbridge/ent/user"
	"imbridge/platform"
)

// errNoUserID: Feishu left user_id out of a user, which it does when the app
// lacks the field permission for it (the find_by_department and user pages:
// user_id needs contact:user.employee_id:readonly).
var errNoUserID = errors.New("Feishu returned this user without user_id: the app lacks the field permission " +
	"获取用户 user ID (contact:user.employee_id:readonly); enable it in the developer console " +
	"(开发配置 › 权限管理 › API 权限) and publish a new version")

// validUser checks a user against the columns it will be written to, so one
// value the database would refuse is reported for that user alone. The
// validators are ent's own (character lengths, not bytes).
func validUser(u platform.DirUser) error {
	if u.ID == "" {
		return errNoUserID
	}
	for _, f := range []struct {
		name, value string
		check       func(string) error
	}{
		{"user_id", u.ID, user.ExternalIDValidator},
		{"open_id", u.OpenID, user.OpenIDValidator},
		{"union_id", u.UnionID, user.UnionIDValidator},
		{"name", u.Name, user.NameValidator},
		{"mobile", u.Mobile, user.MobileValidator},
		{"email", u.Email, user.EmailValidator},
		{"employee_no", u.EmployeeNo, user.EmployeeNoValidator},
		{"job_title", u.Title, user.TitleValidator},
	} {
		if f.value == "" && f.name != "name" {
			continue
		}
		if err := f.check(f.value); err != nil {
			return fmt.Errorf("%s %q: %w", f.name, clip(f.value), err)
		}
	}
	return nil
}

// validDepartment is validUser for departments.
func validDepartment(d platform.DirDepartment) error {
	for _, f := range []struct {
		name, value string
		check       func(string) error
	}{
		{"department_id", d.ID, department.ExternalIDValidator},
		{"open_department_id", d.OpenID, department.OpenIDValidator},
		{"name", d.Name, department.NameValidator},
	} {
		if f.value == "" && f.name == "open_department_id" {
			continue
		}
		if err := f.check(f.value); err != nil {
			return fmt.Errorf("%s %q: %w", f.name, clip(f.value), err)
		}
	}
	return nil
}

// clip keeps error messages bounded: the first 40 characters of a value.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
