package wecom

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"imbridge/platform"
)

// platform.DirectoryWriter on the contact write APIs, which only the
// 通讯录同步 secret (or a third-party contacts app) may call: "仅通讯录同步
// 助手或第三方通讯录应用可调用" (path/90198); an ordinary app gets 48002.
//
// WeCom has no client_token. Creates are made idempotent by naming what
// they create from the change's key: a department without an id gets one
// derived from the key (keyDepartmentID), a user without a userid gets
// keyUserID. A create retried after a lost reply then meets 60008 / 60102
// and reads back what the first attempt made.

// ErrUnsupported: WeCom has no API for the operation.
var ErrUnsupported = errors.New("WeCom has no API for this")

// keyDepartmentID derives a department id from a change key, in
// [2^24, 2^31): above the ids WeCom assigns to small corps, inside int32.
func keyDepartmentID(key string) int {
	sum := sha256.Sum256([]byte("dept\x00" + key))
	return int(binary.BigEndian.Uint32(sum[:4])%(1<<31-1<<24)) + 1<<24
}

// keyUserID derives a userid from a change key: "imb-" and 16 hex digits.
func keyUserID(key string) string {
	sum := sha256.Sum256([]byte("user\x00" + key))
	return "imb-" + hex.EncodeToString(sum[:8])
}

func needKey(key string) error {
	if key == "" {
		return errors.New("wecom: the idempotency key is required")
	}
	return nil
}

// wecomMobile turns an E.164 mobile into WeCom's form: mainland numbers
// without +86 (as the admin console shows them), others "+CC-number".
func wecomMobile(e164 string) string {
	if n, ok := strings.CutPrefix(e164, "+86"); ok {
		return n
	}
	return e164
}

func gender(g platform.Gender) string {
	switch g {
	case platform.GenderMale:
		return "1"
	case platform.GenderFemale:
		return "2"
	}
	return ""
}

// CreateDepartment creates d (department/create) and reads it back.
func (c *Client) CreateDepartment(ctx context.Context, key string, d platform.NewDepartment) (platform.DirDepartment, error) {
	if err := needKey(key); err != nil {
		return platform.DirDepartment{}, err
	}
	if d.Name == "" {
		return platform.DirDepartment{}, errors.New("wecom: the department name is required")
	}
	parent, err := deptID(d.ParentID)
	if err != nil {
		return platform.DirDepartment{}, err
	}
	id := keyDepartmentID(key)
	if d.ID != "" {
		if id, err = deptID(d.ID); err != nil || id == RootDepartment {
			return platform.DirDepartment{}, fmt.Errorf("wecom: department id %q: must be an integer above 1", d.ID)
		}
	}
	_, err = c.createDepartment(ctx, DepartmentCreate{Name: d.Name, ParentID: parent, Order: d.Order, ID: id})
	var pe *platform.Error
	if errors.As(err, &pe) && pe.Code == 60008 {
		// Exists: ours from a lost reply when it has the id, name and parent.
		got, gerr := c.GetDepartment(ctx, id)
		if gerr == nil && got.Name == d.Name && got.ParentID == parent {
			return got.DirDepartment(), nil
		}
		return platform.DirDepartment{}, err
	}
	if err != nil {
		return platform.DirDepartment{}, err
	}
	got, err := c.GetDepartment(ctx, id)
	return got.DirDepartment(), err
}

// UpdateDepartment changes name and/or order (department/update).
func (c *Client) UpdateDepartment(ctx context.Context, key, id string, p platform.DepartmentPatch) (platform.DirDepartment, error) {
	if err := needKey(key); err != nil {
		return platform.DirDepartment{}, err
	}
	n, err := deptID(id)
	if err != nil {
		return platform.DirDepartment{}, err
	}
	if err := c.updateDepartment(ctx, DepartmentUpdate{ID: n, Name: p.Name, Order: p.Order}); err != nil {
		return platform.DirDepartment{}, err
	}
	return c.Department(ctx, id)
}

// MoveDepartment sets parentid (department/update).
func (c *Client) MoveDepartment(ctx context.Context, key, id, parentID string) (platform.DirDepartment, error) {
	if err := needKey(key); err != nil {
		return platform.DirDepartment{}, err
	}
	n, err := deptID(id)
	if err != nil {
		return platform.DirDepartment{}, err
	}
	parent, err := deptID(parentID)
	if err != nil {
		return platform.DirDepartment{}, err
	}
	if err := c.updateDepartment(ctx, DepartmentUpdate{ID: n, ParentID: &parent}); err != nil {
		return platform.DirDepartment{}, err
	}
	return c.Department(ctx, id)
}

// DeleteDepartment deletes an empty department; one already gone succeeds.
func (c *Client) DeleteDepartment(ctx context.Context, key, id string) error {
	if err := needKey(key); err != nil {
		return err
	}
	n, err := deptID(id)
	if err != nil {
		return err
	}
	err = c.deleteDepartment(ctx, n)
	if platform.ClassOf(err) == platform.ClassNotFound {
		return nil
	}
	return err
}

