package feishu

import (
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
