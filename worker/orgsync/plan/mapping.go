package plan

import "fmt"

// fieldValue reads field f of u ("" when unset).
func fieldValue(u *User, f Field) string {
	switch f {
	case FieldKey:
		return u.Key
	case FieldName:
		return u.Name
	case FieldMobile:
		return u.Mobile
	case FieldEmail:
		return u.Email
	case FieldEmployeeNo:
		return u.EmployeeNo
	case FieldTitle:
		return u.Title
	case FieldGender:
		return u.Gender
	}
	if name, ok := f.attribute(); ok {
		return u.Attributes[name]
	}
	return ""
}

// SetField writes field f of u; it is how an apply (or a test) carries a
// Snapshot's Fields onto a User. Attributes are allocated as needed.
// FieldKey cannot be set.
func SetField(u *User, f Field, val string) error {
	switch f {
	case FieldName:
		u.Name = val
	case FieldMobile:
		u.Mobile = val
	case FieldEmail:
		u.Email = val
	case FieldEmployeeNo:
		u.EmployeeNo = val
	case FieldTitle:
		u.Title = val
	case FieldGender:
		u.Gender = val
	default:
		name, ok := f.attribute()
		if !ok {
			return fmt.Errorf("field %q cannot be set", f)
		}
		if u.Attributes == nil {
			u.Attributes = map[string]string{}
		}
		u.Attributes[name] = val
	}
	return nil
}

// fieldDiff compares the mapped fields of source s and target t in the
// plan's direction. An empty source value is "not known", never "clear it":
// OA systems often leave fields blank that the IM has (and the IM requires
// a mobile or e-mail to sign in), so blanks are not copied. It returns nil
// when nothing differs.
func (pl *planner) fieldDiff(s, t *User) (before, after map[Field]string) {
	for _, p := range pl.pairs {
		sv := fieldValue(s, p.src)
		if sv == "" {
			continue
		}
		if tv := fieldValue(t, p.tgt); sv != tv {
			if after == nil {
				before, after = map[Field]string{}, map[Field]string{}
			}
			before[p.tgt], after[p.tgt] = tv, sv
		}
	}
	return before, after
}

// mappedFields are the target fields a created user gets from s.
func (pl *planner) mappedFields(s *User) map[Field]string {
	out := make(map[Field]string, len(pl.pairs))
	for _, p := range pl.pairs {
		if sv := fieldValue(s, p.src); sv != "" {
			out[p.tgt] = sv
		}
	}
	return out
}
