package wecom

import (
	"context"
	"errors"
	"strconv"

	"imbridge/platform"
)

// Capability names reported by Probe.
const (
	CapContactRead  = "contact_read"
	CapContactWrite = "contact_write"
	CapMessageSend  = "message_send"
	CapLiving       = "living"
	// CapContactMobile: members come with their mobile (apps created
	// before 2022-06-20, or members who authorised the app).
	CapContactMobile = "contact_mobile"
)

// Capability is what app verification shows for one ability: OK, or
// WeCom's errcode and errmsg saying why not.
type Capability struct {
	Name string
	OK   bool
	Code int
	Msg  string
}

// probeUser has a userid's shape and belongs to nobody.
const probeUser = "imbridge-probe-nobody"

// refusesApp: errcodes that refuse the app rather than the probe's object
// (credentials, IP, API permission, app disabled): codes.go's credentials
// and permission classes.
func refusesApp(code int) bool {
	c, _ := classify(code)
	return c.Refusal()
}

// Probe gets a token (refused credentials: *platform.Error) and checks,
// without changing anything:
//   - contact_read: department/get of the root (a narrower visible range
//     gives 60011: reported with what to change);
//   - contact_mobile: whether user/list gives mobiles or e-mails (apps
//     created after 2022-06-20 get none: MissingContactReason);
//   - contact_write: user/update of a userid nobody has: 60111 proves the
//     write API is open to this secret, 48002 that it is not (only the
//     通讯录同步 secret may write);
//   - message_send: message/send to that userid: 81013 (nobody valid)
//     proves the app may send; needs the AgentId;
//   - living: get_user_all_livingid of that userid: anything but a refusal
//     of the app (48002: not in 直播 › 可调用接口的应用) proves it.
func (c *Client) Probe(ctx context.Context) ([]Capability, error) {
	if _, err := c.Token(ctx); err != nil {
		return nil, err
	}
	read := c.probe(CapContactRead, true, c.do(ctx, APIDepartmentGet, map[string][]string{"id": {"1"}}, nil, nil))
	mobile := Capability{Name: CapContactMobile}
	if read.OK {
		mobile = c.probeMobile(ctx)
	}
	write := c.probe(CapContactWrite, false, c.do(ctx, APIUserUpdate, nil, UserUpdate{UserID: probeUser}, nil))
	send := Capability{Name: CapMessageSend, Msg: "the app has no AgentId (the 通讯录同步 secret cannot send messages)"}
	if agent, err := strconv.Atoi(c.agentID); err == nil {
		send = c.probe(CapMessageSend, false, c.do(ctx, APIMessageSend, nil, map[string]any{
			"touser": probeUser, "msgtype": "text", "agentid": agent, "text": map[string]string{"content": "probe"}}, nil))
	}
	living := c.probe(CapLiving, false, c.do(ctx, APILivingList, nil, map[string]any{"userid": probeUser, "limit": 1}, nil))
	return []Capability{read, mobile, write, send, living}, nil
}

// probeMobile looks at the first member found (the root's, else those of
// up to five departments) for a mobile: apps created after 2022-06-20 get
// none.
func (c *Client) probeMobile(ctx context.Context) Capability {
	depts := []int{RootDepartment}
	if all, err := c.ListDepartments(ctx, RootDepartment); err == nil {
		for _, d := range all {
			if d.ID != RootDepartment && len(depts) < 6 {
				depts = append(depts, d.ID)
			}
		}
	}
	for _, id := range depts {
		users, err := c.ListUsers(ctx, id)
		if err != nil {
			return c.probe(CapContactMobile, true, err)
		}
		if len(users) > 0 {
			if users[0].Mobile == "" && users[0].Email == "" {
				return Capability{Name: CapContactMobile, Msg: MissingContactReason}
			}
			return Capability{Name: CapContactMobile, OK: true}
		}
	}
	return Capability{Name: CapContactMobile, OK: true, Msg: "no member found to check"}
}

// probe judges one check's outcome. mustSucceed: only success proves it.
func (c *Client) probe(name string, mustSucceed bool, err error) Capability {
	if err == nil {
		return Capability{Name: name, OK: true}
	}
	var pe *platform.Error
	if !errors.As(err, &pe) {
		return Capability{Name: name, Msg: err.Error()}
	}
	if mustSucceed || refusesApp(pe.Code) || pe.HTTPStatus >= 400 || pe.Code == 0 {
		return Capability{Name: name, Code: pe.Code, Msg: pe.Advice()}
	}
	return Capability{Name: name, OK: true}
}
