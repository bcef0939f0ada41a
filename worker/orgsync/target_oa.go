package orgsync

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/user"
	"imbridge/worker/orgsync/plan"
	"imbridge/worker/webhook"
)

// Publisher queues webhooks to the OA in the caller's transaction
// (worker/webhook.Publisher).
type Publisher interface {
	Enqueue(ctx context.Context, tenantID int, e webhook.Event) (int, error)
}

// OATarget applies im_to_oa changes: the OA follows the IM. The bridge's
// OA directory is changed and each change is delivered to the OA as a
// signed webhook (docs/oa-webhooks.md), queued in the transaction that
// records the change, so a change is told once and only if it happened.
// The bridge never writes into an OA's database.
type OATarget struct {
	Pub      Publisher
	TenantID int
	RunID    int
	CorpID   int
	// Platform and CorpKey identify the IM in events (feishu, the tenant's
	// corp id on the platform).
	Platform, CorpKey string
	By                string
	// Unheard counts changes no endpoint was configured to receive.
	Unheard func()
}

// Write implements Target: nothing leaves the bridge before Record; a
// created department or user takes its IM id as OA id unless the plan
// named one.
func (t *OATarget) Write(_ context.Context, _ string, c plan.Change) (Written, error) {
	if plan.IsProvisional(c.Target) {
		return Written{Key: c.Source}, nil
	}
	return Written{Key: c.Target}, nil
}

// Record implements Target: the OA directory row, the binding, and the
// webhook.
func (t *OATarget) Record(ctx context.Context, tx *ent.Client, c plan.Change, w Written) error {
	r := rows{bindCorp: t.CorpID}
	var typ string
	key := w.Key
	switch c.Action {
	case plan.ActionCreateDepartment:
		if _, err := r.createDept(ctx, tx, key, "", c.After.Name, c.After.ParentKey, c.After.Order); err != nil {
			return err
		}
		if c.Source != "" {
			if err := bindDepts(ctx, tx, t.CorpID, key, c.Source, binding.MethodCreated, t.By); err != nil {
				return err
			}
		}
		typ = webhook.TypeDepartmentCreated
	case plan.ActionUpdateDepartment:
		if err := r.updateDept(ctx, tx, key, c.After); err != nil {
			return err
		}
		typ = webhook.TypeDepartmentUpdated
	case plan.ActionMoveDepartment:
		if err := r.moveDept(ctx, tx, key, c.After.ParentKey); err != nil {
			return err
		}
		typ = webhook.TypeDepartmentMoved
	case plan.ActionDeleteDepartment:
		if err := r.removeDept(ctx, tx, key); err != nil {
			return err
		}
		typ = webhook.TypeDepartmentDeleted
	case plan.ActionCreateUser:
		if _, err := r.createUser(ctx, tx, key, "", "", c.After); err != nil {
			return err
		}
		if err := bindUsers(ctx, tx, t.CorpID, key, c.Source, binding.MethodCreated, t.By); err != nil {
			return err
		}
		typ = webhook.TypeUserCreated
	case plan.ActionUpdateUser:
		if err := r.updateUser(ctx, tx, key, c.After.Fields); err != nil {
			return err
		}
		typ = webhook.TypeUserUpdated
	case plan.ActionMoveUser:
		if err := r.moveUser(ctx, tx, key, c.After.PrimaryDepartment, c.After.PartTimeDepartments); err != nil {
			return err
		}
		typ = webhook.TypeUserMoved
	case plan.ActionDisableUser:
		if err := r.setStatus(ctx, tx, key, user.StatusDisabled); err != nil {
			return err
		}
		typ = webhook.TypeUserDisabled
	case plan.ActionEnableUser:
		if err := r.setStatus(ctx, tx, key, user.StatusActive); err != nil {
			return err
		}
		typ = webhook.TypeUserEnabled
	case plan.ActionRestoreUser:
		if err := r.setStatus(ctx, tx, key, user.StatusActive); err != nil {
			return err
		}
		typ = webhook.TypeUserRestored
	case plan.ActionDeleteUser:
		if err := r.setStatus(ctx, tx, key, user.StatusResigned); err != nil {
			return err
		}
		typ = webhook.TypeUserDeleted
	default:
		return fmt.Errorf("change %s: %s is not written to the OA", c.Key, c.Action)
	}
	ev := webhook.Event{ID: fmt.Sprintf("sync-%d-%s", t.RunID, c.Key), Type: typ}
	var err error
	if c.Action.OnDepartment() {
		ev.Subject = "department:" + key
		ev.Payload, err = t.departmentData(ctx, tx, key, c)
	} else {
		ev.Subject = "user:" + key
		ev.Payload, err = t.userData(ctx, tx, key, c)
	}
	if err != nil {
		return err
	}
	n, err := t.Pub.Enqueue(ctx, t.TenantID, ev) // ctx carries the transaction (see apply)
	if err == nil && n == 0 && t.Unheard != nil {
		t.Unheard()
	}
	return err
}

func changes(c plan.Change) []webhook.FieldChange {
	var out []webhook.FieldChange
	for _, d := range c.Diff {
		out = append(out, webhook.FieldChange{Field: d.Field, Before: d.Before, After: d.After})
	}
	return out
}

func (t *OATarget) departmentData(ctx context.Context, tx *ent.Client, key string, c plan.Change) (webhook.DepartmentData, error) {
	d, err := tx.Department.Query().Where(department.CorpIDIsNil(), department.ExternalID(key)).WithParent().Only(ctx)
	if err != nil {
		return webhook.DepartmentData{}, fmt.Errorf("department %q: %w", key, err)
	}
	out := webhook.DepartmentData{ID: d.ExternalID, Name: d.Name, Order: d.Order, Changes: changes(c)}
	if d.Edges.Parent != nil {
		out.ParentID = d.Edges.Parent.ExternalID
	}
	if c.Source != "" {
		out.IM = &webhook.IMDepartment{Platform: t.Platform, CorpID: t.CorpKey, DepartmentID: c.Source}
	}
	return out, nil
}

func (t *OATarget) userData(ctx context.Context, tx *ent.Client, key string, c plan.Change) (webhook.UserData, error) {
	u, err := tx.User.Query().Where(user.CorpIDIsNil(), user.ExternalID(key)).Only(ctx)
	if err != nil {
		return webhook.UserData{}, fmt.Errorf("user %q: %w", key, err)
	}
	out := webhook.UserData{ID: u.ExternalID, Name: u.Name, Mobile: u.Mobile, Email: u.Email, EmployeeNo: u.EmployeeNo,
		Title: u.Title, Status: string(u.Status), Changes: changes(c), Departments: []webhook.MembershipData{}}
	ms, err := tx.Membership.Query().Where(membership.UserID(u.ID)).WithDepartment().Order(ent.Desc(membership.FieldPrimary), ent.Asc(membership.FieldID)).All(ctx)
	if err != nil {
		return out, err
	}
	for _, m := range ms {
		if m.Edges.Department != nil {
			out.Departments = append(out.Departments, webhook.MembershipData{DepartmentID: m.Edges.Department.ExternalID, Primary: m.Primary})
		}
	}
	if c.Source != "" {
		out.IM = &webhook.IMUser{Platform: t.Platform, CorpID: t.CorpKey, UserID: c.Source}
	}
	return out, nil
}
