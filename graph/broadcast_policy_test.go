package graph_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/binding"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/message"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	simwecom "imbridge/platform/sim/wecom"
)

// permWorld is a tenant with a WeCom corp on the simulator (living on),
// its mirrored org chart HQ ─ Sales ─ East, HQ ─ R&D, and OA users bound
// to its people: east (East), rd and rd2 (R&D), boss (HQ).
type permGraphWorld struct {
	env                 *graphtest.Env
	sim                 *simwecom.Server
	tenant              *ent.Tenant
	adm, tok, op        *graphtest.Caller
	corp, app           int
	hq, sales, east, rd int
	oa, im              map[string]int
	ctx                 context.Context
}

func newPermGraphWorld(t *testing.T) *permGraphWorld {
	env := graphtest.New(t)
	w := &permGraphWorld{env: env, oa: map[string]int{}, im: map[string]int{}}
	w.tenant, w.adm, w.tok = env.Tenant("acme")
	w.op = env.Admin("acme-op", admin.RoleOperator, w.tenant.ID)
	org := simwecom.Generate(simwecom.GenOptions{Users: 8, Departments: 1, FanOut: 1, CorpID: "wwperm01", Seed: 4})
	w.sim = simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "right", Living: true}}})
	srv := httptest.NewServer(w.sim)
	t.Cleanup(func() { srv.Close(); w.sim.Close() })
	var c struct{ CreateCorp struct{ ID string } }
	w.adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微", "corpID": "wwperm01", "apiBaseURL": srv.URL}}, &c)
	var a struct{ CreateApp struct{ ID string } }
	w.adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "直播", "appID": "1000002", "appSecret": "right"}}, &a)
	w.corp, w.app = atoi(t, c.CreateCorp.ID), atoi(t, a.CreateApp.ID)
	w.ctx = viewer.System(context.Background(), "test", w.tenant.ID)
	db := env.Client
	dept := func(name string, parent int) int {
		q := db.Department.Create().SetCorpID(w.corp).SetName(name).SetExternalID("d-" + name)
		if parent != 0 {
			q.SetParentID(parent)
		}
		return q.SaveX(w.ctx).ID
	}
	w.hq = dept("HQ", 0)
	w.sales = dept("Sales", w.hq)
	w.east = dept("East", w.sales)
	w.rd = dept("R&D", w.hq)
	users := org.Users()
	for i, p := range []struct {
		name string
		dept int
	}{{"east", w.east}, {"rd", w.rd}, {"rd2", w.rd}, {"boss", w.hq}} {
		im := db.User.Create().SetCorpID(w.corp).SetName(p.name).SetExternalID(users[i].UserID).SaveX(w.ctx)
		db.Membership.Create().SetUserID(im.ID).SetDepartmentID(p.dept).SetPrimary(true).SaveX(w.ctx)
		oa := db.User.Create().SetName(p.name).SetExternalID("oa-" + p.name).SaveX(w.ctx)
		db.Binding.Create().SetCorpID(w.corp).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(w.ctx)
		w.oa[p.name], w.im[p.name] = oa.ID, im.ID
	}
	return w
}

const (
	setPolicyQ = `mutation($in: SetBroadcastPolicyInput!) { setBroadcastPolicy(input: $in) { id mode approverMode departments { name } users { name } approvers { username } } }`
	requestQ   = `mutation($in: RequestBroadcastPermissionInput!) { requestBroadcastPermission(input: $in) { id status auto canDecide draft { title appID } } }`
	approveQ   = `mutation($id: ID!, $c: String) { approveBroadcastPermissionRequest(input: {id: $id, comment: $c}) { id status comment deciderName broadcast { id title status anchorOaUserID } broadcastError } }`
	rejectQ    = `mutation($id: ID!, $c: String) { rejectBroadcastPermissionRequest(input: {id: $id, comment: $c}) { id status comment broadcast { id } } }`
	pendingQ   = `{ pendingBroadcastPermissionRequestCount }`
)

