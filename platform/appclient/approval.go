package appclient

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/platform/feishu/webhook"
)

// ApprovalCallbackPath is where an app's approval-center actions arrive
// (the definition's action_callback_url): {app} is the app's row id, as
// for its events.
func ApprovalCallbackPath(appID int) string {
	return "/callback/feishu/" + strconv.Itoa(appID) + "/approval"
}

// ApprovalCallback returns the action callback of an app's approval
// definition: the URL under the public URL, and the token and encryption
// key the bridge generated for the app (32 random bytes each), sealed like
// the app's secrets. The first call generates them; a concurrent first call
// loses the race and reads the winner's, so every definition of the app and
// the callback handler share one pair. db is the (transactional) client.
func (f *Factory) ApprovalCallback(ctx context.Context, db *ent.Client, a *ent.App, publicURL string) (platform.ApprovalCallback, error) {
	cb := platform.ApprovalCallback{URL: strings.TrimRight(publicURL, "/") + ApprovalCallbackPath(a.ID)}
	if len(a.ApprovalCallbackTokenSealed) == 0 || len(a.ApprovalCallbackKeySealed) == 0 {
		token, key := randomKey(), randomKey()
		if err := db.App.Update().Where(app.ID(a.ID), app.ApprovalCallbackTokenSealedIsNil()).
			SetApprovalCallbackTokenSealed(f.Sealer.Seal(app.FieldApprovalCallbackTokenSealed, token)).
			SetApprovalCallbackKeySealed(f.Sealer.Seal(app.FieldApprovalCallbackKeySealed, key)).Exec(ctx); err != nil {
			return cb, fmt.Errorf("storing the app's approval callback keys: %w", err)
		}
		fresh, err := db.App.Get(ctx, a.ID)
		if err != nil {
			return cb, err
		}
		a.ApprovalCallbackTokenSealed, a.ApprovalCallbackKeySealed = fresh.ApprovalCallbackTokenSealed, fresh.ApprovalCallbackKeySealed
	}
	var err error
	if cb.Token, err = f.Sealer.Open(app.FieldApprovalCallbackTokenSealed, a.ApprovalCallbackTokenSealed); err != nil {
		return cb, err
	}
	if cb.EncryptKey, err = f.Sealer.Open(app.FieldApprovalCallbackKeySealed, a.ApprovalCallbackKeySealed); err != nil {
		return cb, err
	}
	return cb, nil
}

// FeishuApprovalKeys finds the app an approval-center action is addressed
// to and opens its callback keys, across tenants (as FeishuKeys). An app
// that never created a definition has no keys: ErrUnknownApp.
func (f *Factory) FeishuApprovalKeys(ctx context.Context, db *ent.Client, path string) (webhook.ApprovalKeys, error) {
	id, err := strconv.Atoi(path)
	if err != nil {
		return webhook.ApprovalKeys{}, webhook.ErrUnknownApp
	}
	ctx = privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "callback"}), privacy.Allow)
	a, err := db.App.Get(ctx, id)
	if ent.IsNotFound(err) {
		return webhook.ApprovalKeys{}, webhook.ErrUnknownApp
	}
	if err != nil {
		return webhook.ApprovalKeys{}, err
	}
	if len(a.ApprovalCallbackTokenSealed) == 0 {
		return webhook.ApprovalKeys{}, webhook.ErrUnknownApp
	}
	keys := webhook.ApprovalKeys{TenantID: a.TenantID, AppID: a.ID, FeishuAppID: a.AppID}
	if keys.Token, err = f.Sealer.Open(app.FieldApprovalCallbackTokenSealed, a.ApprovalCallbackTokenSealed); err != nil {
		return keys, err
	}
	if len(a.ApprovalCallbackKeySealed) > 0 {
		if keys.EncryptKey, err = f.Sealer.Open(app.FieldApprovalCallbackKeySealed, a.ApprovalCallbackKeySealed); err != nil {
			return keys, err
		}
	}
	return keys, nil
}

func randomKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
