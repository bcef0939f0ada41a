package graph

import (
	"context"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/approvalinstance"
	"imbridge/ent/delivery"
	"imbridge/graph/model"
	"imbridge/platform"
	"imbridge/worker/push"
)

// approvalInstances are a message's approval-center instances (one per app
// of an approval target), read through the tenant filter, ordered by app.
func (r *Resolver) approvalInstances(ctx context.Context, m *ent.Message) ([]*model.PushApprovalInstance, error) {
	rows, err := r.db(ctx).ApprovalInstance.Query().Where(approvalinstance.MessageID(m.ID)).
		Order(ent.Asc(approvalinstance.FieldAppID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*model.PushApprovalInstance, len(rows))
	for i, row := range rows {
		out[i] = approvalInstanceView(row)
	}
	return out, nil
}

// approvalInstanceView is what the console shows of an instance: the state
// and update_time the platform acknowledged (synced_version is the
// update_time in Unix ms, platform.NextApprovalVersion), not the version
// merely taken for a sync.
func approvalInstanceView(row *ent.ApprovalInstance) *model.PushApprovalInstance {
	v := &model.PushApprovalInstance{AppID: row.AppID, InstanceID: row.InstanceID, State: model.PushApprovalStateUnsynced,
		SyncPending: row.Version > row.SyncedVersion, CheckedAt: row.CheckedAt, Repairs: row.Repairs}
	if row.SyncedVersion > 0 {
		t := time.UnixMilli(row.SyncedVersion).UTC()
		v.UpdateTime = &t
		if s := model.PushApprovalState(strings.ToLower(row.Status)); s.IsValid() {
			v.State = s
		}
	}
	if row.LastError != "" {
		v.LastError = &row.LastError
	}
	return v
}

// approvalTaskState is an approval delivery's task state (push.TaskState);
// nil for other message types. The message is the eagerly loaded edge when
// the query selected it, else read.
func (r *Resolver) approvalTaskState(ctx context.Context, d *ent.Delivery) (*model.PushApprovalTaskState, error) {
	if d.MessageType != delivery.MessageTypeApproval {
		return nil, nil
	}
	m := d.Edges.Message
	if m == nil {
		var err error
		if m, err = r.db(ctx).Message.Get(ctx, d.MessageID); err != nil {
			return nil, err
		}
	}
	s := taskStates[push.TaskState(m, d)]
	return &s, nil
}

var taskStates = map[platform.ApprovalTaskStatus]model.PushApprovalTaskState{
	platform.TaskPending:     model.PushApprovalTaskStatePending,
	platform.TaskApproved:    model.PushApprovalTaskStateApproved,
	platform.TaskRejected:    model.PushApprovalTaskStateRejected,
	platform.TaskTransferred: model.PushApprovalTaskStateTransferred,
	platform.TaskDone:        model.PushApprovalTaskStateDone,
}