func (w *permGraphWorld) draft(title string) map[string]any {
	return map[string]any{"appID": w.app, "provider": "wecom_living", "title": title,
		"start": time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339), "durationSeconds": 3600}
}

func pending(t *testing.T, c *graphtest.Caller) int {
	t.Helper()
	var out struct{ PendingBroadcastPermissionRequestCount int }
	c.MustDo(pendingQ, nil, &out)
	return out.PendingBroadcastPermissionRequestCount
}

// TestBroadcastPermissionFlow: a SELECTED policy by department, a request
// with a draft filed by the OA's token, the badge, an approval by the
// tenant's admin that grants the permission and creates the broadcast on
// WeCom, audited; notifications through the push engine.
func TestBroadcastPermissionFlow(t *testing.T) {
	w := newPermGraphWorld(t)
	// The admin bound their account to boss (profile page): approvers are
	// reached through boss's OA binding.
	w.env.Client.Admin.Update().Where(admin.Username("acme-admin")).SetImCorpID(w.corp).
		SetImUserID(w.env.Client.User.GetX(w.ctx, w.im["boss"]).ExternalID).ExecX(dbtest.Bootstrap())

	var none struct{ BroadcastPolicy *struct{ ID string } }
	w.adm.MustDo(`query($id: ID!) { broadcastPolicy(corpID: $id) { id } }`, map[string]any{"id": w.corp}, &none)
	if none.BroadcastPolicy != nil {
		t.Fatal("a policy before any was set")
	}
	in := map[string]any{"corpID": w.corp, "mode": "SELECTED", "departmentIDs": []int{w.sales}, "userIDs": []int{w.im["boss"]}, "approverMode": "ADMINS"}
	if code, _ := w.op.ErrCode(setPolicyQ, map[string]any{"in": in}); code != "FORBIDDEN" {
		t.Fatalf("an operator set the policy: %s", code)
	}
	var set struct {
		SetBroadcastPolicy struct {
			Mode        string
			Departments []struct{ Name string }
			Users       []struct{ Name string }
		}
	}
	w.adm.MustDo(setPolicyQ, map[string]any{"in": in}, &set)
	if p := set.SetBroadcastPolicy; p.Mode != "SELECTED" || len(p.Departments) != 1 || p.Departments[0].Name != "Sales" || len(p.Users) != 1 || p.Users[0].Name != "boss" {
		t.Fatalf("policy: %+v", p)
	}
	// A request for someone already allowed (East is under Sales) is refused.
	code, e := w.tok.ErrCode(requestQ, map[string]any{"in": map[string]any{"corpID": w.corp, "requesterID": w.oa["east"], "reason": "r"}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.requesterID" {
		t.Fatalf("already allowed: %s %+v", code, e)
	}
	code, e = w.tok.ErrCode(requestQ, map[string]any{"in": map[string]any{"corpID": w.corp, "requesterID": w.oa["rd"], "reason": "r",
		"draft": map[string]any{"appID": w.app, "provider": "wecom_living", "title": "t", "start": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), "durationSeconds": 3600}}})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.draft.start" {
		t.Fatalf("a draft in the past: %s %+v", code, e)
	}
	var filed struct {
		RequestBroadcastPermission struct {
			ID, Status      string
			Auto, CanDecide bool
			Draft           struct{ Title string }
		}
	}
	w.tok.MustDo(requestQ, map[string]any{"in": map[string]any{"corpID": w.corp, "requesterID": w.oa["rd"], "reason": "季度会要直播", "draft": w.draft("季度全员会")}}, &filed)
	r := filed.RequestBroadcastPermission
	if r.Status != "PENDING" || r.Auto || r.CanDecide || r.Draft.Title != "季度全员会" {
		t.Fatalf("filed: %+v", r)
	}
	if n := pending(t, w.adm); n != 1 {
		t.Fatalf("admin's badge: %d", n)
	}
	if n := pending(t, w.op); n != 0 {
		t.Fatalf("operator's badge: %d", n)
	}
	var list struct {
		BroadcastPermissionRequests struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					CanDecide bool
					Requester struct{ Name string }
				}
			}
		}
	}
	w.adm.MustDo(`{ broadcastPermissionRequests(first: 10, where: {status: PENDING}) { totalCount edges { node { canDecide requester { name } } } } }`, nil, &list)
	if l := list.BroadcastPermissionRequests; l.TotalCount != 1 || !l.Edges[0].Node.CanDecide || l.Edges[0].Node.Requester.Name != "rd" {
		t.Fatalf("inbox: %+v", l)
	}
	// Not an approver.
	code, e = w.op.ErrCode(approveQ, map[string]any{"id": r.ID, "c": "ok"})
	if code != "FORBIDDEN" || e.Extensions["reason"] != "broadcast_approver_required" {
		t.Fatalf("operator approved: %s %+v", code, e)
	}
	var ok struct {
		ApproveBroadcastPermissionRequest struct {
			Status, Comment, DeciderName string
			BroadcastError               *string
			Broadcast                    *struct{ ID, Title, Status, AnchorOaUserID string }
		}
	}
	w.adm.MustDo(approveQ, map[string]any{"id": r.ID, "c": "同意"}, &ok)
	a := ok.ApproveBroadcastPermissionRequest
	if a.Status != "APPROVED" || a.Comment != "同意" || a.DeciderName != "acme-admin" || a.Broadcast == nil ||
		a.Broadcast.Title != "季度全员会" || a.Broadcast.Status != "RESERVED" || a.Broadcast.AnchorOaUserID != strconv.Itoa(w.oa["rd"]) {
		t.Fatalf("approved: %+v (error %v)", a, a.BroadcastError)
	}
	if n := w.sim.Count("POST /cgi-bin/living/create"); n != 1 {
		t.Fatalf("living/create called %d times", n)
	}
	code, e = w.adm.ErrCode(rejectQ, map[string]any{"id": r.ID, "c": "again"})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.id" {
		t.Fatalf("deciding twice: %s %+v", code, e)
	}
	if n := pending(t, w.adm); n != 0 {
		t.Fatalf("badge after the decision: %d", n)
	}
	// Granted: rd is one of the policy's people now.
	var pol struct {
		BroadcastPolicy struct{ Users []struct{ Name string } }
	}
	w.adm.MustDo(`query($id: ID!) { broadcastPolicy(corpID: $id) { users { name } } }`, map[string]any{"id": w.corp}, &pol)
	if len(pol.BroadcastPolicy.Users) != 2 {
		t.Fatalf("policy people after the approval: %+v", pol.BroadcastPolicy.Users)
	}
	// Audited.
	var audit struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ ActorName, TargetID, Summary string }
			}
		}
	}
	w.adm.MustDo(`{ auditEvents(first: 5, where: {action: "approveBroadcastPermissionRequest", success: true}) { edges { node { actorName targetID summary } } } }`, nil, &audit)
	if ev := audit.AuditEvents.Edges; len(ev) != 1 || ev[0].Node.ActorName != "acme-admin" || ev[0].Node.TargetID != r.ID {
		t.Fatalf("audit: %+v", ev)
	}
	// Notified through the push engine: the bound approver (boss) of the
	// request, the requester of the decision.
	msgs := w.env.Client.Message.Query().Where(message.Source("broadcast_permission")).Order(ent.Asc(message.FieldID)).AllX(w.ctx)
	if len(msgs) != 2 || msgs[0].IdempotencyKey != "broadcast-permission:"+r.ID+":filed" || msgs[0].Recipients.UserIDs[0] != "oa-boss" ||
		msgs[1].IdempotencyKey != "broadcast-permission:"+r.ID+":APPROVED" || msgs[1].Recipients.UserIDs[0] != "oa-rd" {
		for _, m := range msgs {
			t.Logf("%s → %v: %s", m.IdempotencyKey, m.Recipients.UserIDs, m.Content)
		}
		t.Fatalf("notifications: %d messages", len(msgs))
	}
}

