package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu/webhook"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// approvalEnv is the approval handler behind httptest, with an OnAction
// that records, refuses or fails on demand.
type approvalEnv struct {
	t       *testing.T
	keys    webhook.ApprovalKeys
	signer  *platform.ActionSigner
	srv     *httptest.Server
	mu      sync.Mutex
	actions []platform.ApprovalAction
	refusal string
	fail    error
}

func newApprovalEnv(t *testing.T, encryptKey string) *approvalEnv {
	t.Helper()
	signer, err := platform.NewActionSigner(cardSecret)
	if err != nil {
		t.Fatal(err)
	}
	n := appSeq.Add(1)
	ae := &approvalEnv{t: t, signer: signer, keys: webhook.ApprovalKeys{TenantID: 2, AppID: int(n),
		FeishuAppID: fmt.Sprintf("cli_appr%04d", n), Token: "action-token-Sup3rSecret", EncryptKey: encryptKey}}
	mux := http.NewServeMux()
	mux.Handle("/callback/feishu/{app}/approval", webhook.NewApprovalHandler(webhook.ApprovalParams{
		Lookup: func(_ context.Context, app string) (webhook.ApprovalKeys, error) {
			if app != testAppPath {
				return webhook.ApprovalKeys{}, webhook.ErrUnknownApp
			}
			return ae.keys, nil
		},
		OnAction: func(_ context.Context, _ webhook.ApprovalKeys, a platform.ApprovalAction) (platform.ApprovalActionReply, error) {
			ae.mu.Lock()
			defer ae.mu.Unlock()
			if ae.fail != nil {
				return platform.ApprovalActionReply{}, ae.fail
			}
			if ae.refusal != "" {
				return platform.ApprovalActionReply{Refusal: ae.refusal}, nil
			}
			ae.actions = append(ae.actions, a)
			return platform.ApprovalActionReply{}, nil
		},
		Actions: signer,
		Broker:  broker.OpenTest(t),
	}))
	ae.srv = httptest.NewServer(mux)
	t.Cleanup(ae.srv.Close)
	return ae
}

var lisiTask = platform.ApprovalTaskRef{Definition: "DEF-CODE", Instance: "wf-1", Task: "wf-1-t1", Approver: "u-lisi", Version: 1700000000000}

// callback is the plaintext Feishu posts for an action on a task.
func (ae *approvalEnv) callback(ref platform.ApprovalTaskRef, user, action string) map[string]any {
	ae.t.Helper()
	ctx, err := ae.signer.SealTask(ae.keys.FeishuAppID, ref)
	if err != nil {
		ae.t.Fatal(err)
	}
	return map[string]any{"action_type": action, "action_context": ctx, "user_id": user, "approval_code": ref.Definition,
		"instance_id": ref.Instance, "task_id": ref.Task, "reason": "同意，注意交接", "token": ae.keys.Token,
		"attachments": []any{map[string]any{"file_type": "IMAGE", "file_name": "1.png", "file_size": 12345, "url": "https://cdn/1.png"}}}
}

// post seals a plaintext as Feishu would (with key) and posts it.
func (ae *approvalEnv) post(plain map[string]any, key string) (int, map[string]any) {
	ae.t.Helper()
	b, _ := json.Marshal(plain)
	body, err := feishusim.SealApprovalCallback(b, key)
	if err != nil {
		ae.t.Fatal(err)
	}
	return ae.postRaw(body)
}

