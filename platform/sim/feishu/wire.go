package feishu

import (
	"encoding/base64"
	"fmt"
	"sort"
	"strconv"
	"strings"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// ID types accepted in user_id_type / department_id_type.
const (
	UserIDTypeOpenID  = "open_id" // default
	UserIDTypeUnionID = "union_id"
	UserIDTypeUserID  = "user_id"

	DepartmentIDTypeOpen         = "open_department_id" // default
	DepartmentIDTypeDepartmentID = "department_id"
)

// Page sizes of the contact list APIs. Feishu documents default 10, max 50
// (open.feishu.cn/document/server-docs/contact-v3/department/children and
// …/contact-v3/user/find_by_department); the simulator rejects anything
// above 50 with 40011 rather than clamping.
const (
	defaultPageSize = 10
	maxPageSize     = 50
)

// view renders directory objects for one request: the SDK's own model
// structs are the wire contract, so their JSON tags name every field.
type view struct {
	org      *Org
	appID    string
	userType string
	deptType string
	// scope is the app's contact range: the departments whose subtrees it
	// grants; nil means all members (a range of users only is empty).
	scope map[string]bool
	// scopeUsers are the users the range grants one by one.
	scopeUsers map[string]bool
	// userIDs says whether the app may read user_id fields (the field
	// permission contact:user.employee_id:readonly); without it they are
	// left out of every object.
	userIDs bool
}

// newView is the view of an app with its contact range and field permissions.
func (s *Server) newView(appID, userType, deptType string) view {
	v := view{org: s.org, appID: appID, userType: userType, deptType: deptType,
		userIDs: s.HasScope(appID, ScopeEmployeeIDRead)}
	v.scope, v.scopeUsers = s.contactRange(appID)
	return v
}

// view reads and validates user_id_type and department_id_type.
func (c *call) view() (view, error) {
	v := c.s.newView(c.appID, UserIDTypeOpenID, DepartmentIDTypeOpen)
	if t := c.query.Get("user_id_type"); t != "" {
		if t != UserIDTypeOpenID && t != UserIDTypeUnionID && t != UserIDTypeUserID {
			return v, errField("user_id_type: invalid value %q", t)
		}
		v.userType = t
	}
	if t := c.query.Get("department_id_type"); t != "" {
		if t != DepartmentIDTypeOpen && t != DepartmentIDTypeDepartmentID {
			return v, errField("department_id_type: invalid value %q", t)
		}
		v.deptType = t
	}
	return v, nil
}

// userRef renders a user id in the view's type; "" when the type is user_id
// and the app may not read user ids (the field is then left out).
func (v view) userRef(userID string) string {
	switch v.userType {
	case UserIDTypeUserID:
		if !v.userIDs {
			return ""
		}
		return userID
	case UserIDTypeUnionID:
		return unionID(v.org.developer, userID)
	}
	return OpenID(v.appID, userID)
}

func (v view) deptRef(departmentID string) string {
	if v.deptType == DepartmentIDTypeDepartmentID {
		return departmentID
	}
	return openDepartmentID(v.org.tenantKey, departmentID)
}

// resolveUser turns an id of the request's user_id_type into a user_id.
func (v view) resolveUser(id string) (string, error) {
	uid, ok := v.org.userIDFor(id, v.userType, v.appID)
	if !ok {
		return "", errNoUser(id)
	}
	return uid, nil
}

// resolveDept turns an id of the request's department_id_type into a
// department_id ("0" is the root in both types).
func (v view) resolveDept(id string) (string, error) {
	did, ok := v.org.departmentIDFor(id, v.deptType)
	if !ok {
		return "", errNoDept(id)
	}
	return did, nil
}

func ptr[T any](v T) *T { return &v }

// department renders d. member_count is the number of current direct
// members; whether Feishu counts sub-departments' members too is
// UNVERIFIED (the SDK comment only says "部门下用户的个数").
func (v view) department(d Department, memberCount int) *larkcontact.Department {
	out := &larkcontact.Department{
		Name:               ptr(d.Name),
		I18nName:           &larkcontact.DepartmentI18nName{ZhCn: ptr(d.Name)},
		ParentDepartmentId: ptr(v.deptRef(d.ParentID)),
		DepartmentId:       ptr(d.DepartmentID),
		OpenDepartmentId:   ptr(d.OpenDepartmentID),
		Order:              ptr(strconv.Itoa(d.Order)),
		MemberCount:        ptr(memberCount),
		PrimaryMemberCount: ptr(memberCount),
		Status:             &larkcontact.DepartmentStatus{IsDeleted: ptr(false)},
	}
	if d.EnName != "" {
		out.I18nName.EnUs = ptr(d.EnName)
	}
	if ref := v.userRef(d.LeaderUserID); d.LeaderUserID != "" && ref != "" {
		out.LeaderUserId = ptr(ref)
		out.Leaders = []*larkcontact.DepartmentLeader{{LeaderType: ptr(1), LeaderID: ptr(ref)}}
	}
	return out
}

// root renders department "0": the tenant itself.
func (v view) root(memberCount int) *larkcontact.Department {
	return &larkcontact.Department{
		Name:             ptr(v.org.name),
		I18nName:         &larkcontact.DepartmentI18nName{ZhCn: ptr(v.org.name)},
		DepartmentId:     ptr(RootDepartmentID),
		OpenDepartmentId: ptr(RootDepartmentID),
		MemberCount:      ptr(memberCount),
		Status:           &larkcontact.DepartmentStatus{IsDeleted: ptr(false)},
	}
}

func (v view) user(u User) *larkcontact.User {
	out := &larkcontact.User{
		UnionId:         ptr(unionID(v.org.developer, u.UserID)),
		UserId:          ptr(u.UserID),
		OpenId:          ptr(OpenID(v.appID, u.UserID)),
		Name:            ptr(u.Name),
		EnName:          ptr(u.EnName),
		Mobile:          ptr(u.Mobile),
		MobileVisible:   ptr(true),
		Gender:          ptr(u.Gender),
		Status:          userStatus(u),
		DepartmentIds:   []string{},
		City:            ptr(u.City),
		JoinTime:        ptr(int(u.JoinTime)),
		EmployeeNo:      ptr(u.EmployeeNo),
		EmployeeType:    ptr(u.EmployeeType),
		JobTitle:        ptr(u.JobTitle),
		IsTenantManager: ptr(false),
	}
	if u.Email != "" {
		out.Email = ptr(u.Email)
	}
	ids := make([]string, 0, len(u.CustomAttrs))
	for id := range u.CustomAttrs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		out.CustomAttrs = append(out.CustomAttrs, &larkcontact.UserCustomAttr{Type: ptr("TEXT"), Id: ptr(id),
			Value: &larkcontact.UserCustomAttrValue{Text: ptr(u.CustomAttrs[id])}})
	}
	for i, d := range u.DepartmentIDs {
		ref := v.deptRef(d)
		out.DepartmentIds = append(out.DepartmentIds, ref)
		out.Orders = append(out.Orders, &larkcontact.UserOrder{DepartmentId: ptr(ref), UserOrder: ptr(0),
			DepartmentOrder: ptr(len(u.DepartmentIDs) - i), IsPrimaryDept: ptr(i == 0)})
	}
	if ref := v.userRef(u.LeaderUserID); u.LeaderUserID != "" && ref != "" {
		out.LeaderUserId = ptr(ref)
	}
	if !v.userIDs {
		out.UserId = nil
	}
	return out
}

