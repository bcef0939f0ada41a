package push

import (
	"context"
	"errors"
	"time"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/approvalinstance"
	"imbridge/ent/delivery"
	"imbridge/platform"
)

// syncApprovals is round's part for approval deliveries: per app, the
// message's instance is synced with every approval delivery of the app as a
// task, and the due ones end sent (or retried, failed, dead like a send).
func (s *sender) syncApprovals(ctx context.Context, due []*ent.Delivery) error {
	byApp := map[int][]*ent.Delivery{}
	for _, d := range due {
		byApp[d.AppID] = append(byApp[d.AppID], d)
	}
	db := s.e.p.DB
	for appID, ds := range byApp {
		if s.m.TodoKey == "" {
			ids := make([]int, len(ds))
			for i, d := range ds {
				ids[i] = d.ID
			}
			if err := db.Delivery.Update().Where(delivery.IDIn(ids...)).SetStatus(delivery.StatusSkipped).
				SetReason(ReasonApprovalNotTodo).ClearNextAttemptAt().Exec(ctx); err != nil {
				return err
			}
			continue
		}
		err := s.e.syncInstance(ctx, s.m.ID, appID, s.msgrs[appID], false)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		for _, d := range ds {
			var ferr error
			switch {
			case err == nil:
				ferr = db.Delivery.UpdateOneID(d.ID).Where(delivery.StatusEQ(delivery.StatusQueued)).SetStatus(delivery.StatusSent).
					SetSentAt(s.e.p.Now()).AddAttempts(1).ClearNextAttemptAt().ClearReason().ClearErrorCode().Exec(ctx)
				if ent.IsNotFound(ferr) {
					ferr = nil // ended by the sync itself (beyond the task limit)
				}
			case errors.As(err, new(refusal)):
				ferr = s.fail(ctx, d, err.Error(), nil)
			default:
				ferr = s.failed(ctx, d, err)
			}
			if ferr != nil {
				return ferr
			}
		}
	}
	return nil
}

