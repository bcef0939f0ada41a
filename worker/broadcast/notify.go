package broadcast

import (
	"context"
	"fmt"
	"slices"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/worker/push"
)

// NotifySource is the push source of permission notifications: the
// tenant's push rules for it (or for all sources) choose the app and
// message type that carry them.
const NotifySource = "broadcast_permission"

// PushNotifier sends permission notifications as IM messages through the
// push engine, to OA users (the engine resolves their bindings; unbound
// ones are recorded as skipped). Named people approvers are OA users and
// reached directly; console accounts that linked their account to a person
// of a corp (profile page) are reached through that person's OA binding;
// the others see the console's badge.
type PushNotifier struct {
	DB   *ent.Client
	Push *push.Engine
	// Link opens the requests inbox (absolute URL; empty: none).
	Link string
}

func (n *PushNotifier) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return n.DB
}

// Filed tells the approvers about a new request: the named people, and
// the console accounts linked to a bound person.
func (n *PushNotifier) Filed(ctx context.Context, r *ent.BroadcastPermissionRequest, approvers Approvers) error {
	ids, err := n.approverOAIDs(ctx, approvers)
	if err != nil || len(ids) == 0 {
		return err
	}
	who, err := n.db(ctx).User.Get(ctx, r.RequesterID)
	if err != nil {
		return err
	}
	corp, err := n.db(ctx).Corp.Get(ctx, r.CorpID)
	if err != nil {
		return err
	}
	body := fmt.Sprintf("%s 申请在「%s」开播：%s", who.Name, corp.Name, r.Reason)
	if r.Draft != nil {
		body += fmt.Sprintf("\n待创建的直播：%s（%s）", r.Draft.Title, r.Draft.Start.Format("2006-01-02 15:04"))
	}
	return n.send(ctx, fmt.Sprintf("broadcast-permission:%d:filed", r.ID), "开播权限申请待审批", body, ids)
}

// Decided tells the requester the decision.
func (n *PushNotifier) Decided(ctx context.Context, r *ent.BroadcastPermissionRequest) error {
	who, err := n.db(ctx).User.Get(ctx, r.RequesterID)
	if err != nil {
		return err
	}
	title, body := "开播权限申请已通过", "你现在可以开播了。"
	if r.Status != "APPROVED" {
		title, body = "开播权限申请未通过", ""
	}
	if r.Comment != "" {
		body += "审批意见：" + r.Comment
	}
	switch {
	case r.BroadcastID != nil:
		body += fmt.Sprintf("\n直播「%s」已创建。", r.Draft.Title)
	case r.BroadcastError != "":
		body += fmt.Sprintf("\n直播「%s」未能创建：%s", r.Draft.Title, r.BroadcastError)
	}
	if body == "" {
		body = title
	}
	return n.send(ctx, fmt.Sprintf("broadcast-permission:%d:%s", r.ID, r.Status), title, body, []string{who.ExternalID})
}

func (n *PushNotifier) send(ctx context.Context, key, title, body string, oaIDs []string) error {
	_, err := n.Push.Push(ctx, push.Input{IdempotencyKey: key, Source: NotifySource, Title: title, Content: body,
		Link: n.Link, Recipients: detail.PushRecipients{UserIDs: oaIDs}, CreatedBy: "broadcast permission"})
	return err
}

// approverOAIDs are the OA user ids the approvers are reached at: each
// console account's IM link's OA binding (skipped when it has none; it
// sees the badge), and each named person; each once.
func (n *PushNotifier) approverOAIDs(ctx context.Context, ap Approvers) ([]string, error) {
	db := n.db(ctx)
	var ids []string
	add := func(id string) {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, a := range ap.Admins {
		oa, err := linkedOA(ctx, db, a)
		if err != nil {
			return nil, err
		}
		if oa != nil {
			add(oa.ExternalID)
		}
	}
	for _, u := range ap.People {
		add(u.ExternalID)
	}
	return ids, nil
}
