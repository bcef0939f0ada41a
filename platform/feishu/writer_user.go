package feishu

import (
	"context"
	"errors"
	"fmt"
	"time"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

// User writes (platform.DirectoryWriter) on contact v3, with
// user_id_type=user_id and department_id_type=department_id. Limits:
// create, patch and delete 1000/min & 50/s; a patch setting department_ids
// or is_frozen (moves, enables, disables) also 1 per second; resurrect 10
// per minute (documentedLimits). Scope: contact:contact; the user's
// departments must be inside the app's contact range (40004, 41050).

// genderCodes is user.gender: "0 保密, 1 男, 2 女, 3 其他" (user/patch).
var genderCodes = map[platform.Gender]int{
	platform.GenderUnknown: 0, platform.GenderMale: 1, platform.GenderFemale: 2, platform.GenderOther: 3,
}

func genderCode(g platform.Gender) (int, error) {
	n, ok := genderCodes[g]
	if !ok {
		return 0, fmt.Errorf("gender %q is not one of unknown, male, female, other", g)
	}
	return n, nil
}

// memberships renders department_ids and orders: the primary department
// first, with the highest department_order ("主部门为用户所属部门中排序第一的
// 部门(department_order最大)", user/create; 41410 otherwise), and the user's
// user_order in each.
func memberships(m platform.Memberships) ([]string, []*larkcontact.UserOrder) {
	ids := m.DepartmentIDs()
	orders := make([]*larkcontact.UserOrder, 0, len(ids))
	for i, d := range ids {
		orders = append(orders, larkcontact.NewUserOrderBuilder().DepartmentId(d).UserOrder(m.Orders[d]).
			DepartmentOrder(len(ids)-i).IsPrimaryDept(i == 0).Build())
	}
	return ids, orders
}

// CreateUser: POST /open-apis/contact/v3/users?client_token=… (SDK
// User.Create; page user/create), body user_id (when set), name, en_name,
// mobile, email, employee_no, job_title, gender, custom_attrs (TEXT, by
// attribute id), employee_type (required by
// the API; 0 sends 1, full-time), department_ids, orders. Feishu invites
// the person by SMS or e-mail. The response leaves the mobile out ("返回
// 数据中不返回手机号"); the returned user carries the one sent.
//
// The client_token is derived from key. A repeat of the same request
// returns the user created then; should Feishu answer it with 41053 "user
// has already exist" (or 41011 for the user_id it was given), the user is
// looked up by u.ID, else by mobile, else by e-mail (batch_get_id), and
// returned when the name (and mobile, when set) is the one asked for.
//
// Refusals: 41001 / 41002 mobile / e-mail taken (a bare mainland number is
// the +86 one), 41004 / 41005 invalid, 41006 no name, 41010 no mobile,
// 41011 user_id taken, 41033 more than 50 departments, 41059 employee
// type, 44051 employee number taken, 40004 a department outside the
// contact range.
func (c *Client) CreateUser(ctx context.Context, key string, u platform.NewUser) (platform.DirUser, error) {
	if err := checkKey("create user", key); err != nil {
		return platform.DirUser{}, err
	}
	if u.Name == "" || u.Primary == "" {
		return platform.DirUser{}, errors.New("feishu create user: name and primary department are required")
	}
	b := larkcontact.NewUserBuilder().Name(u.Name).EmployeeType(max(u.EmployeeType, 1))
	if u.ID != "" {
		b.UserId(u.ID)
	}
	setText(b.EnName, u.EnName)
	setText(b.Mobile, u.Mobile)
	setText(b.Email, u.Email)
	setText(b.EmployeeNo, u.EmployeeNo)
	setText(b.JobTitle, u.Title)
	if u.Gender != "" {
		g, err := genderCode(u.Gender)
		if err != nil {
			return platform.DirUser{}, fmt.Errorf("feishu create user %q: %w", u.Name, err)
		}
		b.Gender(g)
	}
	if attrs := nonEmpty(u.Attributes); len(attrs) > 0 {
		b.CustomAttrs(customAttrsBody(attrs))
	}
	ids, orders := memberships(u.Memberships)
	body := b.DepartmentIds(ids).Orders(orders).Build()
	token := clientToken("user", key)
	var out *larkcontact.User
	err := c.write(ctx, APICreateUser, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewCreateUserReqBuilder().UserIdType(userIDType).DepartmentIdType(deptIDType).
			ClientToken(token).User(body).Build()
		r, err := c.lark.Contact.V3.User.Create(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil {
			out = r.Data.User
		}
		return r.ApiResp, r.CodeError, nil
	})
	switch code := platformCode(err); {
	case err == nil && out != nil:
		created := user(out)
		if created.Mobile == "" {
			created.Mobile = u.Mobile
		}
		return created, nil
	case err == nil:
		return platform.DirUser{}, fmt.Errorf("feishu create user %q: response without a user", u.Name)
	case code == codeUserAlreadyExists, code == codeUserIDExists && u.ID != "":
		if found, ok := c.existingUser(ctx, u); ok {
			return found, nil
		}
	}
	return platform.DirUser{}, fmt.Errorf("feishu create user %q: %w", u.Name, err)
}

// nonEmpty drops attributes without a value: a create has nothing to
// clear.
func nonEmpty(attrs map[string]string) map[string]string {
	out := make(map[string]string, len(attrs))
	for k, v := range attrs {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

func setText(set func(string) *larkcontact.UserBuilder, v string) {
	if v != "" {
		set(v)
	}
}

// existingUser finds the user a create was refused as existing, when it is
// the person asked for.
func (c *Client) existingUser(ctx context.Context, u platform.NewUser) (platform.DirUser, bool) {
	id := u.ID
	if id == "" && (u.Mobile != "" || u.Email != "") {
		var mobiles, emails []string
		if u.Mobile != "" {
			mobiles = []string{u.Mobile}
		} else {
			emails = []string{u.Email}
		}
		m, err := c.BatchGetID(ctx, mobiles, emails)
		if err != nil || len(m) != 1 {
			return platform.DirUser{}, false
		}
		id = m[0].UserID
	}
	if id == "" {
		return platform.DirUser{}, false
	}
	got, err := c.User(ctx, id)
	same := err == nil && got.Name == u.Name && (u.Mobile == "" || got.Mobile == u.Mobile)
	return got, same
}

// UpdateUser: PATCH /open-apis/contact/v3/users/:user_id (SDK User.Patch;
// page user/patch) with the fields set in p; absent ones are not changed.
// p.Attributes go as custom_attrs of type TEXT, with the user's other
// custom attributes as read just before (mergedCustomAttrs): the page says
// only that parameters not sent are not updated (未传递的参数不会更新), so
// a custom_attrs that is sent is the user's list, as department_ids is,
// and the others must go with it to stay.
// Refusals: 41001 / 41002 mobile / e-mail taken, 41004 / 41005 invalid,
// 42006 the user has resigned, 44051 employee number taken, 41050 the user
// outside the contact range; 44025 (concurrent update) is retried.
func (c *Client) UpdateUser(ctx context.Context, key, id string, p platform.UserPatch) (platform.DirUser, error) {
	if err := checkKey("update user", key); err != nil {
		return platform.DirUser{}, err
	}
	b := larkcontact.NewUserBuilder()
	for _, f := range []struct {
		v   *string
		set func(string) *larkcontact.UserBuilder
	}{{p.Name, b.Name}, {p.EnName, b.EnName}, {p.Mobile, b.Mobile}, {p.Email, b.Email},
		{p.EmployeeNo, b.EmployeeNo}, {p.Title, b.JobTitle}} {
		if f.v != nil {
			f.set(*f.v)
		}
	}
	if p.Name != nil && *p.Name == "" {
		return platform.DirUser{}, errors.New("feishu update user: the name cannot be empty")
	}
	if p.Gender != nil {
		g, err := genderCode(*p.Gender)
		if err != nil {
			return platform.DirUser{}, fmt.Errorf("feishu update user %s: %w", id, err)
		}
		b.Gender(g)
	}
	if len(p.Attributes) > 0 {
		cur, err := c.rawUser(ctx, id)
		if err != nil {
			return platform.DirUser{}, fmt.Errorf("feishu update user %s: reading its custom attributes: %w", id, err)
		}
		b.CustomAttrs(mergedCustomAttrs(cur.CustomAttrs, p.Attributes))
	}
	return c.patchUser(ctx, "update", id, b.Build(), false)
}

// MoveUser: PATCH …/users/:user_id with department_ids and orders (the
// primary department first and flagged is_primary_dept), 1 per second.
// Refusals: 41033 more than 50 departments, 41025 / 44002 orders that do
// not match the departments, 40004 a department outside the contact range,
// 42006 the user has resigned.
func (c *Client) MoveUser(ctx context.Context, key, id string, m platform.Memberships) (platform.DirUser, error) {
	if err := checkKey("move user", key); err != nil {
		return platform.DirUser{}, err
	}
	if m.Primary == "" {
		return platform.DirUser{}, errors.New("feishu move user: the primary department is required")
	}
	ids, orders := memberships(m)
	return c.patchUser(ctx, "move", id, larkcontact.NewUserBuilder().DepartmentIds(ids).Orders(orders).Build(), true)
}

// DisableUser and EnableUser: PATCH …/users/:user_id with is_frozen
// ("是否暂停用户"; status.is_frozen reads back as platform.UserDisabled),
// 1 per second. Repeating either leaves the user as it is. Refusals: 42006
// the user has resigned, 44036 freezing the tenant's founder.
func (c *Client) DisableUser(ctx context.Context, key, id string) error {
	return c.setFrozen(ctx, key, id, true)
}

// EnableUser lifts DisableUser.
func (c *Client) EnableUser(ctx context.Context, key, id string) error {
	return c.setFrozen(ctx, key, id, false)
}

func (c *Client) setFrozen(ctx context.Context, key, id string, frozen bool) error {
	op := map[bool]string{true: "disable", false: "enable"}[frozen]
	if err := checkKey(op+" user", key); err != nil {
		return err
	}
	_, err := c.patchUser(ctx, op, id, larkcontact.NewUserBuilder().IsFrozen(frozen).Build(), true)
	return err
}

// patchUser sends one user/patch. membership: the body sets department_ids
// or is_frozen, so every attempt also waits on that 1-per-second budget.
func (c *Client) patchUser(ctx context.Context, op, id string, body *larkcontact.User, membership bool) (platform.DirUser, error) {
	var out *larkcontact.User
	err := c.write(ctx, APIPatchUser, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		if membership {
			if err := c.limiter.Wait(ctx, c.limitKey(APIPatchUserMembership), c.limitsFor(APIPatchUserMembership)...); err != nil {
				return nil, larkcore.CodeError{}, fmt.Errorf("rate limiter: %w", err)
			}
		}
		req := larkcontact.NewPatchUserReqBuilder().UserId(id).UserIdType(userIDType).DepartmentIdType(deptIDType).
			User(body).Build()
		r, err := c.lark.Contact.V3.User.Patch(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil {
			out = r.Data.User
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil {
		return platform.DirUser{}, fmt.Errorf("feishu %s user %s: %w", op, id, err)
	}
	if out == nil {
		return c.User(ctx, id)
	}
	return user(out), nil
}

// DeleteUser: DELETE /open-apis/contact/v3/users/:user_id (SDK
// User.Delete; page user/delete), body the resource acceptors
// (department_chat_, external_chat_, docs_, calendar_, application_,
// minutes_, survey_, anycross_acceptor_user_id; email_acceptor with
// processing_type 1, transfer). Feishu keeps the user as resigned.
// Refusals: 41052 an acceptor is not a current user, 44037 a tenant
// administrator, 40004 / 41050 outside the contact range.
//
// A delete repeated after its reply was lost is refused (the page does
// not say with which code; the simulator answers 42006): on a refusal the
// user is read, and one already resigned means the work is done.
func (c *Client) DeleteUser(ctx context.Context, key, id string, a platform.ResourceAcceptors) error {
	if err := checkKey("delete user", key); err != nil {
		return err
	}
	b := larkcontact.NewDeleteUserReqBodyBuilder()
	for _, f := range []struct {
		v   string
		set func(string) *larkcontact.DeleteUserReqBodyBuilder
	}{{a.DepartmentChats, b.DepartmentChatAcceptorUserId}, {a.ExternalChats, b.ExternalChatAcceptorUserId},
		{a.Docs, b.DocsAcceptorUserId}, {a.Calendar, b.CalendarAcceptorUserId},
		{a.Applications, b.ApplicationAcceptorUserId}, {a.Minutes, b.MinutesAcceptorUserId},
		{a.Surveys, b.SurveyAcceptorUserId}, {a.Anycross, b.AnycrossAcceptorUserId}} {
		if f.v != "" {
			f.set(f.v)
		}
	}
	if a.Email != "" {
		b.EmailAcceptor(larkcontact.NewResourceAcceptorBuilder().ProcessingType("1").AcceptorUserId(a.Email).Build())
	}
	body := b.Build()
	err := c.write(ctx, APIDeleteUser, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewDeleteUserReqBuilder().UserId(id).UserIdType(userIDType).Body(body).Build()
		r, err := c.lark.Contact.V3.User.Delete(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil && platformCode(err) != 0 {
		if u, rerr := c.User(ctx, id); rerr == nil && u.Status == platform.UserResigned {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("feishu delete user %s: %w", id, err)
	}
	return nil
}

// ResurrectUser: POST /open-apis/contact/v3/users/:user_id/resurrect (SDK
// User.Resurrect; page user/resurrect), body departments (department_id,
// user_order, department_order; none: Feishu restores into the root), 10
// per minute. Only users resigned within 30 days; Feishu does not restore
// memberships, transferred resources or admin roles. Refusals: 44028 more
// than 30 days, 44030 / 44031 / 44032 mobile / e-mail / user_id taken by a
// current user, 44034 resignation still in progress.
//
// A restore repeated after its reply was lost is refused with 44033 "User
// not resigned": on a refusal the user is read, and one no longer resigned
// means the work is done. The page warns that by user_id a current user
// holding the same user_id answers 44033 too; the engine restores only
// user_ids its fetch finds resigned, so that holder would have to appear
// between its fetch and this call.
// RestoreWindow is how long after deletion ResurrectUser still works
// (platform.UserRestorer): 30 days, page user/resurrect.
func (c *Client) RestoreWindow() time.Duration { return 30 * 24 * time.Hour }

func (c *Client) ResurrectUser(ctx context.Context, key, id string, m platform.Memberships) error {
	if err := checkKey("resurrect user", key); err != nil {
		return err
	}
	b := larkcontact.NewResurrectUserReqBodyBuilder()
	if ids := m.DepartmentIDs(); len(ids) > 0 {
		infos := make([]*larkcontact.UserDepartmentInfo, 0, len(ids))
		for i, d := range ids {
			infos = append(infos, larkcontact.NewUserDepartmentInfoBuilder().DepartmentId(d).
				UserOrder(m.Orders[d]).DepartmentOrder(len(ids)-i).Build())
		}
		b.Departments(infos)
	}
	body := b.Build()
	err := c.write(ctx, APIResurrectUser, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		req := larkcontact.NewResurrectUserReqBuilder().UserId(id).UserIdType(userIDType).DepartmentIdType(deptIDType).
			Body(body).Build()
		r, err := c.lark.Contact.V3.User.Resurrect(ctx, req)
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil && platformCode(err) != 0 {
		if u, rerr := c.User(ctx, id); rerr == nil && u.Status != platform.UserResigned {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("feishu resurrect user %s: %w", id, err)
	}
	return nil
}
