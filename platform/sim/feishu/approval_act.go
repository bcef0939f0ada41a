package feishu

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// The quick-approval callback (三方快捷审批回调, page server-docs/
// approval-v4/external_approval/quick-approval-callback, 2025-04-21): when
// an approver approves or rejects a pending task in the approval center,
// Feishu POSTs to the definition's action_callback_url (Content-Type
// application/json):
//
//	{"action_type":"APPROVE"|"REJECT", "action_context":<the task's>,
//	 "user_id":<who acted>, "approval_code":…, "instance_id":…,
//	 "task_id":…, "reason":…, "attachments":[…], "token":<action_callback_token>}
//
// instance_id and task_id are "列表操作时必填" (the approval center's list,
// which is what ActOnTask plays); a click on an approval-bot card carries
// message_id instead, after a search id. With action_callback_key set,
// "以上参数会进行加密后放在该参数内": the body is {"encrypt": base64(iv ||
// AES-256-CBC(PKCS#7(json)))}, key sha256(action_callback_key) (the
// decryption sample on the page; the scheme of event encryption). Nothing
// is signed, and there is no timestamp or event id: the token (inside the
// ciphertext when encrypted) is the only proof of origin.
//
// "回调超时时间 10s" (the Lark page: 5 s): no answer in time shows the
// approver an error. The page documents no success body; on an HTTP status
// above 400 the answer's "message" is shown when "without_prefix" is
// "true". Feishu changes nothing itself: the third party syncs the new
// state ("待三方审批系统进行流程流转后 … 调用同步三方审批实例").
//
// Quick approval is offered only on pending tasks with action_configs
// ("审批任务同步了，但是没有同意或拒绝按钮 … 需要同步 action_config 参数"),
// to their approver, in the mobile client.

// ApprovalActRequest is an approver acting on a task in the approval center.
type ApprovalActRequest struct {
	AppID      string // the app that synced the instance
	InstanceID string
	TaskID     string
	UserID     string // who acts (user_id); must be the task's approver
	Action     string // APPROVE or REJECT (one of the task's action_configs)
	Reason     string
}

// ApprovalActResult is what the approver saw.
type ApprovalActResult struct {
	// Status is the HTTP status of the answer; 0 when none came in time
	// (Err says why). Only 2xx is success.
	Status int
	Err    string
	// Message is the error shown to the approver: the answer's message
	// when the status is above 400 and without_prefix is "true".
	Message string
	Body    string // the answer, for assertions
}

// OK says whether the action went through.
func (r ApprovalActResult) OK() bool { return r.Status >= 200 && r.Status < 300 }

// ApprovalActRecord is one posted action callback.
type ApprovalActRecord struct {
	ApprovalActRequest
	URL    string
	Result ApprovalActResult
	At     time.Time
}

// ActOnTask is req.UserID approving or rejecting a task in the approval
// center: the action callback is posted to the definition's URL as Feishu
// posts it and the answer returned. An error means the action could not be
// taken at all (no such instance or task, not pending, someone else's
// task, an action the task does not offer, no callback URL).
func (s *Server) ActOnTask(ctx context.Context, req ApprovalActRequest) (ApprovalActResult, error) {
	st := &s.approvals
	st.mu.Lock()
	st.init()
	cur, ok := st.instances[instanceKey(req.AppID, req.InstanceID)]
	var (
		payload map[string]any
		def     ApprovalDefinition
		err     error
	)
	if ok {
		def, payload, err = st.actionPayload(cur, req)
	} else {
		err = fmt.Errorf("no instance %s of app %s", req.InstanceID, req.AppID)
	}
	timeout := st.cbTimeout
	st.mu.Unlock()
	if err != nil {
		return ApprovalActResult{}, fmt.Errorf("feishu sim: act on task: %w", err)
	}
	if timeout <= 0 {
		timeout = approvalCallbackTimeout
	}
	plain, err := json.Marshal(payload)
	if err != nil {
		return ApprovalActResult{}, err
	}
	body, err := SealApprovalCallback(plain, def.CallbackKey)
	if err != nil {
		return ApprovalActResult{}, err
	}
	res := s.postApprovalCallback(ctx, def.CallbackURL, body, timeout)
	st.mu.Lock()
	st.actions = append(st.actions, ApprovalActRecord{ApprovalActRequest: req, URL: def.CallbackURL, Result: res, At: s.clock()})
	st.stats.Actions++
	st.mu.Unlock()
	return res, nil
}

// actionPayload checks that the action can be taken and builds the
// callback's plaintext; st.mu held.
func (st *approvalStore) actionPayload(cur *approvalInstance, req ApprovalActRequest) (ApprovalDefinition, map[string]any, error) {
	w := cur.inst
	d, ok := st.defs[str(w.ApprovalCode)]
	if !ok {
		return ApprovalDefinition{}, nil, fmt.Errorf("the definition %s is gone", str(w.ApprovalCode))
	}
	def := d.view()
	i := taskIndex(w.TaskList, req.TaskID)
	if i < 0 {
		return def, nil, fmt.Errorf("instance %s has no task %s", req.InstanceID, req.TaskID)
	}
	t := w.TaskList[i]
	offered := false
	for _, a := range t.ActionConfigs {
		offered = offered || str(a.ActionType) == req.Action
	}
	switch {
	case str(w.Status) != "PENDING" || str(t.Status) != "PENDING":
		return def, nil, fmt.Errorf("task %s is not pending (instance %s, task %s)", req.TaskID, str(w.Status), str(t.Status))
	case str(t.UserId) != req.UserID && str(t.OpenId) != OpenID(req.AppID, req.UserID):
		return def, nil, fmt.Errorf("task %s is not %s's", req.TaskID, req.UserID)
	case !offered:
		return def, nil, fmt.Errorf("task %s does not offer %s (action_configs)", req.TaskID, req.Action)
	case def.CallbackURL == "":
		return def, nil, fmt.Errorf("definition %s has no action_callback_url", def.Code)
	}
	return def, map[string]any{"action_type": req.Action, "action_context": str(t.ActionContext), "user_id": req.UserID,
		"approval_code": def.Code, "instance_id": req.InstanceID, "task_id": req.TaskID, "reason": req.Reason,
		"token": def.CallbackToken}, nil
}

// SealApprovalCallback returns the body of an action callback: the
// plaintext itself, or {"encrypt":…} under key when the definition has an
// action_callback_key.
func SealApprovalCallback(plain []byte, key string) ([]byte, error) { return sealBody(plain, key) }

// postApprovalCallback posts a callback body and reads the answer.
func (s *Server) postApprovalCallback(ctx context.Context, url string, body []byte, timeout time.Duration) ApprovalActResult {
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(cctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return ApprovalActResult{Err: err.Error()}
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("User-Agent", "Feishu-Simulator")
	// The events' client (its transport), bounded by the callback's own
	// timeout rather than the events' 5 s.
	cl := *s.events.client
	cl.Timeout = 0
	resp, err := cl.Do(hreq)
	if err != nil {
		return ApprovalActResult{Err: err.Error()}
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	res := ApprovalActResult{Status: resp.StatusCode, Body: string(raw)}
	if resp.StatusCode > http.StatusBadRequest {
		var answer struct {
			Message       string `json:"message"`
			WithoutPrefix string `json:"without_prefix"`
		}
		if json.Unmarshal(raw, &answer) == nil && answer.WithoutPrefix == "true" {
			res.Message = answer.Message
		}
	}
	return res
}
