package feishu

import (
	"net/http"
	"strings"
)

// Department limits from the create-department doc (shared/reference §1.4).
const (
	maxDepartmentDepth    = 25
	maxDirectSubDepts     = 1000
	maxCustomDeptIDLength = 64
)

// CreateDepartment adds a department, validating it as the create API does,
// and emits contact.department.created_v3. An empty DepartmentID is assigned.
func (o *Org) CreateDepartment(d Department) (Department, error) {
	return o.createDepartment(d, "")
}

func (o *Org) createDepartment(d Department, initiator string) (Department, error) {
	o.mu.Lock()
	if err := o.validateNewDeptLocked(&d); err != nil {
		o.mu.Unlock()
		return Department{}, err
	}
	o.insertDeptLocked(&d)
	out := d
	o.mu.Unlock()
	o.emit(Change{Kind: DepartmentCreated, NewDept: &out, Initiator: initiator})
	return out, nil
}

func (o *Org) validateNewDeptLocked(d *Department) error {
	if strings.TrimSpace(d.Name) == "" {
		return newErr(http.StatusBadRequest, CodeDeptNameEmpty, "dept name can not be null error")
	}
	if d.ParentID == "" {
		return newErr(http.StatusBadRequest, CodeMissingParentDept, "miss parent department id error")
	}
	if !o.deptExistsLocked(d.ParentID) {
		return errNoDept(d.ParentID)
	}
	if d.DepartmentID != "" {
		if d.DepartmentID == RootDepartmentID || strings.HasPrefix(d.DepartmentID, "od-") ||
			len(d.DepartmentID) > maxCustomDeptIDLength {
			return newErr(http.StatusBadRequest, CodeDeptCustomIDBad, "custom dept id invalid error")
		}
		if _, ok := o.depts[d.DepartmentID]; ok {
			return newErr(http.StatusBadRequest, CodeDeptCustomIDDup, "duplicated department custom id error")
		}
	}
	if err := o.checkSiblingNameLocked(d.ParentID, d.Name, ""); err != nil {
		return err
	}
	if o.depthLocked(d.ParentID)+1 > maxDepartmentDepth {
		return newErr(http.StatusBadRequest, CodeDeptMaxLevel, "exceed dept max level")
	}
	if len(o.children[d.ParentID]) >= maxDirectSubDepts {
		return newErr(http.StatusBadRequest, CodeDeptTooManyChild, "dept too many children error")
	}
	if d.LeaderUserID != "" {
		if _, ok := o.users[d.LeaderUserID]; !ok {
			return errNoUser(d.LeaderUserID)
		}
	}
	return nil
}

// insertDeptLocked stores an already validated department.
func (o *Org) insertDeptLocked(d *Department) {
	if d.DepartmentID == "" {
		d.DepartmentID = o.newDepartmentIDLocked()
	}
	d.OpenDepartmentID = openDepartmentID(o.tenantKey, d.DepartmentID)
	stored := *d
	o.depts[d.DepartmentID] = &stored
	o.deptByOpen[d.OpenDepartmentID] = d.DepartmentID
	o.insertChildLocked(d.ParentID, d.DepartmentID)
	clear(o.subtree)
}

// Feishu refuses two departments with the same name under one parent.
func (o *Org) checkSiblingNameLocked(parent, name, self string) error {
	for _, c := range o.children[parent] {
		if c != self && o.depts[c].Name == name {
			return newErr(http.StatusBadRequest, CodeDeptNameDuplicate, "duplicate name error")
		}
	}
	return nil
}

// UpdateDepartment changes a department through fn (ids cannot change) and
// emits contact.department.updated_v3 when something did change.
func (o *Org) UpdateDepartment(departmentID string, fn func(*Department)) (Department, error) {
	return o.updateDepartment(departmentID, fn, "")
}

