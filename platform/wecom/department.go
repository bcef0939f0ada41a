package wecom

import (
	"context"
	"net/url"
	"strconv"
)

// Department is a department as the contact APIs return it (获取部门列表
// path/90344, 获取单个部门详情 path/95351): id, name, name_en,
// department_leader, parentid (the root department is id 1, its parentid
// 0), order (larger first among siblings).
type Department struct {
	ID               int      `json:"id"`
	Name             string   `json:"name"`
	NameEn           string   `json:"name_en,omitempty"`
	DepartmentLeader []string `json:"department_leader,omitempty"`
	ParentID         int      `json:"parentid"`
	Order            int      `json:"order"`
}

// RootDepartment is WeCom's root department id: the enterprise itself,
// which may hold members directly.
const RootDepartment = 1

// ListDepartments calls GET /cgi-bin/department/list?id=: the department
// id and every department below it, at any depth, in one answer (no
// pagination); a self-built app sees its visible range only. The doc calls
// it slow for huge trees ("该接口性能较低") and, since 2022-08-15, refuses it
// to the 通讯录同步 secret from new IPs (48009).
func (c *Client) ListDepartments(ctx context.Context, id int) ([]Department, error) {
	var ans struct {
		envelope
		Department []Department `json:"department"`
	}
	err := c.do(ctx, APIDepartmentList, url.Values{"id": {strconv.Itoa(id)}}, nil, &ans)
	return ans.Department, err
}

// GetDepartment calls GET /cgi-bin/department/get?id=. 60003/60123 when it
// does not exist, 60011 when outside the app's visible range.
func (c *Client) GetDepartment(ctx context.Context, id int) (Department, error) {
	var ans struct {
		envelope
		Department Department `json:"department"`
	}
	err := c.do(ctx, APIDepartmentGet, url.Values{"id": {strconv.Itoa(id)}}, nil, &ans)
	return ans.Department, err
}

// DepartmentCreate is department/create's body (path/90205): name 1–32
// characters without \:*?"<>|, parentid, order, id (> 1, optional: WeCom
// assigns one). At most 15 levels and 30,000 departments.
type DepartmentCreate struct {
	Name     string `json:"name"`
	NameEn   string `json:"name_en,omitempty"`
	ParentID int    `json:"parentid"`
	Order    *int   `json:"order,omitempty"`
	ID       int    `json:"id,omitempty"`
}

// createDepartment calls POST /cgi-bin/department/create and returns the
// new id. 60008 when the id or the name under that parent exists.
func (c *Client) createDepartment(ctx context.Context, d DepartmentCreate) (int, error) {
	var ans struct {
		envelope
		ID int `json:"id"`
	}
	err := c.do(ctx, APIDeptCreate, nil, d, &ans)
	return ans.ID, err
}

// DepartmentUpdate is department/update's body: fields left nil stay.
type DepartmentUpdate struct {
	ID       int     `json:"id"`
	Name     *string `json:"name,omitempty"`
	ParentID *int    `json:"parentid,omitempty"`
	Order    *int    `json:"order,omitempty"`
}

// updateDepartment calls POST /cgi-bin/department/update.
func (c *Client) updateDepartment(ctx context.Context, d DepartmentUpdate) error {
	return c.do(ctx, APIDeptUpdate, nil, d, nil)
}

// deleteDepartment calls GET /cgi-bin/department/delete?id=: 60005 with
// members, 60006 with sub-departments, 60007 for the root.
func (c *Client) deleteDepartment(ctx context.Context, id int) error {
	return c.do(ctx, APIDeptDelete, url.Values{"id": {strconv.Itoa(id)}}, nil, nil)
}