// CreateUser creates a member (user/create); WeCom needs a mobile or an
// e-mail (60129) and at most 20 departments (60110).
func (c *Client) CreateUser(ctx context.Context, key string, u platform.NewUser) (platform.DirUser, error) {
	if err := needKey(key); err != nil {
		return platform.DirUser{}, err
	}
	switch {
	case u.Name == "":
		return platform.DirUser{}, errors.New("wecom: the user name is required")
	case u.Mobile == "" && u.Email == "":
		return platform.DirUser{}, errors.New("wecom: a mobile or an e-mail is required (user/create: mobile/email二者不能同时为空)")
	}
	body := UserCreate{UserID: u.ID, Name: u.Name, Alias: u.EnName, Mobile: wecomMobile(u.Mobile), Email: u.Email,
		Position: u.Title, Gender: gender(u.Gender)}
	if body.UserID == "" {
		body.UserID = keyUserID(key)
	}
	if err := fillMemberships(&body.Department, &body.Order, &body.MainDepartment, u.Memberships); err != nil {
		return platform.DirUser{}, err
	}
	err := c.createUser(ctx, body)
	var pe *platform.Error
	if errors.As(err, &pe) && pe.Code == 60102 {
		got, gerr := c.GetUser(ctx, body.UserID)
		if gerr == nil && got.Name == u.Name {
			return got.DirUser(c.employeeNoAttr), nil // ours, from a lost reply
		}
		return platform.DirUser{}, err
	}
	if err != nil {
		return platform.DirUser{}, err
	}
	return c.User(ctx, body.UserID)
}

func fillMemberships(depts, orders *[]int, main *int, m platform.Memberships) error {
	ids := m.DepartmentIDs()
	if len(ids) > 20 {
		return errors.New("wecom: a member is in at most 20 departments (60110)")
	}
	for _, id := range ids {
		n, err := deptID(id)
		if err != nil {
			return err
		}
		*depts = append(*depts, n)
		*orders = append(*orders, m.Orders[id])
	}
	if m.Primary != "" {
		n, _ := deptID(m.Primary)
		*main = n
	}
	return nil
}

// UpdateUser changes profile fields (user/update).
func (c *Client) UpdateUser(ctx context.Context, key, id string, p platform.UserPatch) (platform.DirUser, error) {
	if err := needKey(key); err != nil {
		return platform.DirUser{}, err
	}
	body := UserUpdate{UserID: id, Name: p.Name, Email: p.Email, Position: p.Title}
	if p.Mobile != nil {
		m := wecomMobile(*p.Mobile)
		body.Mobile = &m
	}
	if p.Gender != nil {
		g := gender(*p.Gender)
		body.Gender = &g
	}
	if err := c.updateUser(ctx, body); err != nil {
		return platform.DirUser{}, err
	}
	return c.User(ctx, id)
}

// MoveUser replaces the member's departments, orders and main department.
func (c *Client) MoveUser(ctx context.Context, key, id string, m platform.Memberships) (platform.DirUser, error) {
	if err := needKey(key); err != nil {
		return platform.DirUser{}, err
	}
	body := UserUpdate{UserID: id}
	var main int
	if err := fillMemberships(&body.Department, &body.Order, &main, m); err != nil {
		return platform.DirUser{}, err
	}
	body.MainDepartment = &main
	if err := c.updateUser(ctx, body); err != nil {
		return platform.DirUser{}, err
	}
	return c.User(ctx, id)
}

// DisableUser sets enable 0 (禁用); EnableUser sets 1.
func (c *Client) DisableUser(ctx context.Context, key, id string) error {
	return c.setEnable(ctx, key, id, 0)
}

func (c *Client) EnableUser(ctx context.Context, key, id string) error {
	return c.setEnable(ctx, key, id, 1)
}

func (c *Client) setEnable(ctx context.Context, key, id string, v int) error {
	if err := needKey(key); err != nil {
		return err
	}
	return c.updateUser(ctx, UserUpdate{UserID: id, Enable: &v})
}

// DeleteUser deletes the member (user/delete); WeCom does not hand over
// resources through this API, so acceptors are ignored. Gone already
// (60111) succeeds.
func (c *Client) DeleteUser(ctx context.Context, key, id string, _ platform.ResourceAcceptors) error {
	if err := needKey(key); err != nil {
		return err
	}
	err := c.deleteUser(ctx, id)
	var pe *platform.Error
	if errors.As(err, &pe) && pe.Code == 60111 {
		return nil // gone already
	}
	return err
}

// ResurrectUser: WeCom has no API to restore a deleted member; the engine
// creates the person again instead.
func (c *Client) ResurrectUser(context.Context, string, string, platform.Memberships) error {
	return fmt.Errorf("wecom: restoring a deleted member: %w (create the member again)", ErrUnsupported)
}
