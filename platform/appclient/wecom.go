package appclient

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/platform/ratelimit"
	"imbridge/platform/wecom"
	"imbridge/platform/wecom/callback"
)

// ContactSyncAgent is the app id a WeCom app takes when it holds the
// 通讯录同步 secret, which has no AgentId (it reads and writes contacts
// and sends no messages).
const ContactSyncAgent = "contacts"

// ErrNoCorpID is returned for a WeCom corp without its corpid.
var ErrNoCorpID = errors.New("the WeCom corp has no corpid (我的企业 › 企业信息 › 企业ID)")

// WeCom returns the client of an app of a WeCom corp: the corp's corpid,
// the app's AgentId (none for ContactSyncAgent) and its sealed Secret.
func (f *Factory) WeCom(a *ent.App, c *ent.Corp) (*wecom.Client, error) {
	if c.Platform != corp.PlatformWecom {
		return nil, fmt.Errorf("corp %q is on %s, not wecom", c.Name, c.Platform)
	}
	if c.CorpID == "" {
		return nil, ErrNoCorpID
	}
	if len(a.AppSecretSealed) == 0 {
		return nil, ErrNoSecret
	}
	base := BaseURL(c)
	if a.SecretsBaseURL != base {
		return nil, ErrSecretsForOtherURL
	}
	secret, err := f.Sealer.Open(app.FieldAppSecretSealed, a.AppSecretSealed)
	if err != nil {
		return nil, err
	}
	lim := f.Limiter
	if lim == nil {
		lim = ratelimit.New(f.Broker)
	}
	agent := a.AppID
	if agent == ContactSyncAgent {
		agent = ""
	}
	return wecom.New(wecom.Params{CorpID: c.CorpID, AgentID: agent, Secret: secret, BaseURL: base,
		Broker: f.Broker, Limiter: lim, Limits: f.Limits, Egress: f.PolicyFor(c.TenantID, base), Logger: f.Logger,
		WithholdUnknown: !wecom.WeComHost(base), Actions: f.Actions})
}

// CheckWeComAppID accepts a WeCom app id: an AgentId (a positive integer)
// or ContactSyncAgent.
func CheckWeComAppID(id string) error {
	if id == ContactSyncAgent {
		return nil
	}
	if n, err := strconv.Atoi(id); err != nil || n <= 0 {
		return fmt.Errorf("a WeCom app id is its AgentId (a positive integer, 应用管理 › the app › AgentId), or %q for the 通讯录同步 secret", ContactSyncAgent)
	}
	return nil
}

// WeComKeys finds the app a WeCom callback is addressed to (the path
// carries the app's global id) and opens its Token and EncodingAESKey,
// stored in the app's verification_token and encrypt_key. Looked up as the
// system across tenants, as FeishuKeys.
func (f *Factory) WeComKeys(ctx context.Context, db *ent.Client, path string) (callback.AppKeys, error) {
	id, err := strconv.Atoi(path)
	if err != nil {
		return callback.AppKeys{}, callback.ErrUnknownApp
	}
	ctx = privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "callback"}), privacy.Allow)
	a, err := db.App.Get(ctx, id)
	if ent.IsNotFound(err) {
		return callback.AppKeys{}, callback.ErrUnknownApp
	}
	if err != nil {
		return callback.AppKeys{}, err
	}
	c, err := db.Corp.Get(ctx, a.CorpID)
	if err != nil {
		return callback.AppKeys{}, err
	}
	if c.Platform != corp.PlatformWecom {
		return callback.AppKeys{}, callback.ErrUnknownApp
	}
	keys := callback.AppKeys{TenantID: a.TenantID, AppID: a.ID, CorpID: c.CorpID}
	if len(a.EncryptKeySealed) > 0 {
		if keys.EncodingAESKey, err = f.Sealer.Open(app.FieldEncryptKeySealed, a.EncryptKeySealed); err != nil {
			return keys, err
		}
	}
	if len(a.VerificationTokenSealed) > 0 {
		if keys.Token, err = f.Sealer.Open(app.FieldVerificationTokenSealed, a.VerificationTokenSealed); err != nil {
			return keys, err
		}
	}
	return keys, nil
}
