package orgsync

import (
	"context"
	"errors"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/worker/orgsync/plan"
)

// IMTarget writes oa_to_im changes to the IM through its DirectoryWriter
// (Feishu: contact v3 with client_token) and keeps the corp's mirror in
// step, binding what it creates (method created).
type IMTarget struct {
	W      platform.DirectoryWriter
	CorpID int
	// By is who the bindings are made by (the run's job).
	By string
	// Echo, when set, is told about each object before it is written, so
	// the contact event the write causes is not taken for an outside
	// change (kind user/department, the IM id, the event type).
	Echo func(ctx context.Context, kind, id, eventType string)
	// Acceptor is who receives a deleted user's resources; Dir reads the
	// IM for it (the leader, whether the receiver is still active). Dir
	// nil: the acceptor is named unchecked, a leader not looked up.
	Acceptor Acceptor
	Dir      platform.Directory
}

func root(k string) string {
	if k == "" {
		return platform.RootDepartmentID
	}
	return k
}

func memberships(s *plan.Snapshot) platform.Memberships {
	m := platform.Memberships{Primary: root(s.PrimaryDepartment)}
	for _, p := range s.PartTimeDepartments {
		m.PartTime = append(m.PartTime, root(p))
	}
	return m
}

func strp(fields map[plan.Field]string, f plan.Field) *string {
	v, ok := fields[f]
	if !ok {
		return nil
	}
	return &v
}

func gender(v string) platform.Gender {
	switch platform.Gender(v) {
	case platform.GenderMale, platform.GenderFemale, platform.GenderOther, platform.GenderUnknown:
		return platform.Gender(v)
	}
	return ""
}

// attributes are the custom attributes among fields, by name (the IM's
// attribute id: Feishu custom_attrs id); nil when none.
func attributes(fields map[plan.Field]string) map[string]string {
	var out map[string]string
	for f, v := range fields {
		if name, ok := plan.AttributeName(f); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[name] = v
		}
	}
	return out
}

func (t *IMTarget) echo(ctx context.Context, kind, id, typ string) {
	if t.Echo != nil && id != "" && !plan.IsProvisional(id) {
		t.Echo(ctx, kind, id, typ)
	}
}

// Write implements Target.
func (t *IMTarget) Write(ctx context.Context, key string, c plan.Change) (Written, error) {
	w := Written{Key: c.Target}
	switch c.Action {
	case plan.ActionCreateDepartment:
		nd := platform.NewDepartment{ParentID: root(c.After.ParentKey), Name: c.After.Name}
		if o := c.After.Order; o != 0 {
			nd.Order = &o // 0: after its siblings (Feishu refuses equal sibling orders, 43005)
		}
		d, err := t.W.CreateDepartment(ctx, key, nd)
		if duplicateOrder(err) && nd.Order != nil {
			// The OA's order is taken by a sibling the sync leaves alone: the
			// department goes after its siblings instead (order is cosmetic).
			nd.Order = nil
			d, err = t.W.CreateDepartment(ctx, key, nd)
		}
		if err != nil {
			return w, err
		}
		return Written{Key: d.ID, OpenID: d.OpenID}, nil
	case plan.ActionUpdateDepartment:
		t.echo(ctx, "department", c.Target, "contact.department.updated_v3")
		var patch platform.DepartmentPatch
		if c.Before == nil || c.Before.Name != c.After.Name {
			name := c.After.Name
			patch.Name = &name
		}
		if c.Before == nil || c.Before.Order != c.After.Order {
			order := c.After.Order
			patch.Order = &order
		}
		_, err := t.W.UpdateDepartment(ctx, key, c.Target, patch)
		if duplicateOrder(err) && patch.Order != nil {
			patch.Order = nil
			if patch.Name == nil {
				return w, nil
			}
			_, err = t.W.UpdateDepartment(ctx, key, c.Target, patch)
		}
		return w, err
	case plan.ActionMoveDepartment:
		t.echo(ctx, "department", c.Target, "contact.department.updated_v3")
		_, err := t.W.MoveDepartment(ctx, key, c.Target, root(c.After.ParentKey))
		return w, err
	case plan.ActionDeleteDepartment:
		t.echo(ctx, "department", c.Target, "contact.department.deleted_v3")
		return w, t.W.DeleteDepartment(ctx, key, c.Target)
	case plan.ActionCreateUser:
		f := c.After.Fields
		nu := platform.NewUser{Name: c.After.Name, Mobile: f[plan.FieldMobile], Email: f[plan.FieldEmail],
			EmployeeNo: f[plan.FieldEmployeeNo], Title: f[plan.FieldTitle], Gender: gender(f[plan.FieldGender]), Attributes: attributes(f), Memberships: memberships(c.After)}
		if nu.Name == "" {
			nu.Name = f[plan.FieldName]
		}
		if !plan.IsProvisional(c.Target) {
			nu.ID = c.Target // the profile's user_id field (seed 003 §4.3.2.1)
			t.echo(ctx, "user", nu.ID, "contact.user.created_v3")
		}
		u, err := t.W.CreateUser(ctx, key, nu)
		if err != nil {
			return w, err
		}
		return Written{Key: u.ID, OpenID: u.OpenID, UnionID: u.UnionID}, nil
	case plan.ActionUpdateUser:
		t.echo(ctx, "user", c.Target, "contact.user.updated_v3")
		f := c.After.Fields
		p := platform.UserPatch{Name: strp(f, plan.FieldName), Mobile: strp(f, plan.FieldMobile), Email: strp(f, plan.FieldEmail),
			EmployeeNo: strp(f, plan.FieldEmployeeNo), Title: strp(f, plan.FieldTitle), Attributes: attributes(f)}
		if g, ok := f[plan.FieldGender]; ok {
			gg := gender(g)
			p.Gender = &gg
		}
		_, err := t.W.UpdateUser(ctx, key, c.Target, p)
		return w, err
	case plan.ActionMoveUser:
		t.echo(ctx, "user", c.Target, "contact.user.updated_v3")
		_, err := t.W.MoveUser(ctx, key, c.Target, memberships(c.After))
		return w, err
	case plan.ActionDisableUser:
		t.echo(ctx, "user", c.Target, "contact.user.updated_v3")
		return w, t.W.DisableUser(ctx, key, c.Target)
	case plan.ActionEnableUser:
		t.echo(ctx, "user", c.Target, "contact.user.updated_v3")
		return w, t.W.EnableUser(ctx, key, c.Target)
	case plan.ActionDeleteUser:
		t.echo(ctx, "user", c.Target, "contact.user.deleted_v3")
		a, err := t.acceptors(ctx, c.Target)
		if err != nil {
			return w, err
		}
		return w, t.W.DeleteUser(ctx, key, c.Target, a)
	case plan.ActionRestoreUser:
		t.echo(ctx, "user", c.Target, "contact.user.updated_v3")
		return w, t.W.ResurrectUser(ctx, key, c.Target, platform.Memberships{})
	}
	return w, fmt.Errorf("change %s: %s is not written to the IM", c.Key, c.Action)
}

