package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/delivery"
	"imbridge/ent/detail"
	"imbridge/ent/message"
	"imbridge/ent/pushtarget"
	"imbridge/ent/viewer"
	"imbridge/graph/model"
	"imbridge/worker"
	"imbridge/worker/push"
	"imbridge/worker/webhook"
)

// pushEngine is the push engine (worker/push); without one configured,
// one on this resolver's database, jobs and platform clients.
func (r *Resolver) pushEngine() *push.Engine {
	r.pushOnce.Do(func() {
		if r.Push == nil {
			r.Push = worker.NewPushEngine(worker.PushParams{DB: r.Client, Jobs: r.Jobs, Platforms: r.Platforms,
				Webhooks: &webhook.Publisher{DB: r.Client}, Logger: r.Logger, PublicURL: r.PublicURL})
		}
	})
	return r.Push
}

// pushError maps the engine's errors to the API's codes.
func pushError(err error) error {
	var ie *push.InputError
	switch {
	case errors.As(err, &ie):
		return badInput(ie.Field, ie.Rule)
	case errors.Is(err, push.ErrInFlight):
		return conflict("input.idempotencyKey: " + err.Error())
	case errors.Is(err, push.ErrConflict):
		return conflict("input.idempotencyKey: " + err.Error())
	case errors.Is(err, push.ErrNotFound):
		return notFound(err.Error())
	case errors.Is(err, push.ErrNotReplayable):
		return conflict(err.Error())
	}
	return err
}

func (r *Resolver) pushMessage(ctx context.Context, in model.PushMessageInput) (*ent.Message, error) {
	pi := push.Input{IdempotencyKey: in.IdempotencyKey, Source: in.Source, Title: in.Title, Content: deref(in.Content),
		Link: deref(in.Link), TodoKey: deref(in.TodoKey), CreatedBy: viewer.FromContext(ctx).Actor()}
	for _, f := range in.Fields {
		pi.Fields = append(pi.Fields, detail.PushField{Label: f.Label, Value: f.Value, Short: f.Short != nil && *f.Short})
	}
	for _, b := range in.Buttons {
		pi.Buttons = append(pi.Buttons, detail.PushButton{Text: b.Text, URL: b.URL})
	}
	if rc := in.Recipients; rc != nil {
		pi.Recipients = detail.PushRecipients{UserIDs: rc.UserIDs, DepartmentIDs: rc.DepartmentIDs, Everyone: rc.Everyone != nil && *rc.Everyone}
	}
	m, err := r.pushEngine().Push(ctx, pi)
	return m, pushError(err)
}

func (r *Resolver) completeTodo(ctx context.Context, in model.CompleteTodoInput) (*model.CompleteTodoPayload, error) {
	c, err := r.pushEngine().CompleteTodo(ctx, in.Key, deref(in.Outcome))
	if err != nil {
		return nil, pushError(err)
	}
	return &model.CompleteTodoPayload{Messages: c.Messages}, nil
}

// pushTargets validates a rule's targets, naming the bad one.
func (r *Resolver) pushTargets(ctx context.Context, in []*model.PushTargetInput) error {
	if len(in) == 0 {
		return badInput("input.targets", "give at least one target")
	}
	for i, t := range in {
		field := fmt.Sprintf("input.targets[%d]", i)
		a, err := r.db(ctx).App.Query().Where(app.ID(t.AppID)).WithCorp().Only(ctx)
		if err != nil {
			return badInput(field+".appID", "no such app")
		}
		if t.QuickApproval != nil && *t.QuickApproval && t.MessageType != pushtarget.MessageTypeTodo && t.MessageType != pushtarget.MessageTypeApproval {
			return badInput(field+".quickApproval", "quick approval is for to-dos (messageType todo or approval)")
		}
		if t.MessageType == pushtarget.MessageTypeApproval && a.Edges.Corp.Platform != corp.PlatformFeishu {
			return badInput(field+".messageType", "the approval center (三方审批) is Feishu's: choose an app of a Feishu corp")
		}
		if len([]rune(deref(t.TitleTemplate))) > 500 || len([]rune(deref(t.BodyTemplate))) > 5000 {
			return badInput(field, "templates: title at most 500, body at most 5,000 characters")
		}
	}
	return nil
}