// TestBroadcastPermissionRejectionAndNamedApprovers: named approvers decide
// (an admin not named cannot); a rejection grants nothing and creates
// nothing; viewers cannot file.
func TestBroadcastPermissionRejectionAndNamedApprovers(t *testing.T) {
	w := newPermGraphWorld(t)
	reader := w.env.Admin("acme-reader", admin.RoleViewer, w.tenant.ID)
	opID := w.env.Client.Admin.Query().Where(admin.Username("acme-op")).OnlyIDX(dbtest.Bootstrap())
	var set struct {
		SetBroadcastPolicy struct{ Approvers []struct{ Username string } }
	}
	w.adm.MustDo(setPolicyQ, map[string]any{"in": map[string]any{"corpID": w.corp, "mode": "SELECTED", "userIDs": []int{w.im["boss"]},
		"approverMode": "NAMED", "approverIDs": []int{opID}}}, &set)
	if ap := set.SetBroadcastPolicy.Approvers; len(ap) != 1 || ap[0].Username != "acme-op" {
		t.Fatalf("approvers: %+v", ap)
	}
	if code, _ := reader.ErrCode(requestQ, map[string]any{"in": map[string]any{"corpID": w.corp, "requesterID": w.oa["rd2"], "reason": "r"}}); code != "FORBIDDEN" {
		t.Fatalf("a viewer filed: %s", code)
	}
	var filed struct{ RequestBroadcastPermission struct{ ID string } }
	w.op.MustDo(requestQ, map[string]any{"in": map[string]any{"corpID": w.corp, "requesterID": w.oa["rd2"], "reason": "想直播", "draft": w.draft("分享会")}}, &filed)
	id := filed.RequestBroadcastPermission.ID
	if n := pending(t, w.adm); n != 0 {
		t.Fatalf("an admin not named sees %d to decide", n)
	}
	if n := pending(t, w.op); n != 1 {
		t.Fatalf("the named operator sees %d to decide", n)
	}
	if code, _ := w.adm.ErrCode(rejectQ, map[string]any{"id": id, "c": "no"}); code != "FORBIDDEN" {
		t.Fatalf("an admin not named rejected: %s", code)
	}
	var rej struct {
		RejectBroadcastPermissionRequest struct {
			Status, Comment string
			Broadcast       *struct{ ID string }
		}
	}
	w.op.MustDo(rejectQ, map[string]any{"id": id, "c": "下季度再说"}, &rej)
	if r := rej.RejectBroadcastPermissionRequest; r.Status != "REJECTED" || r.Comment != "下季度再说" || r.Broadcast != nil {
		t.Fatalf("rejected: %+v", r)
	}
	if n := w.sim.Count("POST /cgi-bin/living/create"); n != 0 {
		t.Fatalf("a rejection created a broadcast: %d", n)
	}
	var pol struct {
		BroadcastPolicy struct{ Users []struct{ Name string } }
	}
	w.adm.MustDo(`query($id: ID!) { broadcastPolicy(corpID: $id) { users { name } } }`, map[string]any{"id": w.corp}, &pol)
	if len(pol.BroadcastPolicy.Users) != 1 {
		t.Fatalf("a rejection granted: %+v", pol.BroadcastPolicy.Users)
	}
	var audit struct{ AuditEvents struct{ TotalCount int } }
	w.adm.MustDo(`{ auditEvents(where: {action: "rejectBroadcastPermissionRequest", success: true}) { totalCount } }`, nil, &audit)
	if audit.AuditEvents.TotalCount != 1 {
		t.Fatalf("rejection audited %d times", audit.AuditEvents.TotalCount)
	}
}

