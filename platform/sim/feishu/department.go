package feishu

import (
	"net/http"
	"strconv"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// Contact v3 department APIs; paths exactly as the SDK's apiReq.ApiPath.
func (s *Server) departmentRoutes(add addRoute) {
	const base = "/open-apis/contact/v3/departments"
	add(http.MethodPost, base, true, scopesContactWrite, handleCreateDepartment)
	add(http.MethodGet, base+"/:department_id/children", true, scopesContactRead, handleChildren)
	add(http.MethodGet, base+"/:department_id", true, scopesContactRead, handleGetDepartment)
	add(http.MethodPatch, base+"/:department_id", true, scopesContactWrite, handlePatchDepartment)
	add(http.MethodDelete, base+"/:department_id", true, scopesContactWrite, handleDeleteDepartment)
}

func (v view) departmentByID(did string) *larkcontact.Department {
	if did == RootDepartmentID {
		return v.root(len(v.org.Members(RootDepartmentID)))
	}
	d, ok := v.org.Department(did)
	if !ok {
		return nil
	}
	v.org.mu.RLock()
	n := len(v.org.members[did])
	v.org.mu.RUnlock()
	return v.department(d, n)
}

// GET …/departments/:department_id/children: direct children, or with
// fetch_child=true every descendant in pre-order (parents before children).
func handleChildren(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	did, err := v.resolveDept(c.params["department_id"])
	if err != nil {
		return nil, err
	}
	if err := v.checkDept(did); err != nil {
		return nil, err
	}
	fetchChild := false
	if fc := c.query.Get("fetch_child"); fc != "" {
		if fetchChild, err = strconv.ParseBool(fc); err != nil {
			return nil, errField("fetch_child: invalid value %q", fc)
		}
	}
	var ids []string
	if fetchChild {
		ids = c.s.org.subtreeOf(did)
	} else {
		ids = c.s.org.Children(did)
	}
	scope := "children|" + did + "|" + strconv.FormatBool(fetchChild)
	from, to, next, err := c.page(scope, len(ids))
	if err != nil {
		return nil, err
	}
	items := make([]*larkcontact.Department, 0, to-from)
	for _, id := range ids[from:to] {
		if d := v.departmentByID(id); d != nil {
			items = append(items, d)
		}
	}
	return listData(items, next), nil
}

// GET …/departments/:department_id: an unknown (or deleted) department is
// 40015 "department not exist", one outside the contact range 40004.
func handleGetDepartment(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	did, ok := v.org.departmentIDFor(c.params["department_id"], v.deptType)
	if !ok {
		return nil, errDeptNotExist(c.params["department_id"])
	}
	if err := v.checkDept(did); err != nil {
		return nil, err
	}
	d := v.departmentByID(did)
	if d == nil {
		return nil, errDeptNotExist(c.params["department_id"])
	}
	return map[string]any{"department": d}, nil
}

// deptPatch resolves the writable fields of a request body (ids are of the
// request's id types) and returns a function applying them. Resolution
// happens first because the apply step runs under the Org's lock.
func (v view) deptPatch(b *larkcontact.Department) (func(*Department), error) {
	var parent, leader *string
	var order *int
	if b.ParentDepartmentId != nil {
		p, err := v.resolveDept(*b.ParentDepartmentId)
		if err != nil {
			return nil, err
		}
		parent = &p
	}
	if b.LeaderUserId != nil {
		uid := ""
		if *b.LeaderUserId != "" {
			var err error
			if uid, err = v.resolveUser(*b.LeaderUserId); err != nil {
				return nil, err
			}
		}
		leader = &uid
	}
	if b.Order != nil {
		n, err := strconv.Atoi(*b.Order)
		if err != nil {
			return nil, errField("order: not a number %q", *b.Order)
		}
		order = &n
	}
	return func(d *Department) {
		if b.Name != nil {
			d.Name = *b.Name
		}
		if b.I18nName != nil && b.I18nName.EnUs != nil {
			d.EnName = *b.I18nName.EnUs
		}
		if parent != nil {
			d.ParentID = *parent
		}
		if leader != nil {
			d.LeaderUserID = *leader
		}
		if order != nil {
			d.Order = *order
		}
	}, nil
}

// POST …/departments (query client_token for idempotency).
func handleCreateDepartment(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	var b larkcontact.Department
	if err := c.decodeBody(&b); err != nil {
		return nil, err
	}
	if b.ParentDepartmentId == nil {
		return nil, newErr(http.StatusBadRequest, CodeMissingParentDept, "miss parent department id error")
	}
	// A repeated client_token is answered before any rule runs: the first
	// attempt's department would otherwise refuse its own retry (43022).
	id, _, err := c.s.createOnce(c, "department", func() (string, error) {
		if err := v.checkDeptWrite(&b, ""); err != nil {
			return "", err
		}
		apply, err := v.deptPatch(&b)
		if err != nil {
			return "", err
		}
		var d Department
		apply(&d)
		if b.DepartmentId != nil {
			d.DepartmentID = *b.DepartmentId
		}
		if b.Order == nil {
			d.Order = c.s.org.nextOrder(d.ParentID)
		}
		created, err := c.s.org.createDepartment(d, c.appID)
		return created.DepartmentID, err
	})
	if err != nil {
		return nil, err
	}
	return map[string]any{"department": v.departmentByID(id)}, nil
}

// nextOrder puts a department without an explicit order after its siblings.
func (o *Org) nextOrder(parent string) int {
	o.mu.RLock()
	defer o.mu.RUnlock()
	list := o.children[parent]
	if len(list) == 0 {
		return 0
	}
	return o.depts[list[len(list)-1]].Order + 1
}

func handlePatchDepartment(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	did, err := v.resolveDept(c.params["department_id"])
	if err != nil {
		return nil, err
	}
	if did == RootDepartmentID {
		return nil, newErr(http.StatusBadRequest, CodeRootDept, "process root dept error")
	}
	if err := v.checkDept(did); err != nil {
		return nil, err
	}
	var b larkcontact.Department
	if err := c.decodeBody(&b); err != nil {
		return nil, err
	}
	if err := v.checkDeptWrite(&b, did); err != nil {
		return nil, err
	}
	apply, err := v.deptPatch(&b)
	if err != nil {
		return nil, err
	}
	if _, err := c.s.org.updateDepartment(did, apply, c.appID); err != nil {
		return nil, err
	}
	return map[string]any{"department": v.departmentByID(did)}, nil
}

func handleDeleteDepartment(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	did, err := v.resolveDept(c.params["department_id"])
	if err != nil {
		return nil, err
	}
	if did == RootDepartmentID {
		return nil, newErr(http.StatusBadRequest, CodeRootDept, "process root dept error")
	}
	if err := v.checkDept(did); err != nil {
		return nil, err
	}
	if err := c.s.org.deleteDepartment(did, c.appID); err != nil {
		return nil, err
	}
	return map[string]any{}, nil
}
