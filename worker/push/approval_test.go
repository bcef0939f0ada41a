package push_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"imbridge/ent"
	"imbridge/ent/approvalinstance"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/delivery"
	"imbridge/ent/pushtarget"
	"imbridge/platform"
	fwebhook "imbridge/platform/feishu/webhook"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/push"
)

const (
	approvalToken = "approval-token-0123456789abcdefghijklmnop"
	approvalKey   = "approval-key-0123456789abcdefghijklmnopqrs"
)

// approvalEnv is env with the app's approval callback mounted as the
// server mounts it (platform/feishu/webhook, verified), forwarding to the
// engine; the simulator posts approvers' actions to it.
func approvalEnv(t *testing.T, users int) (*env, *httptest.Server) {
	t.Helper()
	var e *env
	mux := http.NewServeMux()
	cb := httptest.NewServer(mux)
	t.Cleanup(cb.Close)
	e = newEnv(t, envOptions{users: users, params: func(p *push.Params) {
		p.ApprovalCallback = func(_ context.Context, a *ent.App) (platform.ApprovalCallback, error) {
			return platform.ApprovalCallback{URL: cb.URL + "/callback/feishu/" + strconv.Itoa(a.ID) + "/approval",
				Token: approvalToken, EncryptKey: approvalKey}, nil
		}
	}})
	mux.Handle("POST /callback/feishu/{app}/approval", fwebhook.NewApprovalHandler(fwebhook.ApprovalParams{
		Lookup: func(_ context.Context, id string) (fwebhook.ApprovalKeys, error) {
			if id != strconv.Itoa(e.app.ID) {
				return fwebhook.ApprovalKeys{}, fwebhook.ErrUnknownApp
			}
			return fwebhook.ApprovalKeys{TenantID: e.tenant, AppID: e.app.ID, FeishuAppID: "cli_push", Token: approvalToken, EncryptKey: approvalKey}, nil
		},
		OnAction: func(ctx context.Context, k fwebhook.ApprovalKeys, a platform.ApprovalAction) (platform.ApprovalActionReply, error) {
			return e.eng.OnApprovalAction(ctx, k.TenantID, k.AppID, a)
		},
		Actions: e.signer,
		Broker:  broker.OpenTest(t),
	}))
	return e, cb
}

func todo(key, source string, ids ...string) push.Input {
	in := push.Input{IdempotencyKey: key, Source: source, Title: "报销单 " + key, Content: "差旅报销 1,280 元",
		Link: "https://oa.example.com/approvals/" + key, TodoKey: key}
	in.Recipients.UserIDs = ids
	return in
}

