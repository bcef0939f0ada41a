package plan

import "fmt"

// validateProfile checks a normalized profile, naming the field and the
// rule of the first problem.
func validateProfile(p Profile) error {
	bad := func(field, rule string) error { return &InputError{Field: "profile." + field, Rule: rule} }
	switch p.Mode {
	case ModeOAToIM, ModeIMToOA, ModeIMToBridge:
	default:
		return bad("mode", fmt.Sprintf("unknown mode %q (im_to_bridge, im_to_oa, oa_to_im)", p.Mode))
	}
	switch p.Permission {
	case ReadOnly, ReadWrite:
	default:
		return bad("permission", fmt.Sprintf("unknown permission %q (read_only, read_write)", p.Permission))
	}
	switch p.Offboarding {
	case OffboardDisable, OffboardDelete:
	default:
		return bad("offboarding", fmt.Sprintf("unknown offboarding %q (disable, delete)", p.Offboarding))
	}
	if p.DeleteAfterDays < 0 {
		return bad("delete_after_days", "must be a whole number of days ≥ 0 (0 = never delete)")
	}
	if p.Threshold.Count < 0 {
		return bad("threshold.count", "must be ≥ 0 (0 = unset)")
	}
	if p.Threshold.Percent < 0 || p.Threshold.Percent > 100 {
		return bad("threshold.percent", "must be between 0 and 100 (0 = unset)")
	}
	if p.AutoBindField != FieldNone && !matchField(p.AutoBindField) {
		return bad("auto_bind_field", fmt.Sprintf("%q cannot match users: use mobile, email, employee_no, attribute:<name> or none", p.AutoBindField))
	}
	if p.UserIDField != "" && p.UserIDField != FieldKey && !matchField(p.UserIDField) {
		return bad("user_id_field", fmt.Sprintf("%q cannot be a user_id: use key, employee_no, mobile, email or attribute:<name>", p.UserIDField))
	}
	for i, m := range p.FieldMapping {
		f := fmt.Sprintf("field_mapping[%d]", i)
		if !mappableField(m.From) {
			return bad(f+".from", fmt.Sprintf("unknown field %q (name, mobile, email, employee_no, title, gender, attribute:<name>)", m.From))
		}
		if !mappableField(m.To) {
			return bad(f+".to", fmt.Sprintf("unknown field %q (name, mobile, email, employee_no, title, gender, attribute:<name>)", m.To))
		}
		switch m.Direction {
		case DirOAToIM, DirIMToOA, DirBoth:
		default:
			return bad(f+".direction", fmt.Sprintf("unknown direction %q (oa_to_im, im_to_oa, both)", m.Direction))
		}
		// Two maps must not write one field in the same direction: the
		// target is To in oa_to_im and From in im_to_oa.
		for j := range i {
			o := p.FieldMapping[j]
			if o.To == m.To && carries(o.Direction, DirOAToIM) && carries(m.Direction, DirOAToIM) {
				return bad(f+".to", fmt.Sprintf("%q is already written from the OA by field_mapping[%d]", m.To, j))
			}
			if o.From == m.From && carries(o.Direction, DirIMToOA) && carries(m.Direction, DirIMToOA) {
				return bad(f+".from", fmt.Sprintf("%q is already written from the IM by field_mapping[%d]", m.From, j))
			}
		}
	}
	return nil
}

// carries says whether a field flowing in d flows in one.
func carries(d, one Direction) bool { return d == one || d == DirBoth }

// mappableField: a field a FieldMap may copy.
func mappableField(f Field) bool {
	switch f {
	case FieldName, FieldMobile, FieldEmail, FieldEmployeeNo, FieldTitle, FieldGender:
		return true
	}
	_, ok := f.attribute()
	return ok
}

// matchField: a field that identifies a person (auto-bind, user_id).
func matchField(f Field) bool {
	switch f {
	case FieldMobile, FieldEmail, FieldEmployeeNo:
		return true
	}
	_, ok := f.attribute()
	return ok
}
