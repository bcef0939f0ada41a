package feishu

import (
	"context"
	"fmt"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

// Every contact read asks for tenant-wide ids: user_id and the custom
// department_id are stable across apps, which is what sync keys on
// (reference §1.5, design consequence 7). Reading user_id needs the
// contact:user.employee_id:readonly field permission.
const (
	userIDType = "user_id"
	deptIDType = "department_id"
	// pageSize is the documented maximum of children and find_by_department
	// (page_size "最大值 50", open.feishu.cn/document/server-docs/contact-v3/
	// department/children and …/contact-v3/user/find_by_department); the
	// simulator rejects larger sizes with 40011.
	pageSize = 50
)

// paginate calls page with "" and then each next page_token until has_more
// is false. Written by hand instead of the SDK's iterators, which ignore
// has_more and loop forever when the last page carries page_token ""
// (reference §1.1). A page claiming more without a token, or a token seen
// before, is an error rather than a silently short or endless listing.
func paginate(what string, page func(token string) (hasMore bool, next string, err error)) error {
	seen := map[string]bool{}
	token := ""
	for {
		more, next, err := page(token)
		if err != nil || !more {
			return err
		}
		if next == "" {
			return fmt.Errorf("feishu %s: has_more without a page_token", what)
		}
		if seen[next] {
			return fmt.Errorf("feishu %s: page_token repeated, the listing would loop", what)
		}
		seen[next] = true
		token = next
	}
}

// ChildDepartments lists the direct children of parentID (a department_id;
// "0" is the root), 50 per page. Listing the root with a tenant token needs
// the app's contact range to be all members.
func (c *Client) ChildDepartments(ctx context.Context, parentID string, fn func([]platform.DirDepartment) error) error {
	return c.children(ctx, parentID, false, fn)
}

// DescendantDepartments lists every department below parentID, at any
// depth (children with fetch_child=true), 50 per page: a whole tree in
// one paged listing instead of one listing per department.
func (c *Client) DescendantDepartments(ctx context.Context, parentID string, fn func([]platform.DirDepartment) error) error {
	return c.children(ctx, parentID, true, fn)
}

func (c *Client) children(ctx context.Context, parentID string, fetchChild bool, fn func([]platform.DirDepartment) error) error {
	return paginate("children of "+parentID, func(token string) (bool, string, error) {
		var data *larkcontact.ChildrenDepartmentRespData
		err := c.do(ctx, APIChildren, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			b := larkcontact.NewChildrenDepartmentReqBuilder().DepartmentId(parentID).
				UserIdType(userIDType).DepartmentIdType(deptIDType).
				FetchChild(fetchChild).PageSize(pageSize)
			if token != "" {
				b.PageToken(token)
			}
			r, err := c.lark.Contact.V3.Department.Children(ctx, b.Build())
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			data = r.Data
			return r.ApiResp, r.CodeError, nil
		})
		if err != nil {
			return false, "", err
		}
		if data == nil {
			return false, "", nil
		}
		out := make([]platform.DirDepartment, 0, len(data.Items))
		for _, d := range data.Items {
			if d != nil {
				out = append(out, department(d))
			}
		}
		if len(out) > 0 {
			if err := fn(out); err != nil {
				return false, "", err
			}
		}
		return deref(data.HasMore), deref(data.PageToken), nil
	})
}

// DepartmentUsers lists the users directly in departmentID, 50 per page.
// Feishu lists current members only: resigned users have left every
// department.
func (c *Client) DepartmentUsers(ctx context.Context, departmentID string, fn func([]platform.DirUser) error) error {
	return paginate("users of "+departmentID, func(token string) (bool, string, error) {
		var data *larkcontact.FindByDepartmentUserRespData
		err := c.do(ctx, APIFindByDepartment, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			b := larkcontact.NewFindByDepartmentUserReqBuilder().DepartmentId(departmentID).
				UserIdType(userIDType).DepartmentIdType(deptIDType).PageSize(pageSize)
			if token != "" {
				b.PageToken(token)
			}
			r, err := c.lark.Contact.V3.User.FindByDepartment(ctx, b.Build())
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			data = r.Data
			return r.ApiResp, r.CodeError, nil
		})
		if err != nil {
			return false, "", err
		}
		if data == nil {
			return false, "", nil
		}
		out := make([]platform.DirUser, 0, len(data.Items))
		for _, u := range data.Items {
			if u != nil {
				out = append(out, user(u))
			}
		}
		if len(out) > 0 {
			if err := fn(out); err != nil {
				return false, "", err
			}
		}
		return deref(data.HasMore), deref(data.PageToken), nil
	})
}

// Department reads one department by department_id ("0" = the root).
func (c *Client) Department(ctx context.Context, id string) (platform.DirDepartment, error) {
	var d *larkcontact.Department
	err := c.do(ctx, APIGetDepartment, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewGetDepartmentReqBuilder().DepartmentId(id).
			UserIdType(userIDType).DepartmentIdType(deptIDType).Build()
		r, err := c.lark.Contact.V3.Department.Get(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil {
			d = r.Data.Department
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil {
		return platform.DirDepartment{}, err
	}
	if d == nil {
		return platform.DirDepartment{}, fmt.Errorf("feishu: department %s: response without a department", id)
	}
	return department(d), nil
}
