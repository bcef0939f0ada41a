package wecom

import (
	"context"
	"fmt"
	"strconv"

	"imbridge/platform"
)

// The neutral directory (platform.Directory) names the root of every
// platform platform.RootDepartmentID ("0"); WeCom's root department is
// id 1 (parentid 0). The adapter translates at its edge so the engines
// (mirror, sync, binding) stay platform-neutral: WeCom 1 is "0" in every
// DirDepartment and DirUser, and "0", "" and "1" all name the root on the
// way in. Every other department id is WeCom's own, as a decimal string.

// deptID turns a neutral department id into WeCom's.
func deptID(id string) (int, error) {
	if id == "" || id == platform.RootDepartmentID {
		return RootDepartment, nil
	}
	n, err := strconv.Atoi(id)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("wecom: department id %q is not a WeCom department id (a positive integer; the root is %q)", id, platform.RootDepartmentID)
	}
	return n, nil
}

// neutralDept turns a WeCom department id into the neutral one.
func neutralDept(id int) string {
	if id == RootDepartment || id == 0 {
		return platform.RootDepartmentID
	}
	return strconv.Itoa(id)
}

// DirDepartment maps a WeCom department: ID and ParentID as above (the
// root's parent is ""), Order = order.
func (d Department) DirDepartment() platform.DirDepartment {
	out := platform.DirDepartment{ID: neutralDept(d.ID), Name: d.Name, Order: d.Order}
	if d.ID != RootDepartment {
		out.ParentID = neutralDept(d.ParentID)
	}
	return out
}

// DefaultEmployeeNoAttr is the custom field (扩展属性) read as the
// employee number: WeCom has no 工号 field of its own.
const DefaultEmployeeNoAttr = "工号"

// DirUser maps a WeCom member: EmployeeNo = the text custom field named
// employeeNoAttr (the binding key when mobiles are withheld); ID = userid, OpenID = open_userid (third-
// party and 代开发 apps only), Title = position, Email = email, else
// biz_mail; PrimaryDepartmentID = main_department (else the first of
// department), Orders = order[] by department, Status from status and enable (5 left the corp
// UserResigned; 2 disabled, or enable 0, UserDisabled; 1 active and 4 not
// yet activated UserActive). Mobile and e-mail are empty for apps created after
// 2022-06-20 (MissingContactReason); the mirror keeps the person all the
// same.
func (u User) DirUser(employeeNoAttr string) platform.DirUser {
	out := platform.DirUser{ID: u.UserID, OpenID: u.OpenUserID, Name: u.Name, EnName: u.Alias,
		Mobile: u.Mobile, Email: u.Email, Title: u.Position, Orders: map[string]int{},
		EmployeeNo: u.ExtAttr.Text(employeeNoAttr)}
	if out.Email == "" {
		out.Email = u.BizMail
	}
	for i, d := range u.Department {
		id := neutralDept(d)
		out.DepartmentIDs = append(out.DepartmentIDs, id)
		if i < len(u.Order) {
			out.Orders[id] = u.Order[i]
		}
	}
	switch {
	case u.MainDepartment != 0:
		out.PrimaryDepartmentID = neutralDept(u.MainDepartment)
	case len(out.DepartmentIDs) > 0:
		out.PrimaryDepartmentID = out.DepartmentIDs[0]
	}
	switch {
	case u.Status == StatusLeftTheCorp:
		out.Status = platform.UserResigned
	case u.Status == StatusDisabled || u.Enable != nil && *u.Enable == 0:
		out.Status = platform.UserDisabled
	default:
		// 1 已激活 and 4 未激活 alike, as the Feishu adapter treats
		// is_activated false: a member not yet activated is one an admin
		// (or the sync) added on purpose and enabled; activating is the
		// person's step, which no API can take. Read as disabled, every
		// member the sync creates (user/create answers status 4 until the
		// person joins) would be "enabled again" on every run, and an
		// IM → OA sync would disable them in the OA.
		out.Status = platform.UserActive
	}
	return out
}

// MissingContactReason says why a WeCom member has no mobile or e-mail in
// the mirror, for the console: since 2022-06-20, apps created after that
// date no longer receive 手机/邮箱 from the member APIs (path/96260); the
// member must authorise the app (OAuth 手机号/邮箱授权), or the corp reads
// with an older app. Binding then goes by userid or another field.
const MissingContactReason = "WeCom does not give mobiles or e-mails to apps created after 2022-06-20 (成员敏感信息需成员授权); bind these people by their employee number (the custom field 工号, still given) or by login"

// ChildDepartments lists the direct children of parentID: department/list
// answers the whole subtree in one call, filtered here.
func (c *Client) ChildDepartments(ctx context.Context, parentID string, fn func([]platform.DirDepartment) error) error {
	id, err := deptID(parentID)
	if err != nil {
		return err
	}
	all, err := c.ListDepartments(ctx, id)
	if err != nil {
		return err
	}
	var page []platform.DirDepartment
	for _, d := range all {
		if d.ID != id && d.ParentID == id {
			page = append(page, d.DirDepartment())
		}
	}
	return fn(page)
}

// DescendantDepartments lists every department below parentID
// (department/list, one call, the department itself left out).
func (c *Client) DescendantDepartments(ctx context.Context, parentID string, fn func([]platform.DirDepartment) error) error {
	id, err := deptID(parentID)
	if err != nil {
		return err
	}
	all, err := c.ListDepartments(ctx, id)
	if err != nil {
		return err
	}
	page := make([]platform.DirDepartment, 0, len(all))
	for _, d := range all {
		if d.ID != id {
			page = append(page, d.DirDepartment())
		}
	}
	return fn(page)
}

// DepartmentUsers lists the members directly in departmentID (user/list,
// one call); the root's own members are listed for "0".
func (c *Client) DepartmentUsers(ctx context.Context, departmentID string, fn func([]platform.DirUser) error) error {
	id, err := deptID(departmentID)
	if err != nil {
		return err
	}
	list, err := c.ListUsers(ctx, id)
	if err != nil {
		return err
	}
	page := make([]platform.DirUser, 0, len(list))
	for _, u := range list {
		page = append(page, u.DirUser(c.employeeNoAttr))
	}
	return fn(page)
}

// Department reads one department (department/get).
func (c *Client) Department(ctx context.Context, id string) (platform.DirDepartment, error) {
	n, err := deptID(id)
	if err != nil {
		return platform.DirDepartment{}, err
	}
	d, err := c.GetDepartment(ctx, n)
	if err != nil {
		return platform.DirDepartment{}, err
	}
	return d.DirDepartment(), nil
}

// User reads one member (user/get).
func (c *Client) User(ctx context.Context, id string) (platform.DirUser, error) {
	u, err := c.GetUser(ctx, id)
	if err != nil {
		return platform.DirUser{}, err
	}
	return u.DirUser(c.employeeNoAttr), nil
}
