package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/graph/model"
	"imbridge/platform/egress"
	"imbridge/worker/webhook"
)

// maxSecretOverlap bounds how long a rotated-out secret keeps signing.
const maxSecretOverlap = 168

// webhooks is the sender of OA webhooks; without one configured, a sender
// that reaches public https receivers only.
func (r *Resolver) webhooks() *webhook.Sender {
	r.webhooksOnce.Do(func() {
		if r.Webhooks == nil {
			r.Webhooks = &webhook.Sender{Sealer: r.Sealer}
		}
	})
	return r.Webhooks
}

func (r *Resolver) webhookNow() time.Time {
	if s := r.webhooks(); s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// checkWebhookURL applies the egress rules of webhook receivers to a URL
// as it is entered.
func (r *Resolver) checkWebhookURL(ctx context.Context, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if !validURL(raw) {
		return "", badInput("input.url", "must be an absolute https URL (http only for hosts the operator lists in "+webhook.Setting+")")
	}
	var refused *egress.Error
	if err := r.webhooks().CheckURL(ctx, raw); errors.As(err, &refused) {
		return "", badInput("input.url", refused.Reason)
	} else if err != nil {
		return "", err
	}
	return raw, nil
}

// webhookTypes validates an endpoint's event type filter and drops
// repeats.
func webhookTypes(in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for i, t := range in {
		t = strings.TrimSpace(t)
		if err := webhook.ValidTypeFilter(t); err != nil {
			return nil, badInput(fmt.Sprintf("input.eventTypes[%d]", i), err.Error())
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, nil
}

func (r *Resolver) createWebhookEndpoint(ctx context.Context, in model.CreateWebhookEndpointInput) (*model.WebhookEndpointSecretPayload, error) {
	url, err := r.checkWebhookURL(ctx, in.URL)
	if err != nil {
		return nil, err
	}
	types, err := webhookTypes(in.EventTypes)
	if err != nil {
		return nil, err
	}
	secret := webhook.NewSecret()
	c := r.db(ctx).WebhookEndpoint.Create().
		SetName(strings.TrimSpace(in.Name)).SetURL(url).SetEventTypes(types).
		SetNillableDescription(in.Description).SetNillableEnabled(in.Enabled)
	webhook.SetSecret(c.Mutation(), r.Sealer, secret)
	ep, err := c.Save(ctx)
	if err != nil {
		return nil, err
	}
	return &model.WebhookEndpointSecretPayload{Endpoint: ep, Secret: secret}, nil
}

func (r *Resolver) updateWebhookEndpoint(ctx context.Context, id int, in model.UpdateWebhookEndpointInput) (*ent.WebhookEndpoint, error) {
	db := r.db(ctx)
	ep, err := db.WebhookEndpoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	u := db.WebhookEndpoint.UpdateOne(ep).SetNillableEnabled(in.Enabled)
	if in.Name != nil {
		u.SetName(strings.TrimSpace(*in.Name))
	}
	if in.URL != nil {
		url, err := r.checkWebhookURL(ctx, *in.URL)
		if err != nil {
			return nil, err
		}
		u.SetURL(url)
	}
	if in.Description != nil {
		u.SetDescription(*in.Description)
	}
	if in.EventTypes != nil {
		types, err := webhookTypes(in.EventTypes)
		if err != nil {
			return nil, err
		}
		u.SetEventTypes(types)
	}
	return u.Save(ctx)
}

func (r *Resolver) rotateWebhookSecret(ctx context.Context, id int, in *model.RotateWebhookSecretInput) (*model.WebhookEndpointSecretPayload, error) {
	hours := 24
	if in != nil && in.KeepPreviousHours != nil {
		hours = *in.KeepPreviousHours
	}
	if hours < 0 || hours > maxSecretOverlap {
		return nil, badInput("input.keepPreviousHours", fmt.Sprintf("must be from 0 to %d hours", maxSecretOverlap))
	}
	db := r.db(ctx)
	ep, err := db.WebhookEndpoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	u := db.WebhookEndpoint.UpdateOne(ep)
	secret, err := webhook.Rotate(u.Mutation(), r.Sealer, ep, time.Duration(hours)*time.Hour, r.webhookNow())
	if err != nil {
		return nil, err
	}
	if ep, err = u.Save(ctx); err != nil {
		return nil, err
	}
	return &model.WebhookEndpointSecretPayload{Endpoint: ep, Secret: secret}, nil
}

func (r *Resolver) sendWebhookTest(ctx context.Context, id int) (*model.WebhookTestResult, error) {
	ep, err := r.db(ctx).WebhookEndpoint.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	eventID, res := r.webhooks().SendTest(ctx, ep)
	out := &model.WebhookTestResult{EventID: eventID, Ok: res.Outcome == webhook.Delivered, DurationMs: int(res.Duration.Milliseconds())}
	if res.Status != 0 {
		out.HTTPStatus = &res.Status
	}
	if res.Error != "" {
		out.Error = &res.Error
	}
	return out, nil
}

func (r *Resolver) replayWebhookDelivery(ctx context.Context, id int) (*ent.WebhookDelivery, error) {
	d, err := webhook.Replay(ctx, r.db(ctx), id, r.webhookNow())
	if errors.Is(err, webhook.ErrNotReplayable) {
		return nil, conflict(err.Error())
	}
	return d, err
}

func (r *Resolver) replayDeadWebhookDeliveries(ctx context.Context, endpointID int) (*model.ReplayWebhookDeliveriesPayload, error) {
	db := r.db(ctx)
	if _, err := db.WebhookEndpoint.Get(ctx, endpointID); err != nil {
		return nil, err
	}
	n, err := webhook.ReplayDead(ctx, db, endpointID, r.webhookNow())
	if err != nil {
		return nil, err
	}
	return &model.ReplayWebhookDeliveriesPayload{Count: n}, nil
}

func webhookEventTypes() []*model.WebhookEventType {
	out := make([]*model.WebhookEventType, len(webhook.Types))
	for i, t := range webhook.Types {
		out[i] = &model.WebhookEventType{Name: t.Name, Description: t.Description}
	}
	return out
}
