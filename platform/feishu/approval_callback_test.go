package feishu_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu/webhook"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// The whole loop: the bridge defines the approval with its callback,
// syncs an instance, the approver approves it in the simulated approval
// center, and the engine's OnAction gets the verified action.
func TestApprovalCenterActionReachesTheEngine(t *testing.T) {
	e := newApprovalEnv(t, nil)
	var mu sync.Mutex
	var got []platform.ApprovalAction
	keys := webhook.ApprovalKeys{TenantID: 1, AppID: 1, FeishuAppID: e.appID, Token: "cb-token-0123456789", EncryptKey: "cb-key-0123456789"}
	mux := http.NewServeMux()
	mux.Handle("/callback/feishu/{app}/approval", webhook.NewApprovalHandler(webhook.ApprovalParams{
		Lookup: func(context.Context, string) (webhook.ApprovalKeys, error) { return keys, nil },
		OnAction: func(_ context.Context, _ webhook.ApprovalKeys, a platform.ApprovalAction) (platform.ApprovalActionReply, error) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, a)
			return platform.ApprovalActionReply{}, nil
		},
		Actions: actionSigner(t), Broker: broker.OpenTest(t),
	}))
	bridge := httptest.NewServer(mux)
	t.Cleanup(bridge.Close)

	d := testDefinition("k")
	d.Callback.URL = bridge.URL + "/callback/feishu/app-1/approval"
	ref, err := e.client.EnsureDefinition(testCtx(t), d)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.client.SyncInstance(testCtx(t), leave(ref.Code, "wf-1", 100)); err != nil {
		t.Fatal(err)
	}
	// Only the approver sees the task, and only quick-approval tasks offer it.
	if _, err := e.sim.ActOnTask(testCtx(t), feishusim.ApprovalActRequest{AppID: e.appID, InstanceID: "wf-1",
		TaskID: "wf-1-t1", UserID: "u-wangwu", Action: "APPROVE"}); err == nil {
		t.Fatal("someone else acted on the task")
	}
	if _, err := e.sim.ActOnTask(testCtx(t), feishusim.ApprovalActRequest{AppID: e.appID, InstanceID: "wf-1",
		TaskID: "wf-1-t2", UserID: "u-wangwu", Action: "APPROVE"}); err == nil {
		t.Fatal("a task without quick approval was acted on")
	}
	res, err := e.sim.ActOnTask(testCtx(t), feishusim.ApprovalActRequest{AppID: e.appID, InstanceID: "wf-1",
		TaskID: "wf-1-t1", UserID: "u-lisi", Action: "REJECT", Reason: "时间冲突"})
	if err != nil || !res.OK() {
		t.Fatalf("act: %v %+v", err, res)
	}
	mu.Lock()
	defer mu.Unlock()
	want := platform.ApprovalTaskRef{Definition: ref.Code, Instance: "wf-1", Task: "wf-1-t1", Approver: "u-lisi", Version: 100}
	if len(got) != 1 || got[0].Task != want || got[0].Decision != platform.ApprovalReject || got[0].Comment != "时间冲突" ||
		got[0].Operator != "u-lisi" || got[0].AppID != e.appID {
		t.Fatalf("engine got %+v", got)
	}
}
