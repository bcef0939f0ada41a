package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hibiken/asynq"

	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/platform/wecom/callback"
	"imbridge/worker/mirror"
)

// TypeWeComEvent applies one WeCom callback event (change_contact keeps the
// mirror current; living_status_change is kept for the broadcasts).
const TypeWeComEvent = "wecom:event"

// wecomEventPayload is a received event, as queued by the callback endpoint.
type wecomEventPayload struct {
	TenantID   int    `json:"tenantId"`
	AppID      int    `json:"appId"`
	EventID    string `json:"eventId"`
	Event      string `json:"event"`
	ChangeType string `json:"changeType"`
	UserID     string `json:"userId,omitempty"`
	NewUserID  string `json:"newUserId,omitempty"`
	PartyID    string `json:"partyId,omitempty"`
	LivingID   string `json:"livingId,omitempty"`
	Status     string `json:"status,omitempty"`
}

// EnqueueWeComEvent queues an event from the callback endpoint on the
// critical queue: WeCom waits 5 s for the answer, the work happens here.
func (c *Client) EnqueueWeComEvent(ctx context.Context, keys callback.AppKeys, ev callback.Event) error {
	data, err := json.Marshal(wecomEventPayload{TenantID: keys.TenantID, AppID: keys.AppID, EventID: ev.ID,
		Event: ev.Event, ChangeType: ev.ChangeType, UserID: ev.UserID, NewUserID: ev.NewUserID, PartyID: ev.PartyID,
		LivingID: ev.LivingID, Status: ev.Status})
	if err != nil {
		return err
	}
	_, err = c.asynq.EnqueueContext(ctx, asynq.NewTask(TypeWeComEvent, data),
		asynq.Queue(c.broker.Queue(QueueCritical)), asynq.TaskID(fmt.Sprintf("wecom-evt-%d-%s", keys.AppID, ev.ID)),
		asynq.MaxRetry(8), asynq.Retention(retention))
	if err == asynq.ErrTaskIDConflict {
		return nil
	}
	return err
}

// wecomEvent applies a change_contact event (通讯录回调通知) to the mirror
// through the same Target as Feishu's events: the member or department is
// read back (events carry ids only) and written like a pull would.
// delete_user is WeCom saying the member left: resigned. Department ids
// are WeCom's; the root (1) is the neutral root, as the adapter says.
func (s *Server) wecomEvent(ctx context.Context, t *asynq.Task) error {
	var p wecomEventPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.TenantID == 0 {
		return fmt.Errorf("bad event payload: %w", asynq.SkipRetry)
	}
	if p.Event == "living_status_change" {
		return s.livingStatusChange(ctx, p)
	}
	if p.Event != "change_contact" {
		return nil
	}
	ctx = viewer.System(ctx, "wecom-event", p.TenantID)
	db := s.p.DB
	a, err := db.App.Get(ctx, p.AppID)
	if err != nil {
		return fmt.Errorf("event %s: app %d: %v: %w", p.EventID, p.AppID, err, asynq.SkipRetry)
	}
	c, err := a.QueryCorp().Only(ctx)
	if err != nil {
		return err
	}
	dir, err := s.p.Platforms.Directory(a, c)
	if err != nil {
		return fmt.Errorf("%v: %w", err, asynq.SkipRetry)
	}
	top, err := topDepartment(ctx, db, c.ID)
	if err != nil {
		return err
	}
	target := mirror.Target{Client: db, CorpID: c.ID, Dir: dir, Top: top}
	party := p.PartyID
	if party == "1" {
		party = platform.RootDepartmentID
	}
	kind, id := "user", p.UserID
	if p.PartyID != "" {
		kind, id = "department", party
	}
	if s.echoes.IsEcho(ctx, p.AppID, EchoKey(kind, id), p.ChangeType) {
		// The bridge made this change itself (a writer registered it with
		// Remember, the change type as fingerprint): applying it again could
		// start a sync loop.
		s.p.Logger.Debug("dropping the echo of our own write", "event", p.EventID, "change", p.ChangeType, "object", id)
		return nil
	}
	switch p.ChangeType {
	case "create_user", "update_user":
		id := p.UserID
		if p.NewUserID != "" {
			id = p.NewUserID // the userid changed: the old one is gone from WeCom
		}
		err = target.ApplyUser(ctx, id)
	case "delete_user":
		err = target.RemoveUser(ctx, p.UserID)
	case "create_party", "update_party":
		err = target.ApplyDepartment(ctx, party)
	case "delete_party":
		err = target.RemoveDepartment(ctx, party)
	default:
		return nil // tag changes: not mirrored
	}
	if err != nil && (errors.Is(err, mirror.ErrRejected) || !platform.ClassOf(err).Retryable()) {
		s.p.Logger.Warn("wecom contact event not applied", "event", p.EventID, "change", p.ChangeType, "err", err)
		return fmt.Errorf("event %s: %w: %w", p.EventID, err, asynq.SkipRetry)
	}
	return err
}
