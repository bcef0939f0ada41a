package feishu

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

// Department writes (platform.DirectoryWriter) on contact v3, with
// department_id_type=department_id and user_id_type=user_id like the reads.
// Limits: 1000/min & 50/s each (the create, patch and delete pages).
// Scope: contact:contact ("更新通讯录"); the departments touched, and for a
// create or delete their parent, must be inside the app's contact range
// (40004, 40014).

// CreateDepartment: POST /open-apis/contact/v3/departments?client_token=…
// (SDK Department.Create; page department/create), body name,
// parent_department_id, department_id (when set), order (a string).
//
// The client_token is derived from key. A repeat of the same request
// returns the department created then; should Feishu answer it with "it
// exists" instead (43000, or 43022 / 40018 / 43007 when no token memory is
// left),
// the department is looked up — by d.ID when set, else by name under the
// parent, the one a same-level same-name match would bind anyway — and
// returned when its parent and name are the ones asked for.
//
// Refusals: 44101 no parent, 40016 empty name, 43029 "/" in the name,
// 43022 a sibling has the name, 43005 a sibling has the order, 43007 /
// 43008 department_id taken / invalid, 43013 1,000 children, 43019 25
// levels, 40004 / 40014 outside the contact range.
func (c *Client) CreateDepartment(ctx context.Context, key string, d platform.NewDepartment) (platform.DirDepartment, error) {
	if err := checkKey("create department", key); err != nil {
		return platform.DirDepartment{}, err
	}
	if d.Name == "" || d.ParentID == "" {
		return platform.DirDepartment{}, errors.New("feishu create department: name and parent id are required")
	}
	b := larkcontact.NewDepartmentBuilder().Name(d.Name).ParentDepartmentId(d.ParentID)
	if d.ID != "" {
		b.DepartmentId(d.ID)
	}
	if d.Order != nil {
		b.Order(strconv.Itoa(*d.Order))
	}
	body := b.Build()
	token := clientToken("department", key)
	var out *larkcontact.Department
	err := c.write(ctx, APICreateDepartment, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewCreateDepartmentReqBuilder().DepartmentIdType(deptIDType).UserIdType(userIDType).
			ClientToken(token).Department(body).Build()
		r, err := c.lark.Contact.V3.Department.Create(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil {
			out = r.Data.Department
		}
		return r.ApiResp, r.CodeError, nil
	})
	switch code := platformCode(err); {
	case err == nil && out != nil:
		return department(out), nil
	case err == nil:
		return platform.DirDepartment{}, fmt.Errorf("feishu create department %q: response without a department", d.Name)
	case code == codeDeptAlreadyExists, code == codeDeptNameDuplicate, code == codeDeptNameConflict,
		code == codeDeptIDDuplicate && d.ID != "":
		if found, ok := c.existingDepartment(ctx, d); ok {
			return found, nil
		}
	}
	return platform.DirDepartment{}, fmt.Errorf("feishu create department %q: %w", d.Name, err)
}

// existingDepartment finds the department a create was refused as a
// duplicate of, when it is the one asked for.
func (c *Client) existingDepartment(ctx context.Context, d platform.NewDepartment) (platform.DirDepartment, bool) {
	if d.ID != "" {
		got, err := c.Department(ctx, d.ID)
		return got, err == nil && got.ParentID == d.ParentID && got.Name == d.Name
	}
	var found platform.DirDepartment
	ok := false
	err := c.ChildDepartments(ctx, d.ParentID, func(ds []platform.DirDepartment) error {
		for _, x := range ds {
			if x.Name == d.Name {
				found, ok = x, true
			}
		}
		return nil
	})
	return found, err == nil && ok
}

// UpdateDepartment: PATCH /open-apis/contact/v3/departments/:department_id
// (SDK Department.Patch; page department/patch), body name and/or order;
// absent fields are not changed. Setting values, it is safe to repeat.
// Refusals: 40002 the root, 43022 a sibling has the name, 43005 a sibling
// has the order, 43029 "/" in the name, 40004 outside the contact range;
// 43024 / 43030 (concurrent change) are retried.
func (c *Client) UpdateDepartment(ctx context.Context, key, id string, p platform.DepartmentPatch) (platform.DirDepartment, error) {
	if err := checkKey("update department", key); err != nil {
		return platform.DirDepartment{}, err
	}
	b := larkcontact.NewDepartmentBuilder()
	if p.Name != nil {
		if *p.Name == "" {
			return platform.DirDepartment{}, errors.New("feishu update department: the name cannot be empty")
		}
		b.Name(*p.Name)
	}
	if p.Order != nil {
		b.Order(strconv.Itoa(*p.Order))
	}
	return c.patchDepartment(ctx, "update", id, b.Build())
}

// MoveDepartment: PATCH …/departments/:department_id with
// parent_department_id (department/patch). Refusals: 40002 the root, 43022
// the new parent has a child of that name, 43019 the subtree would be more
// than 25 levels deep, 40004 / 40014 outside the contact range.
func (c *Client) MoveDepartment(ctx context.Context, key, id, parentID string) (platform.DirDepartment, error) {
	if err := checkKey("move department", key); err != nil {
		return platform.DirDepartment{}, err
	}
	if parentID == "" {
		return platform.DirDepartment{}, errors.New("feishu move department: the parent id is required")
	}
	return c.patchDepartment(ctx, "move", id, larkcontact.NewDepartmentBuilder().ParentDepartmentId(parentID).Build())
}

func (c *Client) patchDepartment(ctx context.Context, op, id string, body *larkcontact.Department) (platform.DirDepartment, error) {
	var out *larkcontact.Department
	err := c.write(ctx, APIPatchDepartment, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewPatchDepartmentReqBuilder().DepartmentId(id).DepartmentIdType(deptIDType).
			UserIdType(userIDType).Department(body).Build()
		r, err := c.lark.Contact.V3.Department.Patch(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil {
			out = r.Data.Department
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil {
		return platform.DirDepartment{}, fmt.Errorf("feishu %s department %s: %w", op, id, err)
	}
	if out == nil {
		return c.Department(ctx, id)
	}
	return department(out), nil
}

// DeleteDepartment: DELETE /open-apis/contact/v3/departments/:department_id
// (SDK Department.Delete; page department/delete). Refusals: 43011 the
// department has users, 43012 it has sub-departments, 40002 the root,
// 40004 / 40014 the department or its parent outside the contact range.
//
// A delete repeated after its reply was lost finds nothing to delete (the
// page does not say which code that is): on a refusal the department is
// read, and one that no longer exists (department/get's 40015, or
// status.is_deleted) means the work is done.
func (c *Client) DeleteDepartment(ctx context.Context, key, id string) error {
	if err := checkKey("delete department", key); err != nil {
		return err
	}
	err := c.write(ctx, APIDeleteDepartment, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewDeleteDepartmentReqBuilder().DepartmentId(id).DepartmentIdType(deptIDType).Build()
		r, err := c.lark.Contact.V3.Department.Delete(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err == nil {
		return nil
	}
	if platformCode(err) == 0 {
		return fmt.Errorf("feishu delete department %s: %w", id, err)
	}
	if d, rerr := c.Department(ctx, id); platformCode(rerr) == codeDeptNotExist || (rerr == nil && d.Deleted) {
		return nil
	}
	return fmt.Errorf("feishu delete department %s: %w", id, err)
}
