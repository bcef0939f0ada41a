package feishu

import (
	"context"
	"fmt"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

// APIGetUser is the get-user API (contact v3).
const APIGetUser = "GET /open-apis/contact/v3/users/:user_id"

// User reads one user by user_id, e.g. after a contact event, to mirror
// exactly what the directory holds rather than the event's partial object.
func (c *Client) User(ctx context.Context, id string) (platform.DirUser, error) {
	u, err := c.rawUser(ctx, id)
	if err != nil {
		return platform.DirUser{}, err
	}
	return user(u), nil
}

// rawUser reads one user as the SDK decodes it (custom_attrs with their
// types and values intact, for a patch that must send them back).
func (c *Client) rawUser(ctx context.Context, id string) (*larkcontact.User, error) {
	var u *larkcontact.User
	err := c.do(ctx, APIGetUser, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewGetUserReqBuilder().UserId(id).
			UserIdType(userIDType).DepartmentIdType(deptIDType).Build()
		r, err := c.lark.Contact.V3.User.Get(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil {
			u = r.Data.User
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, fmt.Errorf("feishu: user %s: response without a user", id)
	}
	return u, nil
}