func (ae *approvalEnv) postRaw(body []byte) (int, map[string]any) {
	ae.t.Helper()
	resp, err := http.Post(ae.srv.URL+"/callback/feishu/"+testAppPath+"/approval", "application/json", bytes.NewReader(body))
	if err != nil {
		ae.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func (ae *approvalEnv) got() []platform.ApprovalAction {
	ae.mu.Lock()
	defer ae.mu.Unlock()
	return append([]platform.ApprovalAction(nil), ae.actions...)
}

func TestApprovalActionDelivered(t *testing.T) {
	for _, key := range []string{"", "approval-key-Sup3rSecret"} {
		t.Run("key="+key, func(t *testing.T) {
			ae := newApprovalEnv(t, key)
			st, out := ae.post(ae.callback(lisiTask, "u-lisi", "APPROVE"), key)
			if st != 200 || out["code"] != float64(0) {
				t.Fatalf("answer %d %v", st, out)
			}
			got := ae.got()
			if len(got) != 1 {
				t.Fatalf("%d actions", len(got))
			}
			a := got[0]
			if a.AppID != ae.keys.FeishuAppID || a.Task != lisiTask || a.Operator != "u-lisi" || a.Decision != platform.ApprovalApprove ||
				a.Comment != "同意，注意交接" || len(a.Attachments) != 1 || a.Attachments[0] != (platform.ApprovalAttachment{Kind: "IMAGE", Name: "1.png", Size: 12345, URL: "https://cdn/1.png"}) ||
				len(a.Key) != 64 || a.At.IsZero() {
				t.Fatalf("action %+v", a)
			}
		})
	}
}

// A repeat of the same action is answered as accepted and delivered once;
// the other decision on the same task, or the same one on the task synced
// again, is another action.
func TestApprovalActionRepeatDeliveredOnce(t *testing.T) {
	ae := newApprovalEnv(t, "k3y")
	for range 3 {
		if st, _ := ae.post(ae.callback(lisiTask, "u-lisi", "APPROVE"), "k3y"); st != 200 {
			t.Fatalf("status %d", st)
		}
	}
	if st, _ := ae.post(ae.callback(lisiTask, "u-lisi", "REJECT"), "k3y"); st != 200 {
		t.Fatalf("status %d", st)
	}
	// The OA reopened the task (same ids, synced again at a later
	// version): approving it again is a new action.
	reopened := lisiTask
	reopened.Version++
	if st, _ := ae.post(ae.callback(reopened, "u-lisi", "APPROVE"), "k3y"); st != 200 {
		t.Fatalf("status %d", st)
	}
	got := ae.got()
	if len(got) != 3 || got[0].Decision != platform.ApprovalApprove || got[1].Decision != platform.ApprovalReject ||
		got[0].Key == got[1].Key || got[2].Task != reopened || got[2].Key == got[0].Key {
		t.Fatalf("actions %+v", got)
	}
}

// What is not Feishu's, or not this task's approver's, is refused and
// never delivered.
func TestApprovalActionTamperedRefused(t *testing.T) {
	const key = "approval-key-Sup3rSecret"
	ae := newApprovalEnv(t, key)
	other, _ := platform.NewActionSigner([]byte(strings.Repeat("o", 32)))
	forged, _ := other.SealTask(ae.keys.FeishuAppID, lisiTask)
	otherApp, _ := ae.signer.SealTask("cli_someone_else", lisiTask)
	valid := func() map[string]any { return ae.callback(lisiTask, "u-lisi", "APPROVE") }
	set := func(k string, v any) map[string]any { p := valid(); p[k] = v; return p }
	plain, _ := json.Marshal(valid())
	sealed, _ := feishusim.SealApprovalCallback(plain, key)
	var s struct{ Encrypt string }
	_ = json.Unmarshal(sealed, &s)
	flipped := []byte(s.Encrypt)
	flipped[len(flipped)/2] ^= 0x01
	tamperedCipher, _ := json.Marshal(map[string]string{"encrypt": string(flipped)})

	for name, c := range map[string]struct {
		body    []byte
		status  int
		message string
	}{
		"wrong token":           {sealAction(t, set("token", "guess"), key), 401, ""},
		"no token":              {sealAction(t, set("token", ""), key), 401, ""},
		"another key":           {sealAction(t, valid(), "not-the-key"), 400, ""},
		"ciphertext altered":    {tamperedCipher, 400, ""},
		"plaintext with key":    {plain, 400, ""},
		"custom action":         {sealAction(t, set("action_type", "ESCALATE"), key), 400, ""},
		"forged context":        {sealAction(t, set("action_context", forged), key), 403, "这项审批无法识别，请在 OA 中处理"},
		"another app's context": {sealAction(t, set("action_context", otherApp), key), 403, "这项审批无法识别，请在 OA 中处理"},
		"no context":            {sealAction(t, set("action_context", ""), key), 403, "这项审批无法识别，请在 OA 中处理"},
		"another instance":      {sealAction(t, set("instance_id", "wf-2"), key), 403, "这项审批无法识别，请在 OA 中处理"},
		"another definition":    {sealAction(t, set("approval_code", "OTHER"), key), 403, "这项审批无法识别，请在 OA 中处理"},
		"not the approver":      {sealAction(t, set("user_id", "u-wangwu"), key), 403, "这项审批不是你的，无法代为处理"},
	} {
		st, out := ae.postRaw(c.body)
		if st != c.status {
			t.Errorf("%s: status %d, want %d (%v)", name, st, c.status, out)
		}
		if c.message != "" && (out["message"] != c.message || out["without_prefix"] != "true") {
			t.Errorf("%s: answer %v, want the message shown", name, out)
		}
		if c.message == "" && out["message"] != nil {
			t.Errorf("%s: answer %v tells a stranger why", name, out)
		}
	}
	if n := len(ae.got()); n != 0 {
		t.Fatalf("%d tampered actions delivered", n)
	}
	// Without instance_id and task_id (a card action), the context alone
	// names the task.
	p := valid()
	delete(p, "instance_id")
	delete(p, "task_id")
	p["message_id"] = 7250020197497765889
	if st, _ := ae.post(p, key); st != 200 || len(ae.got()) != 1 {
		t.Fatalf("card-style action: %d, %d delivered", st, len(ae.got()))
	}
}

func sealAction(t *testing.T, plain map[string]any, key string) []byte {
	t.Helper()
	b, _ := json.Marshal(plain)
	out, err := feishusim.SealApprovalCallback(b, key)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The engine's refusal is shown to the approver, and its failure answered
// 500; either way the action is forgotten, so trying again works.
func TestApprovalActionRefusedOrFailedCanBeRetried(t *testing.T) {
	ae := newApprovalEnv(t, "")
	ae.refusal = "OA 中这项审批已结束"
	st, out := ae.post(ae.callback(lisiTask, "u-lisi", "APPROVE"), "")
	if st != http.StatusConflict || out["message"] != "OA 中这项审批已结束" || out["without_prefix"] != "true" {
		t.Fatalf("refusal: %d %v", st, out)
	}
	ae.refusal, ae.fail = "", errors.New("queue down")
	if st, out := ae.post(ae.callback(lisiTask, "u-lisi", "APPROVE"), ""); st != 500 || out["message"] != nil {
		t.Fatalf("failure: %d %v", st, out)
	}
	ae.fail = nil
	if st, _ := ae.post(ae.callback(lisiTask, "u-lisi", "APPROVE"), ""); st != 200 || len(ae.got()) != 1 {
		t.Fatalf("retry: %d, %d delivered", st, len(ae.got()))
	}
}

func TestApprovalActionUnknownAppAndMethod(t *testing.T) {
	ae := newApprovalEnv(t, "")
	resp, _ := http.Post(ae.srv.URL+"/callback/feishu/nope/approval", "application/json", strings.NewReader(`{}`))
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("unknown app: %d", resp.StatusCode)
	}
	resp, _ = http.Get(ae.srv.URL + "/callback/feishu/" + testAppPath + "/approval")
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}
