package appclient

import (
	"context"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/platform/feishu/webhook"
)

// FeishuKeys finds the app a callback is addressed to (the path carries the
// app's global id) and opens its event keys. Callbacks come before any
// viewer exists, so the lookup is made as the system across tenants; the
// tenant of the found app then scopes everything the event causes.
func (f *Factory) FeishuKeys(ctx context.Context, db *ent.Client, path string) (webhook.AppKeys, error) {
	id, err := strconv.Atoi(path)
	if err != nil {
		return webhook.AppKeys{}, webhook.ErrUnknownApp
	}
	ctx = privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "callback"}), privacy.Allow)
	a, err := db.App.Get(ctx, id)
	if ent.IsNotFound(err) {
		return webhook.AppKeys{}, webhook.ErrUnknownApp
	}
	if err != nil {
		return webhook.AppKeys{}, err
	}
	keys := webhook.AppKeys{TenantID: a.TenantID, AppID: a.ID, FeishuAppID: a.AppID}
	if len(a.EncryptKeySealed) > 0 {
		if keys.EncryptKey, err = f.Sealer.Open(app.FieldEncryptKeySealed, a.EncryptKeySealed); err != nil {
			return keys, err
		}
	}
	if len(a.VerificationTokenSealed) > 0 {
		if keys.VerificationToken, err = f.Sealer.Open(app.FieldVerificationTokenSealed, a.VerificationTokenSealed); err != nil {
			return keys, err
		}
	}
	return keys, nil
}
