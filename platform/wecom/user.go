package wecom

import (
	"context"
	"net/url"
	"strconv"
)

// Member statuses (读取成员 path/90196, status): "激活状态: 1=已激活，
// 2=已禁用，4=未激活，5=退出企业".
const (
	StatusActive      = 1
	StatusDisabled    = 2
	StatusNotActive   = 4
	StatusLeftTheCorp = 5
)

// User is a member as user/get and user/list return it (path/90196,
// path/90201). Since 2022-06-20 apps created after that date get no
// mobile, gender, email, biz_mail, avatar, qr_code or address here (they
// need the member's OAuth consent, path/96260): those fields then come
// back empty, which the mirror accepts.
type User struct {
	UserID         string   `json:"userid"`
	Name           string   `json:"name"`
	Department     []int    `json:"department"`
	Order          []int    `json:"order,omitempty"`
	Position       string   `json:"position,omitempty"`
	Mobile         string   `json:"mobile,omitempty"`
	Gender         string   `json:"gender,omitempty"`
	Email          string   `json:"email,omitempty"`
	BizMail        string   `json:"biz_mail,omitempty"`
	IsLeaderInDept []int    `json:"is_leader_in_dept,omitempty"`
	DirectLeader   []string `json:"direct_leader,omitempty"`
	Alias          string   `json:"alias,omitempty"`
	Status         int      `json:"status"`
	MainDepartment int      `json:"main_department,omitempty"`
	Enable         *int     `json:"enable,omitempty"`
	OpenUserID     string   `json:"open_userid,omitempty"`
	ExtAttr        *ExtAttr `json:"extattr,omitempty"`
}

// ExtAttr is a member's custom fields (扩展属性): type 0 text, 1 web, 2
// miniprogram. Not among the fields withheld from new apps since
// 2022-06-20, so it is where a corp's 工号 (employee number) usually is.
type ExtAttr struct {
	Attrs []struct {
		Type int    `json:"type"`
		Name string `json:"name"`
		Text *struct {
			Value string `json:"value"`
		} `json:"text,omitempty"`
	} `json:"attrs"`
}

// Text returns the value of the text attribute named name ("" if none).
func (e *ExtAttr) Text(name string) string {
	if e == nil {
		return ""
	}
	for _, a := range e.Attrs {
		if a.Name == name && a.Type == 0 && a.Text != nil {
			return a.Text.Value
		}
	}
	return ""
}

// ListUsers calls GET /cgi-bin/user/list?department_id=: the members
// directly in the department with their details (no recursion: the
// old fetch_child is no longer documented), all in one answer.
func (c *Client) ListUsers(ctx context.Context, departmentID int) ([]User, error) {
	var ans struct {
		envelope
		UserList []User `json:"userlist"`
	}
	err := c.do(ctx, APIUserList, url.Values{"department_id": {strconv.Itoa(departmentID)}}, nil, &ans)
	return ans.UserList, err
}

// GetUser calls GET /cgi-bin/user/get?userid=. 60111 when there is no such
// member (or it left the corp), 60011 outside the app's visible range.
func (c *Client) GetUser(ctx context.Context, userID string) (User, error) {
	var ans struct {
		envelope
		User
	}
	err := c.do(ctx, APIUserGet, url.Values{"userid": {userID}}, nil, &ans)
	return ans.User, err
}

// UserCreate is user/create's body (创建成员 path/90195): userid 1–64 bytes
// of [0-9A-Za-z_-@.] starting alphanumeric, unique case-insensitively;
// name 1–64 characters; mobile or email required; department ≤ 20, order
// the same length; main_department; enable 1/0; to_invite.
type UserCreate struct {
	UserID         string `json:"userid"`
	Name           string `json:"name"`
	Alias          string `json:"alias,omitempty"`
	Mobile         string `json:"mobile,omitempty"`
	Department     []int  `json:"department"`
	Order          []int  `json:"order,omitempty"`
	Position       string `json:"position,omitempty"`
	Gender         string `json:"gender,omitempty"`
	Email          string `json:"email,omitempty"`
	MainDepartment int    `json:"main_department,omitempty"`
	Enable         *int   `json:"enable,omitempty"`
	ToInvite       *bool  `json:"to_invite,omitempty"`
}

// createUser calls POST /cgi-bin/user/create (通讯录同步 secret only).
// 60102 UserID已存在, 60104 手机号码已存在, 60129 mobile and email empty.
func (c *Client) createUser(ctx context.Context, u UserCreate) error {
	return c.do(ctx, APIUserCreate, nil, u, nil)
}

// UserUpdate is user/update's body (path/90197): fields left nil stay
// ("非必填字段未填写则不修改"). A mobile cannot change once the member
// has logged in.
type UserUpdate struct {
	UserID         string  `json:"userid"`
	Name           *string `json:"name,omitempty"`
	Mobile         *string `json:"mobile,omitempty"`
	Department     []int   `json:"department,omitempty"`
	Order          []int   `json:"order,omitempty"`
	Position       *string `json:"position,omitempty"`
	Gender         *string `json:"gender,omitempty"`
	Email          *string `json:"email,omitempty"`
	MainDepartment *int    `json:"main_department,omitempty"`
	Enable         *int    `json:"enable,omitempty"`
}

// updateUser calls POST /cgi-bin/user/update.
func (c *Client) updateUser(ctx context.Context, u UserUpdate) error {
	return c.do(ctx, APIUserUpdate, nil, u, nil)
}

// deleteUser calls GET /cgi-bin/user/delete?userid= (通讯录同步 secret
// only; also deletes the member's 企业邮 account).
func (c *Client) deleteUser(ctx context.Context, userID string) error {
	return c.do(ctx, APIUserDelete, url.Values{"userid": {userID}}, nil, nil)
}