// Record implements Target: the mirror row and the bindings.
func (t *IMTarget) Record(ctx context.Context, tx *ent.Client, c plan.Change, w Written) error {
	r := rows{corp: &t.CorpID, bindCorp: t.CorpID}
	switch c.Action {
	case plan.ActionCreateDepartment:
		if _, err := r.createDept(ctx, tx, w.Key, w.OpenID, c.After.Name, c.After.ParentKey, c.After.Order); err != nil {
			return err
		}
		if c.Source != "" {
			return bindDepts(ctx, tx, t.CorpID, c.Source, w.Key, binding.MethodCreated, t.By)
		}
		return nil
	case plan.ActionUpdateDepartment:
		return r.updateDept(ctx, tx, c.Target, c.After)
	case plan.ActionMoveDepartment:
		return r.moveDept(ctx, tx, c.Target, c.After.ParentKey)
	case plan.ActionDeleteDepartment:
		return r.removeDept(ctx, tx, c.Target)
	case plan.ActionCreateUser:
		if _, err := r.createUser(ctx, tx, w.Key, w.OpenID, w.UnionID, c.After); err != nil {
			return err
		}
		return bindUsers(ctx, tx, t.CorpID, c.Source, w.Key, binding.MethodCreated, t.By)
	case plan.ActionUpdateUser:
		return r.updateUser(ctx, tx, c.Target, c.After.Fields)
	case plan.ActionMoveUser:
		return r.moveUser(ctx, tx, c.Target, c.After.PrimaryDepartment, c.After.PartTimeDepartments)
	case plan.ActionDisableUser:
		return r.setStatus(ctx, tx, c.Target, user.StatusDisabled)
	case plan.ActionEnableUser, plan.ActionRestoreUser:
		return r.setStatus(ctx, tx, c.Target, user.StatusActive)
	case plan.ActionDeleteUser:
		return r.setStatus(ctx, tx, c.Target, user.StatusResigned)
	}
	return nil
}

// codeDuplicateOrder is Feishu's refusal of a department order a sibling
// has (contact v3 departments: 43005 "duplicate order error").
const codeDuplicateOrder = 43005

func duplicateOrder(err error) bool {
	var pe *platform.Error
	return errors.As(err, &pe) && pe.Code == codeDuplicateOrder
}
