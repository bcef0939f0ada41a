package feishu

// The contact range (通讯录权限范围) of an app: the departments whose
// subtrees it may read with a tenant token, or all members. Feishu checks it
// on every contact call (the find_by_department and department/get pages):
// department "0" needs all members, any other department must be inside
// the range (40004, HTTP 403), a user must be in a department inside it
// (41050). Field permissions work differently: a field the app may not read
// is left out of the object (contact:user.employee_id:readonly for user_id,
// "获取用户 user ID"), the request itself succeeds.

// SetContactRange limits what an app may read to the subtrees of the given
// departments (department_ids), keeping the users granted one by one; no
// ids and no users means all members again.
func (s *Server) SetContactRange(appID string, departmentIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.apps[appID]; ok {
		a.ContactRange = append([]string(nil), departmentIDs...)
	}
}

// SetContactRangeUsers sets the users (user_ids) an app's range grants one
// by one, keeping its departments.
func (s *Server) SetContactRangeUsers(appID string, userIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.apps[appID]; ok {
		a.ContactRangeUsers = append([]string(nil), userIDs...)
	}
}

// contactRange returns the app's range as sets of departments and users;
// depts is nil for all members (and empty, not nil, for a range of users
// only).
func (s *Server) contactRange(appID string) (depts, users map[string]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[appID]
	if !ok || len(a.ContactRange)+len(a.ContactRangeUsers) == 0 {
		return nil, nil
	}
	depts = make(map[string]bool, len(a.ContactRange))
	for _, id := range a.ContactRange {
		depts[id] = true
	}
	users = make(map[string]bool, len(a.ContactRangeUsers))
	for _, id := range a.ContactRangeUsers {
		users[id] = true
	}
	return depts, users
}

// deptVisible says whether the view's app may read department did: with
// all members every department (and the root); otherwise did or one of its
// ancestors must be in the range, and never the root.
func (v view) deptVisible(did string) bool {
	if v.scope == nil {
		return true
	}
	v.org.mu.RLock()
	defer v.org.mu.RUnlock()
	return v.org.withinLocked(did, v.scope)
}

// userVisible says whether the view's app may read a user: the range
// grants the user, or one of its departments.
func (v view) userVisible(u User) bool {
	if v.scope == nil || v.scopeUsers[u.UserID] {
		return true
	}
	v.org.mu.RLock()
	defer v.org.mu.RUnlock()
	for _, d := range u.DepartmentIDs {
		if v.org.withinLocked(d, v.scope) {
			return true
		}
	}
	return false
}

// withinLocked walks from did up to the root looking for a department of set.
func (o *Org) withinLocked(did string, set map[string]bool) bool {
	for n := 0; did != RootDepartmentID && n <= maxDepartmentDepth; n++ {
		if set[did] {
			return true
		}
		d, ok := o.depts[did]
		if !ok {
			return false
		}
		did = d.ParentID
	}
	return false
}

// checkDept refuses a department outside the range with 40004.
func (v view) checkDept(did string) error {
	if !v.deptVisible(did) {
		return errNoDept(did)
	}
	return nil
}