// The story: a to-do pushed to an Approval Center target becomes one
// external instance (tasks for the bound recipients, the unbound one
// skipped); an approver approves in the (simulated) approval center; the
// OA receives the signed message.action webhook; the instance shows the
// decision; completeTodo ends it; every change has a newer update_time.
func TestApprovalCenterEndToEnd(t *testing.T) {
	e, _ := approvalEnv(t, 3)
	ids := e.userIDs()
	e.bind(ids[0])
	e.bind(ids[1]) // ids[2] stays unbound
	e.rule("审批", pushtarget.MessageTypeApproval, true)
	ep := e.db.WebhookEndpoint.Create().SetName("OA").SetURL("https://oa.example.com/hook").SaveX(e.ctx)
	m := e.push(todo("EXP-1", "审批", "OA-"+ids[0], "OA-"+ids[1], "OA-"+ids[2]))
	e.run()

	ds := e.deliveries(m.ID)
	if ds["OA-"+ids[0]].Status != delivery.StatusSent || ds["OA-"+ids[1]].Status != delivery.StatusSent {
		t.Fatalf("bound approvers not sent: %v / %v (%s)", ds["OA-"+ids[0]].Status, ds["OA-"+ids[1]].Status, ds["OA-"+ids[0]].Reason)
	}
	if d := ds["OA-"+ids[2]]; d.Status != delivery.StatusSkipped || d.Reason == "" {
		t.Fatalf("unbound recipient: %v %q", d.Status, d.Reason)
	}
	if got := e.message(m.ID); got.Sent != 2 || got.Skipped != 1 {
		t.Fatalf("counters: sent %d skipped %d", got.Sent, got.Skipped)
	}
	if n := len(e.sim.AllMessages()); n != 0 {
		t.Fatalf("an approval target sent %d IM messages", n)
	}
	inst, ok := e.sim.ApprovalInstance("cli_push", push.InstanceID(m.ID))
	if !ok {
		t.Fatal("no instance in the approval center")
	}
	if inst.Status != "PENDING" || len(inst.Tasks) != 2 || inst.PCLink != "https://oa.example.com/approvals/EXP-1" {
		t.Fatalf("instance: %+v", inst)
	}
	defs := e.sim.ApprovalDefinitions()
	if len(defs) != 1 || !strings.HasSuffix(defs[0].CallbackURL, "/approval") || defs[0].CallbackKey != approvalKey {
		t.Fatalf("definitions: %+v", defs)
	}
	if got := e.db.App.GetX(e.ctx, e.app.ID).ApprovalDefinitionCode; got != inst.Code || got == "" {
		t.Fatalf("stored definition code %q, instance under %q", got, inst.Code)
	}
	v1 := inst.UpdateTime

	// ids[0] approves in the approval center.
	task := push.TaskID(ds["OA-"+ids[0]].ID)
	res, err := e.sim.ActOnTask(context.Background(), feishusim.ApprovalActRequest{AppID: "cli_push", InstanceID: inst.ID,
		TaskID: task, UserID: ids[0], Action: "APPROVE", Reason: "同意，按标准报销"})
	if err != nil || !res.OK() {
		t.Fatalf("act: %+v %v", res, err)
	}
	hooks := ep.QueryDeliveries().AllX(e.ctx)
	if len(hooks) != 1 || hooks[0].Type != "message.action" {
		t.Fatalf("webhooks: %+v", hooks)
	}
	var envelope struct{ Data push.ActionEvent }
	if err := json.Unmarshal([]byte(hooks[0].Payload), &envelope); err != nil {
		t.Fatal(err)
	}
	ev := envelope.Data
	if ev.Decision != "approve" || ev.User != "OA-"+ids[0] || ev.Via != push.ViaApprovalCenter || ev.TodoKey != "EXP-1" || ev.Comment != "同意，按标准报销" {
		t.Fatalf("action event: %+v", ev)
	}
	e.run() // the scheduled sync
	inst, _ = e.sim.ApprovalInstance("cli_push", inst.ID)
	if inst.UpdateTime <= v1 {
		t.Fatalf("update_time did not grow: %d then %d", v1, inst.UpdateTime)
	}
	if st := taskStatus(inst, task); st != "APPROVED" {
		t.Fatalf("approved task shows %q", st)
	}
	// The same action again is not forwarded twice; the other decision is refused.
	res, _ = e.sim.ActOnTask(context.Background(), feishusim.ApprovalActRequest{AppID: "cli_push", InstanceID: inst.ID,
		TaskID: push.TaskID(ds["OA-"+ids[1]].ID), UserID: ids[0], Action: "REJECT"})
	if res.OK() {
		t.Fatalf("someone else's task accepted: %+v", res)
	}
	if n := ep.QueryDeliveries().CountX(e.ctx); n != 1 {
		t.Fatalf("%d webhooks after a foreign action", n)
	}

	// The OA completes the to-do: the instance ends approved, at a newer version.
	v2 := inst.UpdateTime
	if _, err := e.eng.CompleteTodo(e.ctx, "EXP-1", "已同意"); err != nil {
		t.Fatal(err)
	}
	e.run()
	inst, _ = e.sim.ApprovalInstance("cli_push", inst.ID)
	if inst.Status != "APPROVED" || inst.UpdateTime <= v2 || inst.EndTime == 0 {
		t.Fatalf("completed instance: %s at %d (before %d), end %d", inst.Status, inst.UpdateTime, v2, inst.EndTime)
	}
	if st := taskStatus(inst, push.TaskID(ds["OA-"+ids[1]].ID)); st != "DONE" {
		t.Fatalf("the other approver's task shows %q", st)
	}
	// An action after completion is refused with a message the approver reads.
	res, err = e.sim.ActOnTask(context.Background(), feishusim.ApprovalActRequest{AppID: "cli_push", InstanceID: inst.ID,
		TaskID: push.TaskID(ds["OA-"+ids[1]].ID), UserID: ids[1], Action: "REJECT"})
	if err == nil && res.OK() {
		t.Fatalf("an action on a done to-do accepted: %+v", res)
	}
	if n := ep.QueryDeliveries().CountX(e.ctx); n != 1 {
		t.Fatalf("%d webhooks after the to-do ended", n)
	}
}

