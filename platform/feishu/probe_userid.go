package feishu

import (
	"context"
	"errors"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

// MsgNoUserID says what to enable when users come without user_id. Feishu
// leaves a field out of the objects when the app lacks its field permission
// (the contact v3 pages: user_id needs contact:user.employee_id:readonly,
// "获取用户 user ID"); the request itself succeeds, so only the data shows it.
const MsgNoUserID = "Feishu returns users without user_id: enable the field permission 获取用户 user ID " +
	"(contact:user.employee_id:readonly) in the developer console (开发配置 › 权限管理 › API 权限), " +
	"then publish a new version (应用发布 › 版本管理与发布)"

// probeUserID reads one user, from the root or else from the first
// top-level department, and checks it comes with its user_id. It needs the
// contact read to work; without it the check reports the same refusal.
func (c *Client) probeUserID(ctx context.Context, read Capability) Capability {
	out := Capability{Name: CapContactUserID}
	if !read.OK {
		out.Code, out.Msg = read.Code, read.Msg
		return out
	}
	places := []string{platform.RootDepartmentID}
	_ = c.children(ctx, platform.RootDepartmentID, false, func(ds []platform.DirDepartment) error {
		places = append(places, ds[0].ID)
		return errStop // the first department is enough
	})
	for _, dept := range places {
		u, found, err := c.firstUser(ctx, dept)
		var pe *platform.Error
		switch {
		case errors.As(err, &pe):
			out.Code, out.Msg = pe.Code, pe.Advice()
			return out
		case err != nil:
			out.Msg = err.Error()
			return out
		case !found:
			continue
		case u.UserId == nil || *u.UserId == "":
			out.Msg = MsgNoUserID
			return out
		}
		out.OK = true
		return out
	}
	// Nobody to look at: nothing says the permission is missing.
	out.OK, out.Msg = true, "not checked: no user found in the root or the first department"
	return out
}

var errStop = errors.New("stop")

// firstUser reads the first direct member of a department, asking for
// user_id as the mirror does.
func (c *Client) firstUser(ctx context.Context, dept string) (*larkcontact.User, bool, error) {
	var items []*larkcontact.User
	err := c.do(ctx, APIFindByDepartment, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewFindByDepartmentUserReqBuilder().DepartmentId(dept).
			UserIdType(userIDType).DepartmentIdType(deptIDType).PageSize(1).Build()
		r, err := c.lark.Contact.V3.User.FindByDepartment(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil {
			items = r.Data.Items
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil || len(items) == 0 || items[0] == nil {
		return nil, false, err
	}
	return items[0], true, nil
}
