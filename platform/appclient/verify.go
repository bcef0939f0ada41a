package appclient

import (
	"context"
	"errors"
	"time"

	"imbridge/ent"
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
	client, err := f.Feishu(a, c)
	if err != nil {
		return nil, err
	}
	caps := []detail.Capability{{Name: "credentials", OK: true}}
	probed, err := client.Probe(ctx)
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
	for _, p := range probed {
		caps = append(caps, detail.Capability{Name: p.Name, OK: p.OK, Code: p.Code, Message: p.Msg, Class: p.Class, Host: p.Host, Cause: p.Cause})
	}
	return db.App.UpdateOne(a).SetVerification(caps).SetVerifiedAt(time.Now()).Save(ctx)
}
