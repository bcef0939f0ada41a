package feishu

import (
	"context"
	"errors"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

// APIListScopes reads the app's contact range (获取通讯录授权范围).
const APIListScopes = "GET /open-apis/contact/v3/scopes"

// ContactRange reads the app's contact range (通讯录权限范围): the
// departments and users of GET /open-apis/contact/v3/scopes, all pages.
// That API answers every top-level department when the range is all
// members, so it cannot tell "all members" from "every top-level
// department"; the difference matters (only all members may write at the
// root), and reading the root's children tells them apart: it needs all
// members, and answers 40004 otherwise (reference §1.1).
func (c *Client) ContactRange(ctx context.Context) (platform.ContactRange, error) {
	var out platform.ContactRange
	err := paginate("contact scopes", func(token string) (bool, string, error) {
		var data *larkcontact.ListScopeRespData
		err := c.do(ctx, APIListScopes, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			b := larkcontact.NewListScopeReqBuilder().UserIdType(userIDType).DepartmentIdType(deptIDType).PageSize(pageSize)
			if token != "" {
				b.PageToken(token)
			}
			r, err := c.lark.Contact.V3.Scope.List(ctx, b.Build())
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			data = r.Data
			return r.ApiResp, r.CodeError, nil
		})
		if err != nil || data == nil {
			return false, "", err
		}
		out.DepartmentIDs = append(out.DepartmentIDs, data.DepartmentIds...)
		out.UserIDs = append(out.UserIDs, data.UserIds...)
		return deref(data.HasMore), deref(data.PageToken), nil
	})
	if err != nil {
		return platform.ContactRange{}, err
	}
	errStop := &stopListing{}
	err = c.ChildDepartments(ctx, platform.RootDepartmentID, func([]platform.DirDepartment) error { return errStop })
	switch {
	case err == nil || errors.Is(err, errStop):
		out.All = true
	case platform.ClassOf(err) == platform.ClassOutOfRange:
	default:
		return platform.ContactRange{}, err
	}
	return out, nil
}

// stopListing ends a listing after its first page.
type stopListing struct{}

func (*stopListing) Error() string { return "stop" }