func taskStatus(in feishusim.ApprovalInstance, id string) string {
	for _, t := range in.Tasks {
		if t.ID == id {
			return t.Status
		}
	}
	return "missing"
}

// The periodic check repairs instances that drifted on the platform: one
// lost, one rewritten by another writer at a later update_time.
func TestApprovalCenterDriftRepaired(t *testing.T) {
	e, _ := approvalEnv(t, 2)
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeApproval, false)
	m1 := e.push(todo("D-1", "审批", "OA-"+e.userIDs()[0]))
	m2 := e.push(todo("D-2", "审批", "OA-"+e.userIDs()[1]))
	e.run()
	rep, err := e.eng.CheckApprovals(context.Background(), e.tenant, e.app.ID)
	if err != nil || rep.Checked != 2 || rep.Drifted != 0 {
		t.Fatalf("clean check: %+v %v", rep, err)
	}
	if !e.sim.LoseApprovalInstance("cli_push", push.InstanceID(m1.ID)) {
		t.Fatal("no instance to lose")
	}
	later := e.clock.Now().Add(3600e9).UnixMilli()
	if !e.sim.RewriteApprovalInstance("cli_push", push.InstanceID(m2.ID), "REJECTED", "REJECTED", later) {
		t.Fatal("no instance to rewrite")
	}
	rep, err = e.eng.CheckApprovals(context.Background(), e.tenant, e.app.ID)
	if err != nil || rep.Drifted != 2 {
		t.Fatalf("drift check: %+v %v", rep, err)
	}
	i1, ok := e.sim.ApprovalInstance("cli_push", push.InstanceID(m1.ID))
	if !ok || i1.Status != "PENDING" || len(i1.Tasks) != 1 {
		t.Fatalf("lost instance not restored: %+v", i1)
	}
	i2, _ := e.sim.ApprovalInstance("cli_push", push.InstanceID(m2.ID))
	if i2.Status != "PENDING" || i2.UpdateTime <= later || i2.Tasks[0].Status != "PENDING" {
		t.Fatalf("rewritten instance not repaired: %s at %d (rewritten at %d)", i2.Status, i2.UpdateTime, later)
	}
	row := e.db.ApprovalInstance.Query().Where(approvalinstance.MessageID(m2.ID)).OnlyX(e.ctx)
	if row.Repairs != 1 || row.SyncedVersion != i2.UpdateTime {
		t.Fatalf("row after repair: repairs %d synced %d", row.Repairs, row.SyncedVersion)
	}
	// Repaired: the next check finds nothing.
	if rep, err = e.eng.CheckApprovals(context.Background(), e.tenant, e.app.ID); err != nil || rep.Drifted != 0 {
		t.Fatalf("check after repair: %+v %v", rep, err)
	}
}

