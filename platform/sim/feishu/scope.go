package feishu

import (
	"net/http"
	"slices"
)

// GET /open-apis/contact/v3/scopes (获取通讯录授权范围): the app's contact
// range as department_ids, user_ids and group_ids, paged with page_size and
// page_token. With all members Feishu answers every top-level department
// and the users directly under the root (the SDK's field comments:
// 授权范围为全员可见时返回的是当前企业的所有一级部门列表 / 所有顶级部门用户
// 列表); user_ids only when the app may read user ids. A narrower range
// answers the departments and the users it grants (the page: 只返回在通讯录
// 权限范围内的部门列表（不包含部门内的子部门以及用户）、用户列表或用户组列表),
// not the members of the granted departments. group_ids: the simulator has
// no user groups. UNVERIFIED: how Feishu splits the two lists across pages; here they are
// one list, departments first.
func (s *Server) scopeRoutes(add addRoute) {
	add(http.MethodGet, "/open-apis/contact/v3/scopes", true, scopesContactRead, handleListScopes)
}

func handleListScopes(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	var depts, users []string
	if v.scope == nil {
		depts = c.s.org.Children(RootDepartmentID)
		users = c.s.org.Members(RootDepartmentID)
	} else {
		for id := range v.scope {
			if _, ok := c.s.org.Department(id); ok {
				depts = append(depts, id)
			}
		}
		for id := range v.scopeUsers {
			if _, ok := c.s.org.User(id); ok {
				users = append(users, id)
			}
		}
		slices.Sort(depts)
		slices.Sort(users)
	}
	from, to, next, err := c.page("scopes", len(depts)+len(users))
	if err != nil {
		return nil, err
	}
	deptIDs, userIDs := []string{}, []string{}
	for i := from; i < to; i++ {
		if i < len(depts) {
			deptIDs = append(deptIDs, v.deptRef(depts[i]))
		} else if ref := v.userRef(users[i-len(depts)]); ref != "" {
			userIDs = append(userIDs, ref)
		}
	}
	out := map[string]any{"department_ids": deptIDs, "user_ids": userIDs, "group_ids": []string{}, "has_more": next != ""}
	if next != "" {
		out["page_token"] = next
	}
	return out, nil
}
