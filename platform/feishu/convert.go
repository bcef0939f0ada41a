package feishu

import (
	"sort"
	"strconv"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

func deref[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}

// department maps a contact v3 department read with
// department_id_type=department_id (see platform.DirDepartment). A
// department without a custom id (not seen in practice) is keyed by its
// open_department_id so it still has an id.
func department(d *larkcontact.Department) platform.DirDepartment {
	out := platform.DirDepartment{
		ID:       deref(d.DepartmentId),
		OpenID:   deref(d.OpenDepartmentId),
		ParentID: deref(d.ParentDepartmentId),
		Name:     deref(d.Name),
	}
	if out.ID == "" {
		out.ID = out.OpenID
	}
	// order is a string on the wire ("1000"); an unparsable one sorts first.
	out.Order, _ = strconv.Atoi(deref(d.Order))
	if d.Status != nil {
		out.Deleted = deref(d.Status.IsDeleted)
	}
	return out
}

// user maps a contact v3 user read with user_id_type=user_id and
// department_id_type=department_id (see platform.DirUser).
func user(u *larkcontact.User) platform.DirUser {
	out := platform.DirUser{
		ID:            deref(u.UserId),
		OpenID:        deref(u.OpenId),
		UnionID:       deref(u.UnionId),
		Name:          deref(u.Name),
		EnName:        deref(u.EnName),
		Mobile:        deref(u.Mobile),
		Email:         deref(u.Email),
		EmployeeNo:    deref(u.EmployeeNo),
		Title:         deref(u.JobTitle),
		DepartmentIDs: append([]string(nil), u.DepartmentIds...),
		Status:        userStatus(u.Status),
		LeaderID:      deref(u.LeaderUserId),
		Attributes:    customAttrs(u.CustomAttrs),
	}
	if u.Gender != nil {
		for g, n := range genderCodes {
			if n == *u.Gender {
				out.Gender = g
			}
		}
	}
	for _, o := range u.Orders {
		if o == nil || o.DepartmentId == nil {
			continue
		}
		if out.Orders == nil {
			out.Orders = map[string]int{}
		}
		out.Orders[*o.DepartmentId] = deref(o.UserOrder)
		if deref(o.IsPrimaryDept) && out.PrimaryDepartmentID == "" {
			out.PrimaryDepartmentID = *o.DepartmentId
		}
	}
	if out.PrimaryDepartmentID == "" && len(out.DepartmentIDs) > 0 {
		out.PrimaryDepartmentID = out.DepartmentIDs[0]
	}
	return out
}

// customAttrs reads user.custom_attrs as text by attribute id: value.text
// for TEXT and HREF attributes, value.option_value for ENUMERATION and
// PICTURE_ENUM ones (SDK UserCustomAttrValue); others, and empty values,
// are left out. nil when there are none.
func customAttrs(in []*larkcontact.UserCustomAttr) map[string]string {
	var out map[string]string
	for _, a := range in {
		if a == nil || a.Id == nil || *a.Id == "" || a.Value == nil {
			continue
		}
		v := deref(a.Value.Text)
		if v == "" {
			v = deref(a.Value.OptionValue)
		}
		if v == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[*a.Id] = v
	}
	return out
}

// mergedCustomAttrs is the custom_attrs a patch sends: the user's current
// ones (as read, whatever their type: an ENUMERATION keeps its option_id, a
// HREF its url) except those being set, then those set, as TEXT.
func mergedCustomAttrs(current []*larkcontact.UserCustomAttr, set map[string]string) []*larkcontact.UserCustomAttr {
	out := make([]*larkcontact.UserCustomAttr, 0, len(current)+len(set))
	for _, a := range current {
		if a == nil || a.Id == nil {
			continue
		}
		if _, replaced := set[*a.Id]; !replaced {
			out = append(out, a)
		}
	}
	return append(out, customAttrsBody(set)...)
}

// customAttrsBody renders attributes as TEXT custom_attrs (user/create,
// user/patch body custom_attrs: type, id, value.text), sorted by id so a
// repeated request is the same request.
func customAttrsBody(attrs map[string]string) []*larkcontact.UserCustomAttr {
	ids := make([]string, 0, len(attrs))
	for id := range attrs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := make([]*larkcontact.UserCustomAttr, 0, len(ids))
	for _, id := range ids {
		out = append(out, larkcontact.NewUserCustomAttrBuilder().Type("TEXT").Id(id).
			Value(larkcontact.NewUserCustomAttrValueBuilder().Text(attrs[id]).Build()).Build())
	}
	return out
}