func userStatus(u User) *larkcontact.UserStatus {
	return &larkcontact.UserStatus{IsFrozen: ptr(u.Frozen), IsResigned: ptr(u.Resigned),
		IsActivated: ptr(!u.Resigned), IsExited: ptr(false), IsUnjoin: ptr(false)}
}

// Page tokens are opaque to clients but carry what they page over, so a
// token replayed against another list is rejected (40012) instead of
// silently paging the wrong list.
func encodePageToken(scope string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("v1|%s|%d", scope, offset)))
}

func decodePageToken(tok, scope string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(b), "v1|"+scope+"|")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// page reads page_size/page_token and returns the window [from, to) of a
// list of length n plus the next token ("" = last page).
func (c *call) page(scope string, n int) (from, to int, next string, err error) {
	size := defaultPageSize
	if ps := c.query.Get("page_size"); ps != "" {
		size, err = strconv.Atoi(ps)
		if err != nil || size < 1 || size > maxPageSize {
			return 0, 0, "", errPageSize()
		}
	}
	if tok := c.query.Get("page_token"); tok != "" {
		var ok bool
		if from, ok = decodePageToken(tok, scope); !ok {
			return 0, 0, "", errPageToken()
		}
	}
	if from > n {
		from = n
	}
	to = min(from+size, n)
	if to < n {
		next = encodePageToken(scope, to)
	}
	return from, to, next, nil
}

// listData is the {has_more, page_token, items} shape; page_token is omitted
// on the last page so the SDK iterators (which stop on a nil token) end.
func listData[T any](items []T, next string) map[string]any {
	out := map[string]any{"has_more": next != "", "items": items}
	if next != "" {
		out["page_token"] = next
	}
	return out
}