func (r *Resolver) saveTargets(ctx context.Context, ruleID int, in []*model.PushTargetInput) error {
	db := r.db(ctx)
	for _, t := range in {
		c := db.PushTarget.Create().SetRuleID(ruleID).SetAppID(t.AppID).SetMessageType(t.MessageType).
			SetQuickApproval(t.QuickApproval != nil && *t.QuickApproval).
			SetTitleTemplate(deref(t.TitleTemplate)).SetBodyTemplate(deref(t.BodyTemplate))
		if err := c.Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (r *Resolver) createPushRule(ctx context.Context, in model.CreatePushRuleInput) (*ent.PushRule, error) {
	name := strings.TrimSpace(in.Name)
	if name == "" || len([]rune(name)) > 100 {
		return nil, badInput("input.name", "is required, at most 100 characters")
	}
	if len([]rune(deref(in.Source))) > 100 {
		return nil, badInput("input.source", "at most 100 characters")
	}
	if err := r.pushTargets(ctx, in.Targets); err != nil {
		return nil, err
	}
	rule, err := r.db(ctx).PushRule.Create().SetName(name).SetSource(strings.TrimSpace(deref(in.Source))).
		SetNillableEnabled(in.Enabled).SetNillableIncludePartTime(in.IncludePartTime).SetDescription(deref(in.Description)).Save(ctx)
	if err != nil {
		return nil, err
	}
	return rule, r.saveTargets(ctx, rule.ID, in.Targets)
}

func (r *Resolver) updatePushRule(ctx context.Context, id int, in model.UpdatePushRuleInput) (*ent.PushRule, error) {
	db := r.db(ctx)
	rule, err := db.PushRule.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	u := db.PushRule.UpdateOne(rule).SetNillableEnabled(in.Enabled).SetNillableIncludePartTime(in.IncludePartTime).SetNillableDescription(in.Description)
	if in.Name != nil {
		name := strings.TrimSpace(*in.Name)
		if name == "" || len([]rune(name)) > 100 {
			return nil, badInput("input.name", "is required, at most 100 characters")
		}
		u.SetName(name)
	}
	if in.Source != nil {
		if len([]rune(*in.Source)) > 100 {
			return nil, badInput("input.source", "at most 100 characters")
		}
		u.SetSource(strings.TrimSpace(*in.Source))
	}
	if in.Targets != nil {
		if err := r.pushTargets(ctx, in.Targets); err != nil {
			return nil, err
		}
		if _, err := db.PushTarget.Delete().Where(pushtarget.RuleID(id)).Exec(ctx); err != nil {
			return nil, err
		}
		if err := r.saveTargets(ctx, id, in.Targets); err != nil {
			return nil, err
		}
	}
	return u.Save(ctx)
}

// The sample message of the template preview, which sendPushTest sends
// too: the console shows what the test will look like.
const (
	sampleTitle   = "报销单 1024"
	sampleContent = "差旅报销 ¥1,280，请审批。"
	sampleSource  = "审批"
	sampleLink    = "https://oa.example.com/flow/1024"
)

// previewMessage is the message a preview renders: the values given, the
// sample's for the rest (without a title, the whole sample message).
func previewMessage(title, content, source, link *string) *ent.Message {
	m := &ent.Message{Title: deref(title), Content: deref(content), Source: deref(source), Link: deref(link)}
	if title == nil {
		m.Title, m.Content = sampleTitle, sampleContent
	}
	if m.Source == "" {
		m.Source = sampleSource
	}
	if m.Link == "" {
		m.Link = sampleLink
	}
	return m
}

func previewPush(titleT, bodyT, title, content, source, link *string) *model.PushPreview {
	m := previewMessage(title, content, source, link)
	return &model.PushPreview{Title: push.Render(deref(titleT), m.Title, m), Body: push.Render(deref(bodyT), m.Content, m)}
}

// messagePollInterval is how often messageProgress reads the message: the
// engine stores its counters every half second while it delivers.
const messagePollInterval = 500 * time.Millisecond

// messageProgress streams a message: its current state, then every change,
// until it has ended. The message is read through the tenant filter (one
// of another tenant is NOT_FOUND); each poll reads it again, so a message
// deleted or out of reach ends the stream.
func (r *Resolver) messageProgress(ctx context.Context, id int) (<-chan *ent.Message, error) {
	m, err := r.Client.Message.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make(chan *ent.Message, 1)
	go func() {
		defer close(out)
		last := ""
		t := time.NewTicker(messagePollInterval)
		defer t.Stop()
		for {
			// The last state is always sent: a to-do's cards change
			// without the message's own fields changing.
			ended := r.messageEnded(ctx, m)
			if state := messageState(m); state != last || ended {
				last = state
				select {
				case out <- m:
				case <-ctx.Done():
					return
				}
			}
			if ended {
				return
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if m, err = r.Client.Message.Get(ctx, id); err != nil {
				return
			}
		}
	}()
	return out, nil
}

func messageState(m *ent.Message) string {
	return fmt.Sprint(m.Status, m.Total, m.Sent, m.Skipped, m.Failed, m.TodoState)
}

// messageEnded: delivered (or recalled), and a done to-do's cards no
// longer pending.
func (r *Resolver) messageEnded(ctx context.Context, m *ent.Message) bool {
	switch m.Status {
	case message.StatusQueued, message.StatusDelivering:
		return false
	}
	if m.TodoState != message.TodoStateDone || m.Status == message.StatusRecalled {
		return true
	}
	n, err := m.QueryDeliveries().Where(delivery.StatusEQ(delivery.StatusSent), delivery.CardStateEQ(delivery.CardStatePending)).Count(ctx)
	return err != nil || n == 0
}