// A callback whose token or encryption is not the app's is refused and
// reaches neither the engine nor the OA.
func TestApprovalCenterBadCallbackRefused(t *testing.T) {
	e, cb := approvalEnv(t, 1)
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeApproval, true)
	ep := e.db.WebhookEndpoint.Create().SetName("OA").SetURL("https://oa.example.com/hook").SaveX(e.ctx)
	m := e.push(todo("B-1", "审批", "OA-"+e.userIDs()[0]))
	e.run()
	inst, _ := e.sim.ApprovalInstance("cli_push", push.InstanceID(m.ID))
	ctxSeal := inst.Tasks[0].ActionContext
	plain, _ := json.Marshal(map[string]any{"action_type": "APPROVE", "action_context": ctxSeal, "user_id": e.userIDs()[0],
		"approval_code": inst.Code, "instance_id": inst.ID, "task_id": inst.Tasks[0].ID, "token": "not-the-token"})
	url := cb.URL + "/callback/feishu/" + strconv.Itoa(e.app.ID) + "/approval"
	for name, key := range map[string]string{"wrong token": approvalKey, "wrong key": "another-key-entirely-0123456789"} {
		body := plain
		if name == "wrong key" {
			body, _ = json.Marshal(map[string]any{"action_type": "APPROVE", "action_context": ctxSeal, "user_id": e.userIDs()[0],
				"approval_code": inst.Code, "instance_id": inst.ID, "task_id": inst.Tasks[0].ID, "token": approvalToken})
		}
		sealed, err := feishusim.SealApprovalCallback(body, key)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Post(url, "application/json", strings.NewReader(string(sealed)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Fatalf("%s: accepted with %d", name, resp.StatusCode)
		}
	}
	// In plain JSON (no encryption) with the right token: refused too.
	plain, _ = json.Marshal(map[string]any{"action_type": "APPROVE", "action_context": ctxSeal, "user_id": e.userIDs()[0],
		"approval_code": inst.Code, "instance_id": inst.ID, "task_id": inst.Tasks[0].ID, "token": approvalToken})
	resp, err := http.Post(url, "application/json", strings.NewReader(string(plain)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Fatalf("plaintext accepted with %d", resp.StatusCode)
	}
	if n := ep.QueryDeliveries().CountX(e.ctx); n != 0 {
		t.Fatalf("%d webhooks after refused callbacks", n)
	}
	if d := e.deliveries(m.ID)["OA-"+e.userIDs()[0]]; d.Action != "" {
		t.Fatalf("refused callback recorded %q", d.Action)
	}
}

// Another tenant's app cannot act on this tenant's instance: the engine
// looks the instance up in the app's own tenant.
func TestApprovalCenterCrossTenant(t *testing.T) {
	e, _ := approvalEnv(t, 1)
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeApproval, true)
	ep := e.db.WebhookEndpoint.Create().SetName("OA").SetURL("https://oa.example.com/hook").SaveX(e.ctx)
	m := e.push(todo("X-1", "审批", "OA-"+e.userIDs()[0]))
	e.run()
	d := e.deliveries(m.ID)["OA-"+e.userIDs()[0]]
	other, octx := dbtest.Tenant(t, e.db, "globex")
	corp := e.db.Corp.Create().SetName("Globex").SetPlatform("feishu").SaveX(octx)
	app := e.db.App.Create().SetCorpID(corp.ID).SetName("Globex OA").SetAppID("cli_globex").SaveX(octx)
	act := platform.ApprovalAction{AppID: "cli_globex", Operator: e.userIDs()[0], Decision: platform.ApprovalApprove, Key: "k",
		Task: platform.ApprovalTaskRef{Definition: "x", Instance: push.InstanceID(m.ID), Task: push.TaskID(d.ID), Approver: e.userIDs()[0], Version: 1}}
	reply, err := e.eng.OnApprovalAction(context.Background(), other.ID, app.ID, act)
	if err != nil || reply.Refusal == "" {
		t.Fatalf("another tenant's action: %+v %v", reply, err)
	}
	// Even naming this tenant's app with the other tenant's id finds nothing.
	reply, err = e.eng.OnApprovalAction(context.Background(), other.ID, e.app.ID, act)
	if err != nil || reply.Refusal == "" {
		t.Fatalf("mismatched tenant and app: %+v %v", reply, err)
	}
	if n := ep.QueryDeliveries().CountX(e.ctx); n != 0 {
		t.Fatalf("%d webhooks after cross-tenant actions", n)
	}
	if got := e.deliveries(m.ID)["OA-"+e.userIDs()[0]]; got.Action != "" {
		t.Fatalf("cross-tenant action recorded %q", got.Action)
	}
}

