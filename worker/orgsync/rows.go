package orgsync

import (
	"context"
	"fmt"
	"maps"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/worker/orgsync/plan"
)

// rows records a sync's writes in one directory side of the bridge: the
// OA directory (corp nil) or a corp's IM mirror, so the next plan
// compares against what the target holds now.
type rows struct {
	corp *int
	// bindCorp is the corp bindings belong to.
	bindCorp int
}

func (r rows) deptQuery(c *ent.Client, key string) *ent.DepartmentQuery {
	if r.corp == nil {
		return c.Department.Query().Where(department.CorpIDIsNil(), department.ExternalID(key))
	}
	return c.Department.Query().Where(department.CorpID(*r.corp), department.ExternalID(key))
}

func (r rows) userQuery(c *ent.Client, key string) *ent.UserQuery {
	if r.corp == nil {
		return c.User.Query().Where(user.CorpIDIsNil(), user.ExternalID(key))
	}
	return c.User.Query().Where(user.CorpID(*r.corp), user.ExternalID(key))
}

// deptID is the row of a department key ("" or the IM root: none).
func (r rows) deptID(ctx context.Context, c *ent.Client, key string) (*int, error) {
	if key == "" || (r.corp != nil && key == platform.RootDepartmentID) {
		return nil, nil
	}
	id, err := r.deptQuery(c, key).OnlyID(ctx)
	if err != nil {
		return nil, fmt.Errorf("department %q: %w", key, err)
	}
	return &id, nil
}

func (r rows) userID(ctx context.Context, c *ent.Client, key string) (int, error) {
	id, err := r.userQuery(c, key).OnlyID(ctx)
	if err != nil {
		return 0, fmt.Errorf("user %q: %w", key, err)
	}
	return id, nil
}

// createDept stores a department the sync created (or finds the row a
// pull stored meanwhile).
func (r rows) createDept(ctx context.Context, c *ent.Client, key, openID, name, parent string, order int) (int, error) {
	pid, err := r.deptID(ctx, c, parent)
	if err != nil {
		return 0, err
	}
	if id, err := r.deptQuery(c, key).OnlyID(ctx); err == nil {
		return id, c.Department.UpdateOneID(id).SetName(name).SetNillableParentID(pid).SetOrder(order).ClearRemovedAt().ClearOutOfScopeAt().Exec(ctx)
	} else if !ent.IsNotFound(err) {
		return 0, err
	}
	cr := c.Department.Create().SetExternalID(key).SetName(name).SetNillableParentID(pid).SetOrder(order)
	if r.corp != nil {
		cr.SetCorpID(*r.corp)
	}
	if openID != "" {
		cr.SetOpenID(openID)
	}
	d, err := cr.Save(ctx)
	if err != nil {
		return 0, err
	}
	return d.ID, nil
}

func (r rows) updateDept(ctx context.Context, c *ent.Client, key string, s *plan.Snapshot) error {
	id, err := r.deptQuery(c, key).OnlyID(ctx)
	if err != nil {
		return fmt.Errorf("department %q: %w", key, err)
	}
	return c.Department.UpdateOneID(id).SetName(s.Name).SetOrder(s.Order).Exec(ctx)
}

func (r rows) moveDept(ctx context.Context, c *ent.Client, key, parent string) error {
	id, err := r.deptQuery(c, key).OnlyID(ctx)
	if err != nil {
		return fmt.Errorf("department %q: %w", key, err)
	}
	pid, err := r.deptID(ctx, c, parent)
	if err != nil {
		return err
	}
	u := c.Department.UpdateOneID(id)
	if pid == nil {
		u.ClearParentID()
	} else {
		u.SetParentID(*pid)
	}
	return u.Exec(ctx)
}

// removeDept marks a deleted department removed and drops its bindings.
func (r rows) removeDept(ctx context.Context, c *ent.Client, key string) error {
	id, err := r.deptQuery(c, key).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := c.Department.UpdateOneID(id).SetRemovedAt(time.Now()).Exec(ctx); err != nil {
		return err
	}
	_, err = c.Binding.Delete().Where(binding.Or(binding.OaDepartmentID(id), binding.ImDepartmentID(id))).Exec(ctx)
	return err
}

// userFields sets the bridge's columns of mapped fields onto m; custom
// attributes are merged into attrs (the row's current ones, nil for a new
// row) and stored when one is set. A gender the bridge does not know is
// left out (the IM write refused it already).
func userFields(m *ent.UserMutation, fields map[plan.Field]string, attrs map[string]string) {
	merged := false
	for f, v := range fields {
		if name, ok := plan.AttributeName(f); ok {
			if !merged {
				attrs, merged = maps.Clone(attrs), true
				if attrs == nil {
					attrs = map[string]string{}
				}
			}
			attrs[name] = v
			continue
		}
		switch f {
		case plan.FieldGender:
			if g := user.Gender(v); user.GenderValidator(g) == nil {
				m.SetGender(g)
			}
		case plan.FieldName:
			if v != "" {
				m.SetName(v)
			}
		case plan.FieldMobile:
			m.SetMobile(v)
		case plan.FieldEmail:
			m.SetEmail(v)
		case plan.FieldEmployeeNo:
			m.SetEmployeeNo(v)
		case plan.FieldTitle:
			m.SetTitle(v)
		}
	}
	if merged {
		m.SetAttributes(attrs)
	}
}