// TestRefusedCreateFilesARequest: createBroadcast for an anchor without
// permission is refused (nothing sent to WeCom) and files a request with
// the broadcast as its draft, after the mutation's rollback; a second
// refusal finds it pending; approving it creates the broadcast.
func TestRefusedCreateFilesARequest(t *testing.T) {
	w := newPermGraphWorld(t)
	w.adm.MustDo(setPolicyQ, map[string]any{"in": map[string]any{"corpID": w.corp, "mode": "SELECTED", "userIDs": []int{w.im["boss"]}, "approverMode": "ADMINS"}}, nil)
	create := `mutation($in: CreateBroadcastInput!) { createBroadcast(input: $in) { id } }`
	in := map[string]any{"corpID": w.corp, "appID": w.app, "anchorID": w.oa["rd"], "title": "被拒的直播",
		"startTime": time.Now().Add(3 * time.Hour).UTC().Format(time.RFC3339), "durationSeconds": 1800}
	code, e := w.tok.ErrCode(create, map[string]any{"in": in})
	if code != "FORBIDDEN" || e.Extensions["reason"] != "broadcast_permission" || !strings.Contains(e.Message, "request for it is filed") {
		t.Fatalf("refused create: %s %+v", code, e)
	}
	var list struct {
		BroadcastPermissionRequests struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID        string
					Auto      bool
					Requester struct{ Name string }
					Draft     *struct {
						Title           string
						DurationSeconds int
					}
				}
			}
		}
	}
	q := `{ broadcastPermissionRequests(first: 5) { totalCount edges { node { id auto requester { name } draft { title durationSeconds } } } } }`
	w.adm.MustDo(q, nil, &list)
	l := list.BroadcastPermissionRequests
	if l.TotalCount != 1 || !l.Edges[0].Node.Auto || l.Edges[0].Node.Requester.Name != "rd" || l.Edges[0].Node.Draft == nil ||
		l.Edges[0].Node.Draft.Title != "被拒的直播" || l.Edges[0].Node.Draft.DurationSeconds != 1800 {
		t.Fatalf("the filed request: %+v", l)
	}
	var audit struct{ AuditEvents struct{ TotalCount int } }
	w.adm.MustDo(`{ auditEvents(where: {action: "requestBroadcastPermission", success: true, summaryContains: "automatically"}) { totalCount } }`, nil, &audit)
	if audit.AuditEvents.TotalCount != 1 {
		t.Fatalf("automatic request audited %d times", audit.AuditEvents.TotalCount)
	}
	// Again: pending already, nothing new.
	code, e = w.tok.ErrCode(create, map[string]any{"in": in})
	if code != "FORBIDDEN" || !strings.Contains(e.Message, "already pending") {
		t.Fatalf("second refusal: %s %+v", code, e)
	}
	w.adm.MustDo(q, nil, &list)
	if list.BroadcastPermissionRequests.TotalCount != 1 {
		t.Fatalf("requests after a second refusal: %d", list.BroadcastPermissionRequests.TotalCount)
	}
	if n := w.sim.Count("POST /cgi-bin/living/create"); n != 0 {
		t.Fatalf("a refused create reached WeCom: %d", n)
	}
	var ok struct {
		ApproveBroadcastPermissionRequest struct {
			Broadcast *struct{ Title, Status string }
		}
	}
	w.adm.MustDo(approveQ, map[string]any{"id": l.Edges[0].Node.ID}, &ok)
	if b := ok.ApproveBroadcastPermissionRequest.Broadcast; b == nil || b.Title != "被拒的直播" || b.Status != "RESERVED" {
		t.Fatalf("approval: %+v", b)
	}
	// Now the create itself passes.
	in["title"] = "第二场"
	var again struct{ CreateBroadcast struct{ ID string } }
	w.tok.MustDo(create, map[string]any{"in": in}, &again)
	if again.CreateBroadcast.ID == "" || w.sim.Count("POST /cgi-bin/living/create") != 2 {
		t.Fatal("create after the approval")
	}
}