// A recall ends the instance as canceled; a message that is not a to-do
// is skipped with the reason, one without a link fails with it, and the
// OA's outcome text decides how a completed instance ends.
func TestApprovalCenterRecallAndRefusals(t *testing.T) {
	e, _ := approvalEnv(t, 2)
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeApproval, false)
	ids := e.userIDs()
	m := e.push(todo("R-1", "审批", "OA-"+ids[0]))
	rejected := e.push(todo("R-2", "审批", "OA-"+ids[1]))
	plain := todo("R-3", "审批", "OA-"+ids[0])
	plain.TodoKey = ""
	notTodo := e.push(plain)
	noLink := todo("R-4", "审批", "OA-"+ids[0])
	noLink.Link = ""
	linkless := e.push(noLink)
	e.run()

	if d := e.deliveries(notTodo.ID)["OA-"+ids[0]]; d.Status != delivery.StatusSkipped || d.Reason != push.ReasonApprovalNotTodo {
		t.Fatalf("not a to-do: %s %q", d.Status, d.Reason)
	}
	if d := e.deliveries(linkless.ID)["OA-"+ids[0]]; d.Status != delivery.StatusFailed || d.Reason != push.ReasonApprovalNoLink {
		t.Fatalf("no link: %s %q", d.Status, d.Reason)
	}
	if _, ok := e.sim.ApprovalInstance("cli_push", push.InstanceID(linkless.ID)); ok {
		t.Fatal("an instance without a link reached the platform")
	}

	if _, err := e.eng.Recall(e.ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.eng.CompleteTodo(e.ctx, "R-2", "已驳回"); err != nil {
		t.Fatal(err)
	}
	e.run()
	if inst, _ := e.sim.ApprovalInstance("cli_push", push.InstanceID(m.ID)); inst.Status != "CANCELED" || inst.Tasks[0].Status != "DONE" {
		t.Fatalf("recalled: %s, task %s", inst.Status, inst.Tasks[0].Status)
	}
	if inst, _ := e.sim.ApprovalInstance("cli_push", push.InstanceID(rejected.ID)); inst.Status != "REJECTED" {
		t.Fatalf("completed as 已驳回: %s", inst.Status)
	}
	if n := len(e.sim.AllMessages()); n != 0 {
		t.Fatalf("%d IM messages sent for approval targets", n)
	}
}

