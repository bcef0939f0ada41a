package graph_test

import (
	"strings"
	"testing"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/message"
)

// TestBroadcastPermissionNamedPeopleApprove: a NAMED policy names an OA
// user (boss) as approver. A request sends boss an IM message through the
// push engine (not only the console badge); the console account linked to
// boss's IM identity decides it although it is not a named account; the
// requester hears of the decision by IM too.
func TestBroadcastPermissionNamedPeopleApprove(t *testing.T) {
	w := newPermGraphWorld(t)
	const q = `mutation($in: SetBroadcastPolicyInput!) { setBroadcastPolicy(input: $in) { approverMode approvers { username } approverUsers { name } } }`
	// An IM user is not an OA user: refused, naming the field.
	code, e := w.adm.ErrCode(q, map[string]any{"in": map[string]any{"corpID": w.corp, "mode": "SELECTED", "userIDs": []int{w.im["east"]},
		"approverMode": "NAMED", "approverUserIDs": []int{w.im["boss"]}}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.approverUserIDs" {
		t.Fatalf("an IM user as approver: %s %+v", code, e)
	}
	var set struct {
		SetBroadcastPolicy struct {
			ApproverMode  string
			Approvers     []struct{ Username string }
			ApproverUsers []struct{ Name string }
		}
	}
	w.adm.MustDo(q, map[string]any{"in": map[string]any{"corpID": w.corp, "mode": "SELECTED", "userIDs": []int{w.im["east"]},
		"approverMode": "NAMED", "approverUserIDs": []int{w.oa["boss"]}}}, &set)
	if p := set.SetBroadcastPolicy; p.ApproverMode != "NAMED" || len(p.Approvers) != 0 || len(p.ApproverUsers) != 1 || p.ApproverUsers[0].Name != "boss" {
		t.Fatalf("policy: %+v", p)
	}

	var filed struct{ RequestBroadcastPermission struct{ ID string } }
	w.tok.MustDo(requestQ, map[string]any{"in": map[string]any{"corpID": w.corp, "requesterID": w.oa["rd"], "reason": "发布会", "draft": w.draft("新品发布")}}, &filed)
	id := filed.RequestBroadcastPermission.ID
	msgs := w.env.Client.Message.Query().Where(message.Source("broadcast_permission")).AllX(w.ctx)
	if len(msgs) != 1 || msgs[0].IdempotencyKey != "broadcast-permission:"+id+":filed" ||
		len(msgs[0].Recipients.UserIDs) != 1 || msgs[0].Recipients.UserIDs[0] != "oa-boss" {
		t.Fatalf("the named person's IM message: %+v", msgs)
	}

	// The tenant's admin is not named and not linked to boss: no decision.
	if n := pending(t, w.adm); n != 0 {
		t.Fatalf("an admin not named sees %d to decide", n)
	}
	if code, _ := w.adm.ErrCode(rejectQ, map[string]any{"id": id, "c": "no"}); code != "FORBIDDEN" {
		t.Fatalf("an admin not named rejected: %s", code)
	}
	// The operator signs in with WeCom as boss (the account's IM link):
	// boss decides through it.
	w.env.Client.Admin.Update().Where(admin.Username("acme-op")).SetImCorpID(w.corp).
		SetImUserID(w.env.Client.User.GetX(w.ctx, w.im["boss"]).ExternalID).ExecX(dbtest.Bootstrap())
	if n := pending(t, w.op); n != 1 {
		t.Fatalf("boss's account sees %d to decide", n)
	}
	var rej struct {
		RejectBroadcastPermissionRequest struct{ Status, DeciderName string }
	}
	w.op.MustDo(rejectQ, map[string]any{"id": id, "c": "下周再议"}, &rej)
	if r := rej.RejectBroadcastPermissionRequest; r.Status != "REJECTED" {
		t.Fatalf("rejected: %+v", r)
	}
	msgs = w.env.Client.Message.Query().Where(message.Source("broadcast_permission")).Order(ent.Asc(message.FieldID)).AllX(w.ctx)
	if len(msgs) != 2 || msgs[1].IdempotencyKey != "broadcast-permission:"+id+":REJECTED" || msgs[1].Recipients.UserIDs[0] != "oa-rd" {
		t.Fatalf("the requester's IM message: %+v", msgs)
	}
	if len(msgs) == 2 && !strings.Contains(msgs[1].Content, "下周再议") {
		t.Fatalf("the decision message lacks the comment: %q", msgs[1].Content)
	}
}

// TestBroadcastPermissionNamedAccountLinkedIsNotified: a named console
// account linked to a person (boss) gets the IM message through boss's OA
// binding, once even when boss is also named as a person.
func TestBroadcastPermissionNamedAccountLinkedIsNotified(t *testing.T) {
	w := newPermGraphWorld(t)
	w.env.Client.Admin.Update().Where(admin.Username("acme-op")).SetImCorpID(w.corp).
		SetImUserID(w.env.Client.User.GetX(w.ctx, w.im["boss"]).ExternalID).ExecX(dbtest.Bootstrap())
	opID := w.env.Client.Admin.Query().Where(admin.Username("acme-op")).OnlyIDX(dbtest.Bootstrap())
	w.adm.MustDo(setPolicyQ, map[string]any{"in": map[string]any{"corpID": w.corp, "mode": "SELECTED", "userIDs": []int{w.im["east"]},
		"approverMode": "NAMED", "approverIDs": []int{opID}, "approverUserIDs": []int{w.oa["boss"], w.oa["rd2"]}}}, nil)
	w.tok.MustDo(requestQ, map[string]any{"in": map[string]any{"corpID": w.corp, "requesterID": w.oa["rd"], "reason": "r"}}, nil)
	msgs := w.env.Client.Message.Query().Where(message.Source("broadcast_permission")).AllX(w.ctx)
	if len(msgs) != 1 || len(msgs[0].Recipients.UserIDs) != 2 || msgs[0].Recipients.UserIDs[0] != "oa-boss" || msgs[0].Recipients.UserIDs[1] != "oa-rd2" {
		t.Fatalf("approvers' IM message: %+v", msgs)
	}
}
