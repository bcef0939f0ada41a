package appclient

import (
	"context"
	"errors"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/corp"
	"imbridge/ent/detail"
	"imbridge/platform"
	"imbridge/platform/feishu"
)

// Verify gets a token with the app's credentials and probes each capability
// the features need, and stores the outcome on the app. Refused credentials
// are stored too, as the "credentials" capability, so the console can show
// Feishu's code and message. db is the (transactional) client to write with.
func (f *Factory) Verify(ctx context.Context, db *ent.Client, a *ent.App) (*ent.App, error) {
	c, err := db.Corp.Get(ctx, a.CorpID)
	if err != nil {
		return nil, err
	}
	probed, err := f.probe(ctx, a, c)
	caps := []detail.Capability{{Name: "credentials", OK: true}}
	var pe *platform.Error
	if err != nil {
		if ctx.Err() != nil {
			return nil, err
		}
		if f, ok := feishu.NetworkFailure(err, BaseURL(c)); ok {
			// The platform was not reached: a firewall, DNS or a missing
			// proxy. Stored like any outcome, naming the host and the step.
			caps[0] = detail.Capability{Name: "network", Class: "network", Host: f.Host, Cause: f.Cause, Message: f.Error()}
			return db.App.UpdateOne(a).SetVerification(caps).SetVerifiedAt(time.Now()).Save(ctx)
		}
	}
	switch {
	case errors.As(err, &pe):
		caps[0] = detail.Capability{Name: "credentials", Code: pe.Code, Message: pe.Advice(), Class: pe.Class.String()}
	case err != nil:
		return nil, err
	}
	caps = append(caps, probed...)
	return db.App.UpdateOne(a).SetVerification(caps).SetVerifiedAt(time.Now()).Save(ctx)
}

// probe runs the platform's probe of the app's capabilities. A refusal of
// the credentials is returned as *platform.Error; an app that cannot be
// built (no secret, secrets for another URL) as the Factory's errors.
func (f *Factory) probe(ctx context.Context, a *ent.App, c *ent.Corp) ([]detail.Capability, error) {
	var out []detail.Capability
	switch c.Platform {
	case corp.PlatformFeishu:
		client, err := f.Feishu(a, c)
		if err != nil {
			return nil, err
		}
		probed, err := client.Probe(ctx)
		for _, p := range probed {
			out = append(out, detail.Capability{Name: p.Name, OK: p.OK, Code: p.Code, Message: p.Msg, Class: p.Class, Host: p.Host, Cause: p.Cause})
		}
		return out, err
	case corp.PlatformWecom:
		client, err := f.WeCom(a, c)
		if err != nil {
			return nil, err
		}
		probed, err := client.Probe(ctx)
		for _, p := range probed {
			out = append(out, detail.Capability{Name: p.Name, OK: p.OK, Code: p.Code, Message: p.Msg})
		}
		return out, err
	}
	return nil, fmt.Errorf("verifying %s apps is not available yet", c.Platform)
}