// SyncApprovals is the job of OpApproval: the message's instances are
// synced with the rows (after a decision, a completion, a recall).
func (e *Engine) SyncApprovals(ctx context.Context, tenantID, messageID int) error {
	ctx = systemCtx(ctx, tenantID)
	rows, err := e.p.DB.ApprovalInstance.Query().Where(approvalinstance.MessageID(messageID)).All(ctx)
	if err != nil {
		return err
	}
	var first error
	for _, r := range rows {
		if err := e.syncApp(ctx, messageID, r.AppID, false); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// syncApp syncs a message's instance of an app, with the app's client.
func (e *Engine) syncApp(ctx context.Context, messageID, appID int, repair bool, seen ...int64) error {
	a, err := e.p.DB.App.Query().Where(app.ID(appID)).WithCorp().Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	msgr, err := e.p.Messenger(ctx, a, a.Edges.Corp)
	if err != nil {
		return err
	}
	return e.syncInstance(ctx, messageID, appID, msgr, repair, seen...)
}

// syncInstance brings the platform's copy of a message's instance of an app
// to the rows: a new version when the content changed (or a repair, or a
// platform version in seen), the stored one when not; nothing is sent when
// the platform acknowledged that version already (unless repair).
func (e *Engine) syncInstance(ctx context.Context, messageID, appID int, msgr platform.Messenger, repair bool, seen ...int64) error {
	ac, ok := msgr.(platform.ApprovalCenter)
	if !ok {
		return refusal("this platform has no approval center: use a to-do card instead")
	}
	db := e.p.DB
	a, err := db.App.Get(ctx, appID)
	if err != nil {
		return err
	}
	code, err := e.ensureDefinition(ctx, ac, a, false)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		in, row, err := e.takeVersion(ctx, messageID, appID, code, repair, seen...)
		if err != nil || in == nil {
			return err
		}
		if row.SyncedVersion == row.Version && !repair && row.DefinitionCode == code {
			return nil // acknowledged already
		}
		err = ac.SyncInstance(ctx, *in)
		if errors.Is(err, platform.ErrApprovalDefinitionGone) && attempt == 0 {
			if code, err = e.ensureDefinition(ctx, ac, a, true); err != nil {
				return err
			}
			repair = true
			continue
		}
		if err != nil {
			_ = db.ApprovalInstance.UpdateOneID(row.ID).SetLastError(truncateRunes(platform.CleanMessage(err.Error()), 500)).Exec(context.WithoutCancel(ctx))
			return err
		}
		tasks := make([]string, len(in.Tasks))
		for i, t := range in.Tasks {
			tasks[i] = t.ID
		}
		return db.ApprovalInstance.Update().Where(approvalinstance.ID(row.ID), approvalinstance.SyncedVersionLT(in.Version)).
			SetSyncedVersion(in.Version).SetStatus(string(in.Status)).SetTaskIds(tasks).SetDefinitionCode(code).SetLastError("").
			Exec(context.WithoutCancel(ctx))
	}
}

// takeVersion locks the instance row (creating it), reads the content and
// stores its version: the stored one when the content is unchanged and no
// repair or newer platform version asks for another, else a new one. It
// returns nil when the message has no approval deliveries for the app.
func (e *Engine) takeVersion(ctx context.Context, messageID, appID int, code string, repair bool, seen ...int64) (*platform.ApprovalInstance, *ent.ApprovalInstance, error) {
	tx, err := e.p.DB.Tx(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer func() { _ = tx.Rollback() }()
	row, err := tx.ApprovalInstance.Query().Where(approvalinstance.MessageID(messageID), approvalinstance.AppID(appID)).Only(ctx)
	if ent.IsNotFound(err) {
		row, err = tx.ApprovalInstance.Create().SetMessageID(messageID).SetAppID(appID).SetInstanceID(InstanceID(messageID)).Save(ctx)
	}
	if err != nil {
		return nil, nil, err
	}
	// The lock: a write first, so the reads below come after any other
	// sync of this instance has committed its version.
	if err := tx.ApprovalInstance.UpdateOneID(row.ID).SetUpdatedAt(e.p.Now()).Exec(ctx); err != nil {
		return nil, nil, err
	}
	if row, err = tx.ApprovalInstance.Get(ctx, row.ID); err != nil {
		return nil, nil, err
	}
	m, err := tx.Message.Get(ctx, messageID)
	if err != nil {
		return nil, nil, err
	}
	ds, err := tx.Delivery.Query().Where(delivery.MessageID(messageID), delivery.AppID(appID),
		delivery.MessageTypeEQ(delivery.MessageTypeApproval), delivery.StatusIn(delivery.StatusQueued, delivery.StatusSent)).
		Order(ent.Asc(delivery.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(ds) > platform.MaxApprovalTasks {
		over := make([]int, 0, len(ds)-platform.MaxApprovalTasks)
		for _, d := range ds[platform.MaxApprovalTasks:] {
			over = append(over, d.ID)
		}
		if err := tx.Delivery.Update().Where(delivery.IDIn(over...)).SetStatus(delivery.StatusFailed).SetReason(ReasonApprovalTooMany).
			ClearNextAttemptAt().Exec(ctx); err != nil {
			return nil, nil, err
		}
		ds = ds[:platform.MaxApprovalTasks]
	}
	if len(ds) == 0 {
		return nil, nil, tx.Commit()
	}
	if m.Link == "" {
		return nil, nil, refusal(ReasonApprovalNoLink)
	}
	// Every read through tx: another connection while holding the write
	// lock could wait on a pool whose other connections wait on the lock
	// (SQLite's few connections, all in BEGIN IMMEDIATE).
	in := instanceOf(m, targetFor(ctx, tx.Client(), m, appID), code, ds)
	fp := in.fingerprint()
	if fp != row.Fingerprint || repair || len(seen) > 0 || row.Version == 0 {
		v := platform.NextApprovalVersion(e.p.Now(), append(seen, row.Version, row.SyncedVersion)...)
		if row, err = tx.ApprovalInstance.UpdateOneID(row.ID).SetVersion(v).SetFingerprint(fp).Save(ctx); err != nil {
			return nil, nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, nil, err
	}
	in.Version, in.Replace = row.Version, repair
	in.stamp(time.UnixMilli(row.Version))
	return &in.ApprovalInstance, row, nil
}
