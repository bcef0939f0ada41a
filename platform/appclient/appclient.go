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
	// Limits override the documented per-API limits (benchmarks, tests).
	Limits map[string][]ratelimit.Limit
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
		Broker: f.Broker, Limiter: lim, Limits: f.Limits, Egress: f.Policy(), Logger: f.Logger,
	})
}

// Directory returns the directory reader of an app's corp.
func (f *Factory) Directory(a *ent.App, c *ent.Corp) (platform.Directory, error) {
	switch c.Platform {
	case corp.PlatformFeishu:
		return f.Feishu(a, c)
	}
	return nil, fmt.Errorf("directory sync for %s is not available yet", c.Platform)
}

// Writer returns the directory writer of an app's corp (the org sync's
// oa_to_im apply).
func (f *Factory) Writer(a *ent.App, c *ent.Corp) (platform.DirectoryWriter, error) {
	switch c.Platform {
	case corp.PlatformFeishu:
		return f.Feishu(a, c)
	}
	return nil, fmt.Errorf("directory writes for %s are not available yet", c.Platform)
}