// createUser stores a user the sync created, with its memberships.
func (r rows) createUser(ctx context.Context, c *ent.Client, key, openID, unionID string, s *plan.Snapshot) (int, error) {
	id, err := r.userQuery(c, key).OnlyID(ctx)
	switch {
	case err == nil:
		row, err := c.User.Get(ctx, id)
		if err != nil {
			return 0, err
		}
		u := c.User.UpdateOneID(id).SetStatus(user.StatusActive).ClearRemovedAt().ClearOutOfScopeAt()
		userFields(u.Mutation(), s.Fields, row.Attributes)
		if err := u.Exec(ctx); err != nil {
			return 0, err
		}
	case ent.IsNotFound(err):
		name := s.Name
		if name == "" {
			name = s.Fields[plan.FieldName]
		}
		cr := c.User.Create().SetExternalID(key).SetName(name).SetStatus(user.StatusActive)
		if r.corp != nil {
			cr.SetCorpID(*r.corp)
		}
		if openID != "" {
			cr.SetOpenID(openID)
		}
		if unionID != "" {
			cr.SetUnionID(unionID)
		}
		userFields(cr.Mutation(), s.Fields, nil)
		row, err := cr.Save(ctx)
		if err != nil {
			return 0, err
		}
		id = row.ID
	default:
		return 0, err
	}
	return id, r.setMemberships(ctx, c, id, s.PrimaryDepartment, s.PartTimeDepartments)
}

func (r rows) updateUser(ctx context.Context, c *ent.Client, key string, fields map[plan.Field]string) error {
	id, err := r.userID(ctx, c, key)
	if err != nil {
		return err
	}
	row, err := c.User.Get(ctx, id)
	if err != nil {
		return err
	}
	u := c.User.UpdateOneID(id)
	userFields(u.Mutation(), fields, row.Attributes)
	return u.Exec(ctx)
}

func (r rows) moveUser(ctx context.Context, c *ent.Client, key, primary string, part []string) error {
	id, err := r.userID(ctx, c, key)
	if err != nil {
		return err
	}
	return r.setMemberships(ctx, c, id, primary, part)
}

func (r rows) setMemberships(ctx context.Context, c *ent.Client, userID int, primary string, part []string) error {
	if _, err := c.Membership.Delete().Where(membership.UserID(userID)).Exec(ctx); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, k := range append([]string{primary}, part...) {
		if seen[k] {
			continue
		}
		seen[k] = true
		d, err := r.deptID(ctx, c, k)
		if err != nil {
			return err
		}
		if d == nil {
			continue // the root: no row
		}
		if err := c.Membership.Create().SetUserID(userID).SetDepartmentID(*d).SetPrimary(i == 0).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// setStatus records an enable, disable, restore or delete (resigned).
func (r rows) setStatus(ctx context.Context, c *ent.Client, key string, st user.Status) error {
	id, err := r.userID(ctx, c, key)
	if err != nil {
		return err
	}
	return c.User.UpdateOneID(id).SetStatus(st).SetStatusChangedAt(time.Now()).ClearRemovedAt().Exec(ctx)
}

// bindUsers binds OA user oaKey to IM user imKey, replacing any binding
// either had in the corp.
func bindUsers(ctx context.Context, c *ent.Client, corp int, oaKey, imKey string, m binding.Method, by string) error {
	oa, err := (rows{}).userID(ctx, c, oaKey)
	if err != nil {
		return err
	}
	im, err := (rows{corp: &corp}).userID(ctx, c, imKey)
	if err != nil {
		return err
	}
	if _, err := c.Binding.Delete().Where(binding.CorpID(corp), binding.KindEQ(binding.KindUser),
		binding.Or(binding.OaUserID(oa), binding.ImUserID(im))).Exec(ctx); err != nil {
		return err
	}
	return c.Binding.Create().SetCorpID(corp).SetKind(binding.KindUser).SetOaUserID(oa).SetImUserID(im).SetMethod(m).SetCreatedBy(by).Exec(ctx)
}

func unbindUsers(ctx context.Context, c *ent.Client, corp int, oaKey, imKey string) error {
	oa, err := (rows{}).userID(ctx, c, oaKey)
	if err != nil {
		return err
	}
	im, err := (rows{corp: &corp}).userID(ctx, c, imKey)
	if err != nil {
		return err
	}
	_, err = c.Binding.Delete().Where(binding.CorpID(corp), binding.OaUserID(oa), binding.ImUserID(im)).Exec(ctx)
	return err
}

func bindDepts(ctx context.Context, c *ent.Client, corp int, oaKey, imKey string, m binding.Method, by string) error {
	oa, err := (rows{}).deptID(ctx, c, oaKey)
	if err != nil {
		return err
	}
	im, err := (rows{corp: &corp}).deptID(ctx, c, imKey)
	if err != nil {
		return err
	}
	if oa == nil || im == nil {
		return fmt.Errorf("binding the root department (%q ↔ %q)", oaKey, imKey)
	}
	if _, err := c.Binding.Delete().Where(binding.CorpID(corp), binding.KindEQ(binding.KindDepartment),
		binding.Or(binding.OaDepartmentID(*oa), binding.ImDepartmentID(*im))).Exec(ctx); err != nil {
		return err
	}
	return c.Binding.Create().SetCorpID(corp).SetKind(binding.KindDepartment).SetOaDepartmentID(*oa).SetImDepartmentID(*im).SetMethod(m).SetCreatedBy(by).Exec(ctx)
}

func unbindDepts(ctx context.Context, c *ent.Client, corp int, oaKey, imKey string) error {
	oa, err := (rows{}).deptID(ctx, c, oaKey)
	if err != nil || oa == nil {
		return err
	}
	im, err := (rows{corp: &corp}).deptID(ctx, c, imKey)
	if err != nil || im == nil {
		return err
	}
	_, err = c.Binding.Delete().Where(binding.CorpID(corp), binding.OaDepartmentID(*oa), binding.ImDepartmentID(*im)).Exec(ctx)
	return err
}