// Decisions and syncs racing: every sync takes its version under the
// instance row's lock and reads the content after it, so whatever order
// the syncs reach the platform in, once they are done the platform holds
// the newest content at the newest version, and a last sync (the one each
// decision schedules) changes nothing.
func TestApprovalCenterConcurrentSyncs(t *testing.T) {
	e, _ := approvalEnv(t, 6)
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeApproval, true)
	ids := e.userIDs()
	var oa []string
	for _, id := range ids {
		oa = append(oa, "OA-"+id)
	}
	m := e.push(todo("C-1", "审批", oa...))
	e.run()
	ds := e.deliveries(m.ID)
	inst, _ := e.sim.ApprovalInstance("cli_push", push.InstanceID(m.ID))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i, id := range ids {
		wg.Add(2)
		go func() {
			defer wg.Done()
			decision := platform.ApprovalApprove
			if i%2 == 1 {
				decision = platform.ApprovalReject
			}
			act := platform.ApprovalAction{AppID: "cli_push", Operator: id, Decision: decision, Key: id,
				Task: platform.ApprovalTaskRef{Definition: inst.Code, Instance: inst.ID, Task: push.TaskID(ds["OA-"+id].ID), Approver: id, Version: 1}}
			if r, err := e.eng.OnApprovalAction(context.Background(), e.tenant, e.app.ID, act); err != nil || r.Refusal != "" {
				errs <- fmt.Errorf("action of %s: %+v %v", id, r, err)
			}
		}()
		go func() {
			defer wg.Done()
			if err := e.eng.SyncApprovals(context.Background(), e.tenant, m.ID); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	row := e.db.ApprovalInstance.Query().Where(approvalinstance.MessageID(m.ID)).OnlyX(e.ctx)
	before := row.Version
	if err := e.eng.SyncApprovals(context.Background(), e.tenant, m.ID); err != nil {
		t.Fatal(err)
	}
	row = e.db.ApprovalInstance.Query().Where(approvalinstance.MessageID(m.ID)).OnlyX(e.ctx)
	inst, _ = e.sim.ApprovalInstance("cli_push", inst.ID)
	if row.SyncedVersion != row.Version || inst.UpdateTime != row.Version {
		t.Fatalf("platform at %d, row version %d synced %d (before the last sync %d)", inst.UpdateTime, row.Version, row.SyncedVersion, before)
	}
	for i, id := range ids {
		want := "APPROVED"
		if i%2 == 1 {
			want = "REJECTED"
		}
		if got := taskStatus(inst, push.TaskID(ds["OA-"+id].ID)); got != want {
			t.Errorf("task of %s: %s, want %s", id, got, want)
		}
	}
}

// Feishu's external instance takes at most 300 tasks (task_list "最大长度：
// 300", approval-v4/external_instance/create): a to-do to 301 bound people
// on an Approval Center target with quick approval shows the first 300
// (by delivery) as tasks and fails the 301st with the reason, and neither
// a completion nor a replay of what failed pushes it past the limit.
func TestApprovalCenterAtMost300Approvers(t *testing.T) {
	e, _ := approvalEnv(t, platform.MaxApprovalTasks+1)
	e.bindAll()
	e.rule("审批", pushtarget.MessageTypeApproval, true)
	in := todo("BIG-1", "审批")
	in.Recipients.Everyone = true
	m := e.push(in)
	e.run()

	check := func(when string, wantState string) {
		t.Helper()
		var sent, tooMany []*ent.Delivery
		for _, d := range e.deliveries(m.ID) {
			switch {
			case d.Status == delivery.StatusSent:
				sent = append(sent, d)
			case d.Status == delivery.StatusFailed && d.Reason == push.ReasonApprovalTooMany:
				tooMany = append(tooMany, d)
			default:
				t.Fatalf("%s: %s %s %q", when, d.Recipient, d.Status, d.Reason)
			}
		}
		if len(sent) != platform.MaxApprovalTasks || len(tooMany) != 1 {
			t.Fatalf("%s: %d sent, %d beyond the limit; want %d and 1", when, len(sent), len(tooMany), platform.MaxApprovalTasks)
		}
		for _, d := range sent {
			if d.ID > tooMany[0].ID {
				t.Fatalf("%s: delivery %d is beyond the limit but %d got a task", when, tooMany[0].ID, d.ID)
			}
		}
		inst, ok := e.sim.ApprovalInstance("cli_push", push.InstanceID(m.ID))
		if !ok || len(inst.Tasks) != platform.MaxApprovalTasks || inst.Status != wantState {
			t.Fatalf("%s: instance %v with %d tasks, %s; want %d tasks, %s", when, ok, len(inst.Tasks), inst.Status, platform.MaxApprovalTasks, wantState)
		}
		for _, task := range inst.Tasks {
			if task.ID == push.TaskID(tooMany[0].ID) {
				t.Fatalf("%s: the approver beyond the limit has a task", when)
			}
		}
	}
	check("delivered", "PENDING")

	n, err := e.eng.ReplayDead(e.ctx, m.ID)
	if err != nil || n != 1 {
		t.Fatalf("replay: %d %v", n, err)
	}
	e.run()
	check("replayed", "PENDING")

	if _, err := e.eng.CompleteTodo(e.ctx, "BIG-1", "已同意"); err != nil {
		t.Fatal(err)
	}
	e.run()
	check("completed", "APPROVED")
}
