package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/hibiken/asynq"

	"imbridge/ent"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/platform"
	"imbridge/platform/feishu/webhook"
	"imbridge/worker/mirror"
)

// TypeFeishuEvent applies one Feishu event (contact changes update the mirror).
const TypeFeishuEvent = "feishu:event"

// eventPayload is a received event, as queued by the callback endpoint.
type eventPayload struct {
	TenantID int             `json:"tenantId"`
	AppID    int             `json:"appId"`
	EventID  string          `json:"eventId"`
	Type     string          `json:"type"`
	Raw      json.RawMessage `json:"raw"`
}

// EnqueueFeishuEvent queues an event from the callback endpoint, on the
// critical queue: the endpoint must answer Feishu within 3 s, the work
// happens here.
func (c *Client) EnqueueFeishuEvent(ctx context.Context, keys webhook.AppKeys, ev webhook.Event) error {
	data, err := json.Marshal(eventPayload{TenantID: keys.TenantID, AppID: keys.AppID, EventID: ev.ID, Type: ev.Type, Raw: ev.Raw})
	if err != nil {
		return err
	}
	_, err = c.asynq.EnqueueContext(ctx, asynq.NewTask(TypeFeishuEvent, data),
		asynq.Queue(c.broker.Queue(QueueCritical)), asynq.TaskID(fmt.Sprintf("evt-%d-%s", keys.AppID, ev.ID)),
		asynq.MaxRetry(8), asynq.Retention(retention))
	if err == asynq.ErrTaskIDConflict {
		return nil
	}
	return err
}

// contactEvent is the part of a v2.0 contact event the mirror needs.
type contactEvent struct {
	Event struct {
		Object struct {
			UserID       string `json:"user_id"`
			DepartmentID string `json:"department_id"`
		} `json:"object"`
	} `json:"event"`
}

// feishuEvent applies a contact event to the mirror of the app's corp: the
// changed user or department is read back from Feishu (events carry only
// the fields the app may see) and written like a pull would. Other event
// types are acknowledged and ignored.
func (s *Server) feishuEvent(ctx context.Context, t *asynq.Task) error {
	var p eventPayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil || p.TenantID == 0 {
		return fmt.Errorf("bad event payload: %w", asynq.SkipRetry)
	}
	ctx = viewer.System(ctx, "feishu-event", p.TenantID)
	var ev contactEvent
	if err := json.Unmarshal(p.Raw, &ev); err != nil {
		return fmt.Errorf("event %s: %v: %w", p.EventID, err, asynq.SkipRetry)
	}
	obj := ev.Event.Object
	kind, ok := contactKinds[p.Type]
	if !ok {
		return nil
	}
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
	id := obj.UserID + obj.DepartmentID
	if s.echoes.IsEcho(ctx, p.AppID, EchoKey(kind, id), p.Type) {
		// The bridge made this change itself (a write to Feishu registered
		// with Remember): applying it again could start a sync loop.
		s.p.Logger.Debug("dropping the echo of our own write", "event", p.EventID, "type", p.Type, "object", id)
		return nil
	}
	top, err := topDepartment(ctx, db, c.ID)
	if err != nil {
		return err
	}
	target := mirror.Target{Client: db, CorpID: c.ID, Dir: dir, Top: top}
	err = s.applyContactEvent(ctx, target, p, kind, obj.UserID, obj.DepartmentID)
	if err == nil && id != "" {
		// The OA follows Feishu: a small run tells it (im_to_oa profiles).
		s.syncAfterEvent(ctx, c.ID, id)
	}
	if err != nil && (errors.Is(err, mirror.ErrRejected) || !platform.ClassOf(err).Retryable()) {
		// Credentials, permissions or an object the mirror refuses: another
		// attempt fails the same way. The pull reports the cause to admins.
		s.p.Logger.Warn("contact event not applied", "event", p.EventID, "type", p.Type, "err", err)
		return fmt.Errorf("event %s: %w: %w", p.EventID, err, asynq.SkipRetry)
	}
	return err
}

// applyContactEvent applies one contact event through the mirror's target.
func (s *Server) applyContactEvent(ctx context.Context, target mirror.Target, p eventPayload, kind, userID, deptID string) error {
	db := s.p.DB
	switch {
	case kind == "user" && userID == "", kind == "department" && deptID == "":
		// The app may not see user_id / department_id: mirror everything instead.
		run, created, err := StartPull(ctx, db, target.CorpID, syncrun.TriggerEvent, "feishu-event")
		if err != nil || !created {
			return err
		}
		return s.p.Client.EnqueueRun(ctx, TypeIMPull, QueueDefault, RunPayload{TenantID: run.TenantID, RunID: run.ID})
	case p.Type == "contact.user.deleted_v3":
		return target.RemoveUser(ctx, userID)
	case p.Type == "contact.department.deleted_v3":
		return target.RemoveDepartment(ctx, deptID)
	case kind == "user":
		return target.ApplyUser(ctx, userID)
	default:
		return target.ApplyDepartment(ctx, deptID)
	}
}

// topDepartment is the top of a corp's mirrored tree: its sync profile's,
// or the root.
func topDepartment(ctx context.Context, db *ent.Client, corpID int) (string, error) {
	p, err := db.SyncProfile.Query().Where(syncprofile.CorpID(corpID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return platform.RootDepartmentID, nil
	case err != nil:
		return "", err
	}
	return p.TopDepartmentID, nil
}

// EchoKey names an object for echo suppression: a writer to Feishu calls
// Echoes().Remember(ctx, appID, EchoKey(kind, id), eventType, ttl) before it
// writes, and the event that write causes is then dropped.
func EchoKey(kind, id string) string { return kind + ":" + id }

// Echoes is the guard that recognises events caused by the bridge's own writes.
func (s *Server) Echoes() *webhook.EchoGuard { return s.echoes }

var contactKinds = map[string]string{
	"contact.user.created_v3":       "user",
	"contact.user.updated_v3":       "user",
	"contact.user.deleted_v3":       "user",
	"contact.department.created_v3": "department",
	"contact.department.updated_v3": "department",
	"contact.department.deleted_v3": "department",
}
