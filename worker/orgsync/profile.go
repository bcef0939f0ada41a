package orgsync

import (
	"fmt"
	"strings"

	"github.com/robfig/cron/v3"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/worker/orgsync/plan"
)

// Settings are the sync settings of a profile create or update (seed 003
// §4.2.3) that need more than the schema's own checks; nil = not given.
// Field names in errors are those of the GraphQL input.
type Settings struct {
	UserIDField, AutoBindField                   *string
	Schedule, OAToIMSchedule, IMToOASchedule     *string
	DisabledDepartmentName                       *string
	ScopeDepartments, UsersInclude, UsersExclude []string
}

// CheckSettings validates Settings; the error is *InputError naming the
// input field and the rule.
func CheckSettings(s Settings) error {
	if s.UserIDField != nil && *s.UserIDField != "" {
		switch f := plan.Field(*s.UserIDField); {
		case f == plan.FieldKey, f == plan.FieldEmployeeNo, f == plan.FieldMobile, f == plan.FieldEmail, isAttribute(f):
		default:
			return &InputError{"input.userIDField", "must be key, employee_no, mobile, email or attribute:<name> (the OA field that becomes the Feishu user_id, seed 003 §4.3.2.1), or empty"}
		}
	}
	if s.AutoBindField != nil {
		switch f := plan.Field(*s.AutoBindField); {
		case f == plan.FieldNone, f == plan.FieldMobile, f == plan.FieldEmail, f == plan.FieldEmployeeNo, isAttribute(f):
		default:
			return &InputError{"input.autoBindField", "must be mobile, email, employee_no, attribute:<name> or none"}
		}
	}
	for name, v := range map[string]*string{"input.schedule": s.Schedule, "input.oaToImSchedule": s.OAToIMSchedule, "input.imToOaSchedule": s.IMToOASchedule} {
		if v != nil && *v != "" {
			if _, err := cron.ParseStandard(*v); err != nil {
				return &InputError{name, "not a valid cron expression (5 fields such as \"0 */6 * * *\", or @every 1h): " + err.Error()}
			}
		}
	}
	if s.DisabledDepartmentName != nil && strings.TrimSpace(*s.DisabledDepartmentName) == "" {
		return &InputError{"input.disabledDepartmentName", "must not be blank (default 已禁用用户)"}
	}
	for name, list := range map[string][]string{"input.scopeDepartments": s.ScopeDepartments, "input.scopeUsersInclude": s.UsersInclude, "input.scopeUsersExclude": s.UsersExclude} {
		seen := map[string]bool{}
		for i, k := range list {
			if strings.TrimSpace(k) == "" {
				return &InputError{fmt.Sprintf("%s[%d]", name, i), "must not be blank"}
			}
			if seen[k] {
				return &InputError{fmt.Sprintf("%s[%d]", name, i), fmt.Sprintf("%q is listed twice", k)}
			}
			seen[k] = true
		}
	}
	return nil
}

func isAttribute(f plan.Field) bool {
	name, ok := strings.CutPrefix(string(f), "attribute:")
	return ok && strings.TrimSpace(name) != ""
}

var mappable = map[plan.Field]bool{plan.FieldName: true, plan.FieldMobile: true, plan.FieldEmail: true,
	plan.FieldEmployeeNo: true, plan.FieldTitle: true, plan.FieldGender: true}

// CheckFieldMapping validates a field mapping (用户字段对应关系): known
// fields, a direction, no IM field written twice in one direction.
func CheckFieldMapping(m []detail.FieldMap) error {
	writes := map[string]int{}
	for i, f := range m {
		at := func(field string) string { return fmt.Sprintf("mapping[%d].%s", i, field) }
		if !mappable[plan.Field(f.From)] && !isAttribute(plan.Field(f.From)) {
			return &InputError{at("from"), "must be name, mobile, email, employee_no, title, gender or attribute:<name>"}
		}
		if !mappable[plan.Field(f.To)] && !isAttribute(plan.Field(f.To)) {
			return &InputError{at("to"), "must be name, mobile, email, employee_no, title, gender or attribute:<name>"}
		}
		switch plan.Direction(f.Direction) {
		case plan.DirOAToIM, plan.DirIMToOA, plan.DirBoth:
		default:
			return &InputError{at("direction"), "must be oa_to_im, im_to_oa or both"}
		}
		for _, d := range []plan.Direction{plan.DirOAToIM, plan.DirIMToOA} {
			if plan.Direction(f.Direction) != d && plan.Direction(f.Direction) != plan.DirBoth {
				continue
			}
			written := f.To
			if d == plan.DirIMToOA {
				written = f.From
			}
			key := string(d) + ">" + written
			if j, dup := writes[key]; dup {
				return &InputError{at("to"), fmt.Sprintf("%s is already written by mapping[%d] in direction %s", written, j, d)}
			}
			writes[key] = i
		}
	}
	return nil
}

// Profile turns a stored profile into the planner's.
func Profile(p *ent.SyncProfile) plan.Profile {
	out := plan.Profile{
		Mode:                   plan.Mode(p.Mode),
		Permission:             plan.Permission(p.Permission),
		TopDepartment:          p.TopDepartmentID,
		CreateUsers:            p.CreateUsers,
		UserIDField:            plan.Field(p.UserIDField),
		IncludePartTime:        p.IncludePartTime,
		Offboarding:            plan.Offboarding(p.Offboarding),
		DeleteAfterDays:        p.DeleteAfterDays,
		MoveDisabled:           p.MoveDisabled,
		DisabledDepartmentName: p.DisabledDepartmentName,
		Scope:                  plan.Scope{Departments: p.ScopeDepartments, UsersInclude: p.ScopeUsersInclude, UsersExclude: p.ScopeUsersExclude},
		AutoBindField:          plan.Field(p.AutoBindField),
		Threshold:              plan.Threshold{Count: p.ThresholdCount, Percent: p.ThresholdPercent},
	}
	for _, f := range p.FieldMapping {
		out.FieldMapping = append(out.FieldMapping, plan.FieldMap{From: plan.Field(f.From), To: plan.Field(f.To), Direction: plan.Direction(f.Direction)})
	}
	return out
}
