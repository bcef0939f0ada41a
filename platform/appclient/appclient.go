// Package appclient builds platform clients for the bridge's Apps: it opens
// the app's sealed credentials and wires the shared token cache and rate
// limiter, so the API and the workers create clients the same way.
package appclient

import (
	"errors"
	"fmt"
	"log/slog"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/seal"
	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	"imbridge/worker/broker"
)

// Factory makes clients.
type Factory struct {
	Sealer  *seal.Sealer
	Broker  *broker.Broker
	Limiter *ratelimit.Limiter
	Logger  *slog.Logger
	// Egress decides which hosts platform calls may reach (checked when a
	// base URL is entered and on every connection); nil means
	// egress.Strict(), public https hosts only.
	Egress *egress.Policy
	// Scoped lets one tenant's corps reach base URLs Egress refuses: in
	// demo mode the demo tenant's simulators on this server's own private,
	// plain-http address; nil: none. Every other tenant stays on Egress.
	Scoped *egress.Scope
	// Limits override the documented per-API limits (benchmarks, tests).
	Limits map[string][]ratelimit.Limit
	// Actions seals the values of card buttons that call back (push's
	// quick approval); the card callback handler opens them with it.
	Actions *platform.ActionSigner
}

// ErrNoSecret is returned for an app whose secret is not set.
var ErrNoSecret = errors.New("the app secret is not set")

// ErrSecretsForOtherURL is returned for an app whose secrets were entered
// for another API base URL than its corp's (or before the bridge recorded
// where): they are never sent there, and must be entered again.
var ErrSecretsForOtherURL = errors.New("the app's secrets were entered for another API base URL than the corp's: enter them again")

// Policy is the egress policy of platform calls.
func (f *Factory) Policy() *egress.Policy {
	if f == nil || f.Egress == nil {
		return egress.Strict()
	}
	return f.Egress
}

// PolicyFor is the egress policy of tenant tenantID's calls to base URL
// raw (a corp's API base URL, a Volcano account's endpoint): Scoped's when
// the URL is within it, Policy otherwise. Base URLs are checked with it
// when entered and clients are built with it, so a URL stored before the
// scope changed is refused when used.
func (f *Factory) PolicyFor(tenantID int, raw string) *egress.Policy {
	if f == nil {
		return egress.Strict()
	}
	return f.Scoped.PolicyFor(tenantID, raw, f.Policy())
}

// Feishu returns the Feishu client of an app of a Feishu corp.
func (f *Factory) Feishu(a *ent.App, c *ent.Corp) (*feishu.Client, error) {
	if c.Platform != corp.PlatformFeishu {
		return nil, fmt.Errorf("corp %q is on %s, not feishu", c.Name, c.Platform)
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
	return feishu.New(feishu.Params{
		AppID: a.AppID, AppSecret: secret, BaseURL: base,
		Broker: f.Broker, Limiter: lim, Limits: f.Limits, Egress: f.PolicyFor(c.TenantID, base), Logger: f.Logger, Actions: f.Actions,
		// A private deployment or any other host: unknown codes' messages
		// are not quoted into deliveries, verifications and the console.
		WithholdUnknown: !feishu.FeishuHost(base),
	})
}

// Directory returns the directory reader of an app's corp.
func (f *Factory) Directory(a *ent.App, c *ent.Corp) (platform.Directory, error) {
	switch c.Platform {
	case corp.PlatformFeishu:
		return f.Feishu(a, c)
	case corp.PlatformWecom:
		return f.WeCom(a, c)
	}
	return nil, fmt.Errorf("directory sync for %s is not available yet", c.Platform)
}

// Messenger returns the messenger of an app (push, issue 9): a Feishu
// app's bot, a WeCom app (agent).
func (f *Factory) Messenger(a *ent.App, c *ent.Corp) (platform.Messenger, error) {
	switch c.Platform {
	case corp.PlatformFeishu:
		return f.Feishu(a, c)
	case corp.PlatformWecom:
		return f.WeCom(a, c)
	}
	return nil, fmt.Errorf("messages to %s are not available yet", c.Platform)
}

// DirectoryWriter returns the directory writer of an app's corp (sync
// apply, oa_to_im). WeCom writes need the 通讯录同步 secret (app id
// ContactSyncAgent); other WeCom apps are refused with 48002.
func (f *Factory) DirectoryWriter(a *ent.App, c *ent.Corp) (platform.DirectoryWriter, error) {
	switch c.Platform {
	case corp.PlatformFeishu:
		return f.Feishu(a, c)
	case corp.PlatformWecom:
		return f.WeCom(a, c)
	}
	return nil, fmt.Errorf("directory writes to %s are not available yet", c.Platform)
}