func (o *Org) updateDepartment(departmentID string, fn func(*Department), initiator string) (Department, error) {
	o.mu.Lock()
	cur, ok := o.depts[departmentID]
	if !ok {
		o.mu.Unlock()
		return Department{}, errNoDept(departmentID)
	}
	old := cur.clone()
	next := cur.clone()
	fn(&next)
	next.DepartmentID, next.OpenDepartmentID = old.DepartmentID, old.OpenDepartmentID
	if err := o.validateDeptUpdateLocked(&old, &next); err != nil {
		o.mu.Unlock()
		return Department{}, err
	}
	if next == old {
		o.mu.Unlock()
		return next, nil
	}
	*cur = next
	if next.ParentID != old.ParentID || next.Order != old.Order {
		o.children[old.ParentID] = removeString(o.children[old.ParentID], departmentID)
		o.insertChildLocked(next.ParentID, departmentID)
		clear(o.subtree)
	}
	o.mu.Unlock()
	o.emit(Change{Kind: DepartmentUpdated, OldDept: &old, NewDept: &next, Initiator: initiator})
	return next, nil
}

func (o *Org) validateDeptUpdateLocked(old, next *Department) error {
	if strings.TrimSpace(next.Name) == "" {
		return newErr(http.StatusBadRequest, CodeDeptNameEmpty, "dept name can not be null error")
	}
	if next.ParentID == "" {
		next.ParentID = old.ParentID
	}
	if !o.deptExistsLocked(next.ParentID) {
		return errNoDept(next.ParentID)
	}
	// A department cannot move under itself or one of its descendants.
	for p := next.ParentID; p != RootDepartmentID; p = o.depts[p].ParentID {
		if p == old.DepartmentID {
			return newErr(http.StatusBadRequest, CodeFieldValidation, "parent department can not be itself or its child")
		}
	}
	if next.Name != old.Name || next.ParentID != old.ParentID {
		if err := o.checkSiblingNameLocked(next.ParentID, next.Name, old.DepartmentID); err != nil {
			return err
		}
	}
	if next.LeaderUserID != "" && next.LeaderUserID != old.LeaderUserID {
		if _, ok := o.users[next.LeaderUserID]; !ok {
			return errNoUser(next.LeaderUserID)
		}
	}
	return nil
}

// DeleteDepartment removes an empty department (no current members, no
// children) and emits contact.department.deleted_v3.
func (o *Org) DeleteDepartment(departmentID string) error {
	return o.deleteDepartment(departmentID, "")
}

func (o *Org) deleteDepartment(departmentID, initiator string) error {
	o.mu.Lock()
	cur, ok := o.depts[departmentID]
	if !ok {
		o.mu.Unlock()
		return errNoDept(departmentID)
	}
	if len(o.children[departmentID]) > 0 {
		o.mu.Unlock()
		return newErr(http.StatusBadRequest, CodeDeptHasChildren, "delete has sub dept department error")
	}
	if len(o.members[departmentID]) > 0 {
		o.mu.Unlock()
		return newErr(http.StatusBadRequest, CodeDeptHasMembers, "delete has member dept error")
	}
	old := cur.clone()
	delete(o.depts, departmentID)
	delete(o.deptByOpen, old.OpenDepartmentID)
	delete(o.children, departmentID)
	delete(o.members, departmentID)
	o.children[old.ParentID] = removeString(o.children[old.ParentID], departmentID)
	clear(o.subtree)
	o.mu.Unlock()
	o.emit(Change{Kind: DepartmentDeleted, OldDept: &old, Initiator: initiator})
	return nil
}

// departmentIDFor resolves an id of the given type to a department_id.
func (o *Org) departmentIDFor(id, idType string) (string, bool) {
	if id == RootDepartmentID {
		return RootDepartmentID, true
	}
	o.mu.RLock()
	defer o.mu.RUnlock()
	if idType == DepartmentIDTypeDepartmentID {
		_, ok := o.depts[id]
		return id, ok
	}
	did, ok := o.deptByOpen[id]
	return did, ok
}
