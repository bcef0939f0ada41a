package push

import (
	"context"
	"errors"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/platform"
)

// ensureDefinition returns the app's approval definition code, creating the
// definition (with the app's callback) the first time, or again when the
// platform lost it (again).
func (e *Engine) ensureDefinition(ctx context.Context, ac platform.ApprovalCenter, a *ent.App, again bool) (string, error) {
	if a.ApprovalDefinitionCode != "" && !again {
		return a.ApprovalDefinitionCode, nil
	}
	if e.p.ApprovalCallback == nil {
		return "", errors.New("approval center: no callback configured in this process")
	}
	cb, err := e.p.ApprovalCallback(ctx, a)
	if err != nil {
		return "", err
	}
	ref, err := ac.EnsureDefinition(ctx, platform.ApprovalDefinition{
		Key: DefinitionKey(a.ID), Name: "OA 审批", Source: "OA",
		Description: "Approvals of the OA, synced by imbridge; decisions taken here reach the OA.",
		Callback:    cb,
	})
	if err != nil {
		return "", err
	}
	u := e.p.DB.App.Update().Where(app.ID(a.ID)).SetApprovalDefinitionCode(ref.Code)
	if !again {
		u.Where(app.Or(app.ApprovalDefinitionCodeIsNil(), app.ApprovalDefinitionCode("")))
	}
	if err := u.Exec(ctx); err != nil {
		return "", err
	}
	// Another worker may have stored its code first: use the stored one.
	stored, err := e.p.DB.App.Query().Where(app.ID(a.ID)).Select(app.FieldApprovalDefinitionCode).String(ctx)
	if err != nil {
		return "", err
	}
	a.ApprovalDefinitionCode = stored
	return stored, nil
}
