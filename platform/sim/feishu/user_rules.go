package feishu

import (
	"net/http"
	"strings"
	"time"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// checkUserWrite applies the request rules of user/create and user/patch
// that the Org helpers do not:
//
//   - orders without department_ids on a patch is 44002 ("修改用户部门排序
//     （order）时，请求必须同时带上用户所属部门 ID 列表");
//   - more than 50 department_ids is 41033;
//   - an orders[] department that is not in department_ids is 41025.
func checkUserWrite(b *larkcontact.User, patch bool) error {
	if patch && len(b.Orders) > 0 && b.DepartmentIds == nil {
		return newErr(http.StatusBadRequest, CodeOrderNeedsDepts, "update order must update department together")
	}
	if len(b.DepartmentIds) > maxUserDepartments {
		return newErr(http.StatusBadRequest, CodeUserTooManyDepts, "user in too many departments error")
	}
	in := make(map[string]bool, len(b.DepartmentIds))
	for _, d := range b.DepartmentIds {
		in[d] = true
	}
	for _, o := range b.Orders {
		if o != nil && o.DepartmentId != nil && !in[*o.DepartmentId] {
			return newErr(http.StatusBadRequest, CodeOrderDeptInvalid, "order department invalid error")
		}
	}
	return nil
}

// errResigned: user/patch's "user has resigned error" ("用户已经离职，无法更新
// 信息"). user/delete's table does not list what deleting a resigned user
// answers; the simulator answers this too (UNVERIFIED for delete).
func errResigned() *Error {
	return newErr(http.StatusBadRequest, CodeUserResigned, "user has resigned error")
}

// checkAcceptors applies user/delete's 41052 "user resign acceptor is
// invalid error": every acceptor named must be a current user of the
// tenant other than the one leaving (ids in the request's user_id_type).
func (v view) checkAcceptors(self string, b *larkcontact.DeleteUserReqBody) error {
	ids := []*string{b.DepartmentChatAcceptorUserId, b.ExternalChatAcceptorUserId, b.DocsAcceptorUserId,
		b.CalendarAcceptorUserId, b.ApplicationAcceptorUserId, b.MinutesAcceptorUserId,
		b.SurveyAcceptorUserId, b.AnycrossAcceptorUserId}
	if b.EmailAcceptor != nil {
		ids = append(ids, b.EmailAcceptor.AcceptorUserId)
	}
	for _, id := range ids {
		if id == nil || *id == "" {
			continue
		}
		uid, err := v.resolveUser(*id)
		u, ok := v.org.User(uid)
		if err != nil || !ok || u.Resigned || uid == self {
			return newErr(http.StatusBadRequest, CodeAcceptorInvalid, "user resign acceptor is invalid error")
		}
	}
	return nil
}

// POST …/users/:user_id/resurrect (恢复已删除用户): the resigned user
// comes back into body.departments, or the root without them ("如果请求时
// 不传入 departments 参数，则用户将恢复至根部门"), keeping its ids.
func handleResurrectUser(c *call) (any, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	uid, err := v.resolveUser(c.params["user_id"])
	if err != nil {
		return nil, err
	}
	var b larkcontact.ResurrectUserReqBody
	if err := c.decodeBody(&b); err != nil {
		return nil, err
	}
	if len(b.Departments) > maxUserDepartments {
		return nil, errField("departments: at most %d", maxUserDepartments)
	}
	var depts []string
	for _, d := range b.Departments {
		if d == nil || d.DepartmentId == nil {
			return nil, errField("departments[].department_id is required")
		}
		did, err := v.resolveDept(*d.DepartmentId)
		if err != nil {
			return nil, err
		}
		depts = append(depts, did)
	}
	if len(depts) == 0 {
		depts = []string{RootDepartmentID}
	}
	if err := c.s.org.resurrectUser(uid, depts, c.s.clock(), c.appID); err != nil {
		return nil, err
	}
	return map[string]any{}, nil
}

// resurrectUser brings a resigned user back, as user/resurrect does:
//
//   - a user who is not resigned is 44033 "User not resigned";
//   - one who resigned more than 30 days ago is 44028 "Exceed recoverable
//     time" (a zero ResignedAt, unknown, is let through);
//   - a mobile or e-mail now used by a current user is 44030 / 44031.
//
// It emits contact.user.created_v3, as the Org does for any return from
// resignation (which event Feishu pushes for a resurrection is not
// documented on the page).
func (o *Org) resurrectUser(userID string, depts []string, now time.Time, initiator string) error {
	o.mu.RLock()
	u, ok := o.users[userID]
	var err error
	switch {
	case !ok:
		err = errNoUser(userID)
	case !u.Resigned:
		err = newErr(http.StatusBadRequest, CodeUserNotResigned, "User not resigned")
	case !u.ResignedAt.IsZero() && now.Sub(u.ResignedAt) > resurrectWindowDays*24*time.Hour:
		err = newErr(http.StatusBadRequest, CodeResurrectExpired, "Exceed recoverable time")
	case o.byMobile[u.Mobile] != "":
		err = newErr(http.StatusBadRequest, CodeResurrectMobileDup, "Mobile duplicated")
	case u.Email != "" && o.byEmail[emailKey(u.Email)] != "":
		err = newErr(http.StatusBadRequest, CodeResurrectEmailDup, "Email duplicated")
	}
	o.mu.RUnlock()
	if err != nil {
		return err
	}
	_, err = o.updateUser(userID, func(u *User) {
		u.Resigned, u.ResignedAt, u.DepartmentIDs = false, time.Time{}, depts
	}, initiator)
	return err
}

// emailKey is how the simulator compares e-mails: case-insensitively, like
// the Org's index (org_user.go). Feishu's pages say only "邮箱不可重复"; that
// it ignores case, as mail systems do for the domain and in practice for the
// local part, is UNVERIFIED. Mobiles are compared after normalizeMobile:
// the pages give "13011111111 或 +8613011111111" as the same mainland number.
func emailKey(e string) string { return strings.ToLower(e) }
