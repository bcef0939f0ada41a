package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/worker/push"
	oawebhook "imbridge/worker/webhook"
)

// Push task types (worker/push): a message's delivery, its to-do
// completion and its recall, and the update of one clicked card.
const (
	TypePushDeliver  = "push:deliver"
	TypePushComplete = "push:complete"
	TypePushRecall   = "push:recall"
	TypePushCard     = "push:card"
	// TypePushApproval syncs a message's approval-center instances (after
	// a decision taken in the center).
	TypePushApproval = "push:approval"
	// TypePushApprovalCheck is the periodic drift check of an app's
	// approval-center instances (push.Engine.CheckApprovals).
	TypePushApprovalCheck = "push:approval-check"
)

var pushTypes = map[push.Op]string{push.OpDeliver: TypePushDeliver, push.OpComplete: TypePushComplete, push.OpRecall: TypePushRecall,
	push.OpApproval: TypePushApproval}

// pushPayload names the message (or the delivery) a push task works on.
type pushPayload struct {
	TenantID   int    `json:"tenantId"`
	MessageID  int    `json:"messageId,omitempty"`
	DeliveryID int    `json:"deliveryId,omitempty"`
	AppID      int    `json:"appId,omitempty"`
	Token      string `json:"token,omitempty"`
}

// pushUnique keeps one task of a kind per message queued at a time: a
// second enqueue while one waits is dropped (the waiting one does the
// work: it reads what is queued when it runs).
const pushUnique = time.Hour

// EnqueuePush queues op on a message once the transaction in ctx commits
// (at once without one): a job must not look for rows not yet visible.
func (c *Client) EnqueuePush(ctx context.Context, tenantID, messageID int, op push.Op) error {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		return c.enqueuePush(ctx, tenantID, messageID, op)
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(cctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(cctx, tx); err != nil {
				return err
			}
			if err := c.enqueuePush(context.WithoutCancel(cctx), tenantID, messageID, op); err != nil {
				// Committed; a repeated push, completion or replay
				// enqueues again.
				slog.Warn("enqueueing a push task after commit failed", "message", messageID, "op", op, "err", err)
			}
			return nil
		})
	})
	return nil
}

func (c *Client) enqueuePush(ctx context.Context, tenantID, messageID int, op push.Op) error {
	typ, ok := pushTypes[op]
	if !ok {
		return fmt.Errorf("push: unknown op %q", op)
	}
	data, _ := json.Marshal(pushPayload{TenantID: tenantID, MessageID: messageID})
	_, err := c.asynq.EnqueueContext(ctx, asynq.NewTask(typ, data), asynq.Queue(c.broker.Queue(QueueDefault)),
		asynq.MaxRetry(10), asynq.Unique(pushUnique), asynq.Retention(retention))
	if errors.Is(err, asynq.ErrDuplicateTask) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("enqueueing %s of message %d: %w", typ, messageID, err)
	}
	return nil
}

// EnqueuePushCard queues the update of a clicked card, a moment later:
// Feishu takes the click's token only after the callback was answered.
func (c *Client) EnqueuePushCard(ctx context.Context, tenantID, deliveryID int, token string) error {
	data, _ := json.Marshal(pushPayload{TenantID: tenantID, DeliveryID: deliveryID, Token: token})
	_, err := c.asynq.EnqueueContext(ctx, asynq.NewTask(TypePushCard, data), asynq.Queue(c.broker.Queue(QueueCritical)),
		asynq.MaxRetry(5), asynq.ProcessIn(500*time.Millisecond), asynq.Retention(retention))
	return err
}

// PushParams build a push engine for a process.
type PushParams struct {
	DB        *ent.Client
	Jobs      *Client
	Platforms *appclient.Factory
	Webhooks  *oawebhook.Publisher
	Logger    *slog.Logger
	// PublicURL is where the platforms reach the bridge (the approval
	// definitions' action callback is built from it).
	PublicURL string
	// CallbackBase, when set, overrides PublicURL for a tenant's callbacks
	// (the demo tenant's simulator reaches this process directly).
	CallbackBase func(tenantID int) string
}

// NewPushEngine returns the push engine wired to the jobs, the platform
// clients and the OA's webhooks.
func NewPushEngine(p PushParams) *push.Engine {
	return push.New(push.Params{
		DB: p.DB,
		Messenger: func(_ context.Context, a *ent.App, c *ent.Corp) (platform.Messenger, error) {
			if p.Platforms == nil {
				return nil, errors.New("no platform clients in this process")
			}
			// A Feishu app's bot or a WeCom app (agent): rules may target either.
			return p.Platforms.Messenger(a, c)
		},
		ApprovalCallback: func(ctx context.Context, a *ent.App) (platform.ApprovalCallback, error) {
			if p.Platforms == nil {
				return platform.ApprovalCallback{}, errors.New("no platform clients in this process")
			}
			base := p.PublicURL
			if p.CallbackBase != nil {
				if b := p.CallbackBase(a.TenantID); b != "" {
					base = b
				}
			}
			return p.Platforms.ApprovalCallback(ctx, p.DB, a, base)
		},
		Schedule:     p.Jobs.EnqueuePush,
		ScheduleCard: p.Jobs.EnqueuePushCard,
		Webhooks:     p.Webhooks,
		Logger:       p.Logger,
	})
}

// pushTask runs a push task.
func (s *Server) pushTask(ctx context.Context, t *asynq.Task) error {
	var p pushPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.TenantID == 0 {
		return fmt.Errorf("bad %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	switch t.Type() {
	case TypePushDeliver:
		return s.push.Deliver(ctx, p.TenantID, p.MessageID)
	case TypePushComplete:
		return s.push.Complete(ctx, p.TenantID, p.MessageID)
	case TypePushRecall:
		return s.push.Withdraw(ctx, p.TenantID, p.MessageID)
	case TypePushCard:
		return s.push.UpdateClickedCard(ctx, p.TenantID, p.DeliveryID, p.Token)
	case TypePushApproval:
		return s.push.SyncApprovals(ctx, p.TenantID, p.MessageID)
	case TypePushApprovalCheck:
		rep, err := s.push.CheckApprovals(ctx, p.TenantID, p.AppID)
		if rep.Drifted+rep.Resynced+rep.Failed > 0 {
			s.p.Logger.Info("push: approval check", "app", p.AppID, "checked", rep.Checked, "drifted", rep.Drifted,
				"resynced", rep.Resynced, "failed", rep.Failed)
		}
		return err
	}
	return fmt.Errorf("unknown push task %s: %w", t.Type(), asynq.SkipRetry)
}
