package appclient

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/corp"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/platform/ratelimit"
	"imbridge/platform/volcano"
)

// Providers of live broadcasts, as Broadcast.provider names them.
const (
	ProviderWeComLiving = "wecom_living"
	ProviderVolcanoLive = "volcano_live"
)

// ErrNoVolcanoKeys is returned for a corp without Volcano AK/SK.
var ErrNoVolcanoKeys = errors.New("the corp has no Volcano enterprise live keys (AK/SK): set them on the corp")

// VolcanoBaseURL is where a corp's Volcano calls go: the root its keys were
// entered for, or livesaas's default.
func VolcanoBaseURL(c *ent.Corp) string {
	if c.VolcanoBaseURL != "" {
		return c.VolcanoBaseURL
	}
	return volcano.DefaultBaseURL
}

// Live returns the live-broadcast client of a provider for an app of a
// corp: WeCom living through the app's own credentials (WeCom acts only on
// the livings of the app that created them), Volcano enterprise live
// through the corp's account keys (one Volcano account per enterprise).
// The provider must fit the corp's platform.
func (f *Factory) Live(a *ent.App, c *ent.Corp, provider string) (platform.Live, error) {
	if a.CorpID != c.ID {
		return nil, fmt.Errorf("app %d is not of corp %d", a.ID, c.ID)
	}
	switch provider {
	case ProviderWeComLiving:
		w, err := f.WeCom(a, c)
		if err != nil {
			return nil, err
		}
		return w.Living(), nil
	case ProviderVolcanoLive:
		v, err := f.Volcano(c)
		if err != nil {
			return nil, err
		}
		return v.Live(), nil
	}
	return nil, fmt.Errorf("unknown live provider %q", provider)
}

// Volcano returns the livesaas client of a Feishu corp's Volcano account.
func (f *Factory) Volcano(c *ent.Corp) (*volcano.Client, error) {
	if c.Platform != corp.PlatformFeishu {
		return nil, fmt.Errorf("corp %q is on %s: Volcano enterprise live is Feishu's", c.Name, c.Platform)
	}
	if len(c.VolcanoAccessKeyIDSealed) == 0 || len(c.VolcanoSecretAccessKeySealed) == 0 {
		return nil, ErrNoVolcanoKeys
	}
	ak, err := f.Sealer.Open(corp.FieldVolcanoAccessKeyIDSealed, c.VolcanoAccessKeyIDSealed)
	if err != nil {
		return nil, err
	}
	sk, err := f.Sealer.Open(corp.FieldVolcanoSecretAccessKeySealed, c.VolcanoSecretAccessKeySealed)
	if err != nil {
		return nil, err
	}
	lim := f.Limiter
	if lim == nil {
		lim = ratelimit.New(f.Broker)
	}
	base := VolcanoBaseURL(c)
	return volcano.New(volcano.Params{AccessKeyID: ak, SecretAccessKey: sk, BaseURL: base,
		Broker: f.Broker, Limiter: lim, Egress: f.PolicyFor(c.TenantID, base), Logger: f.Logger,
		WithholdUnknown: !volcano.VolcanoHost(base)})
}

// VolcanoCallbackSecret opens a corp's Volcano callback key ("" when not
// set: every callback is refused).
func (f *Factory) VolcanoCallbackSecret(c *ent.Corp) (string, error) {
	if len(c.VolcanoCallbackSecretSealed) == 0 {
		return "", nil
	}
	return f.Sealer.Open(corp.FieldVolcanoCallbackSecretSealed, c.VolcanoCallbackSecretSealed)
}

// VolcanoKeys finds the corp a Volcano status callback is addressed to
// (the path carries the corp's global id) and opens its callback key;
// looked up as the system across tenants, as WeComKeys. A corp without a
// callback key is unknown: nothing could be verified.
func (f *Factory) VolcanoKeys(ctx context.Context, db *ent.Client, path string) (volcano.CallbackTarget, error) {
	id, err := strconv.Atoi(path)
	if err != nil {
		return volcano.CallbackTarget{}, volcano.ErrUnknownTarget
	}
	ctx = privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "callback"}), privacy.Allow)
	c, err := db.Corp.Get(ctx, id)
	if ent.IsNotFound(err) {
		return volcano.CallbackTarget{}, volcano.ErrUnknownTarget
	}
	if err != nil {
		return volcano.CallbackTarget{}, err
	}
	secret, err := f.VolcanoCallbackSecret(c)
	if err != nil {
		return volcano.CallbackTarget{}, err
	}
	if secret == "" || c.Platform != corp.PlatformFeishu {
		return volcano.CallbackTarget{}, volcano.ErrUnknownTarget
	}
	return volcano.CallbackTarget{TenantID: c.TenantID, CorpID: c.ID, Secret: secret}, nil
}
