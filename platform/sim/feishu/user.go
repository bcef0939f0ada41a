package feishu

import (
	"net/http"
	"strings"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// Contact v3 user APIs; paths exactly as the SDK's apiReq.ApiPath. Static
// paths are registered before /users/:user_id so they win the match.
func (s *Server) userRoutes(add addRoute) {
	const base = "/open-apis/contact/v3/users"
	add(http.MethodGet, base+"/find_by_department", true, scopesContactRead, handleFindByDepartment)
	add(http.MethodPost, base+"/batch_get_id", true, scopesBatchGetID, handleBatchGetID)
	add(http.MethodPost, base, true, scopesContactWrite, handleCreateUser)
	add(http.MethodGet, base+"/:user_id", true, scopesContactRead, handleGetUser)
	add(http.MethodPatch, base+"/:user_id", true, scopesContactWrite, handlePatchUser)
	add(http.MethodDelete, base+"/:user_id", true, scopesContactWrite, handleDeleteUser)
	add(http.MethodPost, base+"/:user_id/resurrect", true, scopesContactWrite, handleResurrectUser)
}

// GET …/users/find_by_department: the department's direct members. Resigned
// users are not listed: real Feishu lists only current members (a resigned
// user has left every department); GET …/users/:id still finds them.
func handleFindByDepartment(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	raw := c.query.Get("department_id")
	if raw == "" {
		return nil, errField("department_id is required")
	}
	did, err := v.resolveDept(raw)
	if err != nil {
		return nil, err
	}
	if err := v.checkDept(did); err != nil {
		return nil, err
	}
	org := c.s.org
	org.mu.RLock()
	ids := org.members[did]
	from, to, next, perr := c.page("members|"+did, len(ids))
	var users []User
	if perr == nil {
		users = make([]User, 0, to-from)
		for _, id := range ids[from:to] {
			users = append(users, org.users[id].clone())
		}
	}
	org.mu.RUnlock()
	if perr != nil {
		return nil, perr
	}
	items := make([]*larkcontact.User, 0, len(users))
	for _, u := range users {
		items = append(items, v.user(u))
	}
	return listData(items, next), nil
}

func handleGetUser(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	uid, err := v.resolveUser(c.params["user_id"])
	if err != nil {
		return nil, err
	}
	u, ok := c.s.org.User(uid)
	if !ok {
		return nil, errNoUser(c.params["user_id"])
	}
	if !v.userVisible(u) {
		return nil, errUserOutOfRange(c.params["user_id"])
	}
	return map[string]any{"user": v.user(u)}, nil
}

// userPatch resolves a request body (ids of the request's id types) and
// returns a function applying its writable fields; see deptPatch for why.
func (v view) userPatch(b *larkcontact.User) (func(*User), error) {
	var depts []string
	if b.DepartmentIds != nil {
		for _, d := range b.DepartmentIds {
			did, err := v.resolveDept(d)
			if err != nil {
				return nil, err
			}
			depts = append(depts, did)
		}
		// orders[].is_primary_dept picks the primary department.
		for _, o := range b.Orders {
			if o != nil && o.IsPrimaryDept != nil && *o.IsPrimaryDept && o.DepartmentId != nil {
				if p, err := v.resolveDept(*o.DepartmentId); err == nil {
					for i, d := range depts {
						if d == p {
							depts[0], depts[i] = depts[i], depts[0]
						}
					}
				}
			}
		}
	}
	var leader *string
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
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	return func(u *User) {
		set(&u.Name, b.Name)
		set(&u.EnName, b.EnName)
		set(&u.Email, b.Email)
		set(&u.Mobile, b.Mobile)
		set(&u.City, b.City)
		set(&u.EmployeeNo, b.EmployeeNo)
		set(&u.JobTitle, b.JobTitle)
		if b.Gender != nil {
			u.Gender = *b.Gender
		}
		// custom_attrs, when sent, is the user's list, as department_ids
		// is: the user/patch page says only that parameters not sent are
		// not updated (未传递的参数不会更新), not that a list merges with
		// what is stored, so the simulator takes the strict reading (an
		// attribute left out of a sent list is cleared) and a writer that
		// sends only what changed loses the others here rather than in a
		// customer's directory.
		if b.CustomAttrs != nil {
			u.CustomAttrs = nil
		}
		for _, a := range b.CustomAttrs {
			if a == nil || a.Id == nil || a.Value == nil || a.Value.Text == nil {
				continue
			}
			if u.CustomAttrs == nil {
				u.CustomAttrs = map[string]string{}
			}
			u.CustomAttrs[*a.Id] = *a.Value.Text
		}
		if b.EmployeeType != nil {
			u.EmployeeType = *b.EmployeeType
		}
		if b.JoinTime != nil {
			u.JoinTime = int64(*b.JoinTime)
		}
		if b.IsFrozen != nil {
			u.Frozen = *b.IsFrozen
		}
		if depts != nil {
			u.DepartmentIDs = depts
		}
		if leader != nil {
			u.LeaderUserID = *leader
		}
	}, nil
}

// POST …/users (query client_token). employee_type is required, as in the
// API doc. The response leaves out the mobile, as the doc says it does.
func handleCreateUser(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	var b larkcontact.User
	if err := c.decodeBody(&b); err != nil {
		return nil, err
	}
	render := func(uid string) any {
		u, _ := c.s.org.User(uid)
		w := v.user(u)
		w.Mobile = nil
		return map[string]any{"user": w}
	}
	if b.EmployeeType == nil {
		return nil, errField("employee_type is required")
	}
	if len(b.DepartmentIds) == 0 {
		return nil, newErr(http.StatusBadRequest, CodeDepartmentRequired, "department is required error")
	}
	// A repeated client_token is answered before the rules run: the first
	// attempt's user would otherwise refuse its own retry (41001).
	id, _, err := c.s.createOnce(c, "user", func() (string, error) {
		if err := checkUserWrite(&b, false); err != nil {
			return "", err
		}
		apply, err := v.userPatch(&b)
		if err != nil {
			return "", err
		}
		var u User
		apply(&u)
		if b.UserId != nil {
			u.UserID = *b.UserId
		}
		created, err := c.s.org.createUser(u, c.appID)
		return created.UserID, err
	})
	if err != nil {
		return nil, err
	}
	return render(id), nil
}

func handlePatchUser(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	uid, err := v.resolveUser(c.params["user_id"])
	if err != nil {
		return nil, err
	}
	var b larkcontact.User
	if err := c.decodeBody(&b); err != nil {
		return nil, err
	}
	if cur, _ := c.s.org.User(uid); cur.Resigned {
		return nil, errResigned()
	}
	if err := checkUserWrite(&b, true); err != nil {
		return nil, err
	}
	apply, err := v.userPatch(&b)
	if err != nil {
		return nil, err
	}
	u, err := c.s.org.updateUser(uid, apply, c.appID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"user": v.user(u)}, nil
}

// DELETE …/users/:user_id resigns the user. The body's resource acceptors
// are checked (41052) but nothing is transferred: the simulator holds no
// chats, documents or calendars.
func handleDeleteUser(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	uid, err := v.resolveUser(c.params["user_id"])
	if err != nil {
		return nil, err
	}
	var b larkcontact.DeleteUserReqBody
	if err := c.decodeBody(&b); err != nil {
		return nil, err
	}
	if err := v.checkAcceptors(uid, &b); err != nil {
		return nil, err
	}
	if err := c.s.org.deleteUser(uid, c.s.clock(), c.appID); err != nil {
		return nil, err
	}
	c.s.handOver(v, uid, &b)
	return map[string]any{}, nil
}

const maxBatchGetID = 50

// POST …/users/batch_get_id: one result per email and per mobile, in request
// order (so the count is len(emails)+len(mobiles)); unknown ones carry no
// user_id. Resigned users only with include_resigned.
func handleBatchGetID(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	var b larkcontact.BatchGetIdUserReqBody
	if err := c.decodeBody(&b); err != nil {
		return nil, err
	}
	if len(b.Emails) > maxBatchGetID || len(b.Mobiles) > maxBatchGetID {
		return nil, errField("emails and mobiles are limited to %d each", maxBatchGetID)
	}
	withResigned := b.IncludeResigned != nil && *b.IncludeResigned
	org := c.s.org
	list := make([]*larkcontact.UserContactInfo, 0, len(b.Emails)+len(b.Mobiles))
	for _, e := range b.Emails {
		info := &larkcontact.UserContactInfo{Email: ptr(e)}
		if u, ok := org.lookupContact(strings.ToLower(strings.TrimSpace(e)), false, withResigned); ok && v.userVisible(u) {
			info.UserId, info.Status = ptr(v.userRef(u.UserID)), userStatus(u)
		}
		list = append(list, info)
	}
	for _, m := range b.Mobiles {
		info := &larkcontact.UserContactInfo{Mobile: ptr(m)}
		if n, ok := normalizeMobile(m); ok {
			if u, ok := org.lookupContact(n, true, withResigned); ok && v.userVisible(u) {
				info.UserId, info.Status = ptr(v.userRef(u.UserID)), userStatus(u)
			}
		}
		list = append(list, info)
	}
	return map[string]any{"user_list": list}, nil
}
