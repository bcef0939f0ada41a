package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"imbridge/platform"
	"imbridge/worker/broker"
)

// Approval-center actions: an approver approves or rejects a third-party
// approval task in Feishu's approval center, and Feishu POSTs the
// quick-approval callback to the definition's action_callback_url (page
// server-docs/approval-v4/external_approval/quick-approval-callback; the
// facts are in platform/feishu/approval.go). It is not an event: no
// envelope, no signature header, no timestamp, no event id. What proves
// it:
//
//   - the token (action_callback_token) in the body, compared in constant
//     time; with an action_callback_key the whole body is {"encrypt":…}
//     (AES-256-CBC, key sha256(key), as events), and a plaintext body is
//     refused, so the token never travels in the clear;
//   - the action_context the bridge sealed into the task when it synced
//     it (platform.ActionSigner.SealTask): it names the definition,
//     instance, task and approver, so an action names only a task the
//     bridge sent, and the approval_code, instance_id and task_id of the
//     callback must agree with it;
//   - user_id, who acted, must be the task's approver.
//
// A replay of the same action (definition, instance, task and the version
// it was synced at, decision, operator) within the de-duplication window is answered as accepted and
// not delivered again: Feishu sends no event id, and re-processes a card
// action for up to 10 s when the first answer was late.
//
// Answers: 200 {"code":0,"msg":"success"} when accepted (the page shows no
// success body; this is the Open Platform's usual one); refusals the
// approver should understand (a task that is not theirs, one the bridge
// cannot place, the engine's own refusal) with 403 / 409 and
// {"message":…, "without_prefix":"true"}, which Feishu shows above 400;
// 400 (malformed, undecryptable), 401 (token), 404 (unknown app), 413,
// 500 (OnAction or Redis failed: the approver may try again) carry
// {"error":…} only.

// ApprovalKeys are the credentials of one app's approval callbacks: every
// definition the app creates carries the same token and key.
type ApprovalKeys struct {
	TenantID, AppID int    // our Tenant and App row ids
	FeishuAppID     string // cli_…
	Token           string // action_callback_token; required
	EncryptKey      string // action_callback_key; empty: plaintext callbacks
}

// ApprovalParams configure NewApprovalHandler.
type ApprovalParams struct {
	// Lookup finds the app named by the {app} path value; ErrUnknownApp if none.
	Lookup func(ctx context.Context, app string) (ApprovalKeys, error)
	// OnAction receives verified actions; it must only enqueue (Feishu
	// waits 10 s, the Lark page says 5). An error answers 500 and forgets
	// the action, so the approver can try again.
	OnAction func(ctx context.Context, keys ApprovalKeys, a platform.ApprovalAction) (platform.ApprovalActionReply, error)
	// Actions opens the tasks' action contexts (the signer SyncInstance
	// sealed them with).
	Actions *platform.ActionSigner
	Broker  *broker.Broker // action de-duplication
	Logger  *slog.Logger   // nil: discard
	Now     func() time.Time
}

// approvalBudget bounds lookup, de-duplication and OnAction, under the
// shorter of the documented timeouts (5 s).
const approvalBudget = 4 * time.Second

// Outcomes of approval callbacks (imbridge_feishu_events_total).
const (
	outcomeApprovalAction  = "approval_action"
	outcomeApprovalRefused = "approval_action_refused"
)

// Messages the approver reads when an action is refused.
const (
	approvalMsgUnknown  = "这项审批无法识别，请在 OA 中处理"
	approvalMsgNotYours = "这项审批不是你的，无法代为处理"
)

type approvalHandler struct {
	p      ApprovalParams
	dedupe dedupe
}

// NewApprovalHandler returns the receiver of approval-center actions,
// mounted at the action_callback_url the bridge gives EnsureDefinition,
// e.g. POST /callback/feishu/{app}/approval; it reads the app with
// r.PathValue("app"). It panics without Lookup, OnAction, Actions or
// Broker.
func NewApprovalHandler(p ApprovalParams) http.Handler {
	if p.Lookup == nil || p.OnAction == nil || p.Actions == nil || p.Broker == nil {
		panic("feishu webhook: NewApprovalHandler needs Lookup, OnAction, Actions and Broker")
	}
	if p.Logger == nil {
		p.Logger = slog.New(slog.DiscardHandler)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	return &approvalHandler{p: p, dedupe: dedupe{b: p.Broker}}
}

// approvalCallback is the callback's plaintext.
type approvalCallback struct {
	ActionType    string          `json:"action_type"`
	ActionContext string          `json:"action_context"`
	UserID        string          `json:"user_id"`
	ApprovalCode  string          `json:"approval_code"`
	InstanceID    string          `json:"instance_id"`
	TaskID        string          `json:"task_id"`
	MessageID     json.RawMessage `json:"message_id"` // int64 on the page; not read
	Reason        string          `json:"reason"`
	Token         string          `json:"token"`
	Attachments   []struct {
		FileType string `json:"file_type"`
		FileSize int64  `json:"file_size"`
		FileName string `json:"file_name"`
		URL      string `json:"url"`
	} `json:"attachments"`
}

func (h *approvalHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{app: r.PathValue("app"), eventType: "approval_action"}
	if rj := h.handle(w, r, c); rj != nil {
		eventsTotal.WithLabelValues(rj.outcome).Inc()
		level := slog.LevelWarn
		if rj.status >= 500 {
			level = slog.LevelError
		}
		attrs := append(c.attrs(), slog.String("reason", rj.detail), slog.Int("status", rj.status))
		if rj.err != nil {
			attrs = append(attrs, slog.String("error", rj.err.Error()))
		}
		h.p.Logger.Log(r.Context(), level, "feishu approval action refused", attrs...)
		if rj.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", http.MethodPost)
		}
		writeRejection(w, rj)
	}
}

func (h *approvalHandler) handle(w http.ResponseWriter, r *http.Request, c *call) *rejection {
	if r.Method != http.MethodPost {
		return reject(http.StatusMethodNotAllowed, outcomeMethod, "method "+truncate(r.Method, 16))
	}
	body, rj := readBody(w, r)
	if rj != nil {
		return rj
	}
	ctx, cancel := context.WithTimeout(r.Context(), approvalBudget)
	defer cancel()
	keys, err := h.p.Lookup(ctx, c.app)
	if errors.Is(err, ErrUnknownApp) {
		return reject(http.StatusNotFound, outcomeUnknownApp, "unknown app")
	}
	if err != nil {
		return internal("app lookup failed", err)
	}
	c.keys = &AppKeys{TenantID: keys.TenantID, AppID: keys.AppID, FeishuAppID: keys.FeishuAppID}
	plain, rj := open(body, keys.EncryptKey)
	if rj != nil {
		return rj
	}
	var cb approvalCallback
	if err := json.Unmarshal(plain, &cb); err != nil {
		return malformed("approval callback does not decode")
	}
	if !tokenEqual(cb.Token, keys.Token) {
		return reject(http.StatusUnauthorized, outcomeBadToken, "action_callback_token mismatch")
	}
	decision := platform.ApprovalDecision(cb.ActionType)
	if decision != platform.ApprovalApprove && decision != platform.ApprovalReject {
		return malformed("action_type is not APPROVE or REJECT")
	}
	if cb.UserID == "" || cb.ApprovalCode == "" {
		return malformed("approval callback without user_id or approval_code")
	}
	task, err := h.p.Actions.OpenTask(keys.FeishuAppID, cb.ActionContext)
	switch {
	case err != nil:
		return h.refuse(ctx, w, c, http.StatusForbidden, "action_context not sealed for this app", approvalMsgUnknown)
	case task.Definition != cb.ApprovalCode || (cb.InstanceID != "" && cb.InstanceID != task.Instance) ||
		(cb.TaskID != "" && cb.TaskID != task.Task):
		return h.refuse(ctx, w, c, http.StatusForbidden, "approval_code, instance_id or task_id disagree with the action_context", approvalMsgUnknown)
	case cb.UserID != task.Approver:
		return h.refuse(ctx, w, c, http.StatusForbidden, "action by someone other than the task's approver", approvalMsgNotYours)
	}
	sum := sha256.New()
	for _, f := range []string{keys.FeishuAppID, task.Definition, task.Instance, task.Task,
		strconv.FormatInt(task.Version, 10), string(decision), cb.UserID} {
		sum.Write([]byte(f))
		sum.Write([]byte{0})
	}
	key := hex.EncodeToString(sum.Sum(nil))
	c.eventID = key[:32]
	tok, first, err := h.dedupe.claim(ctx, keys.AppID, "approval:"+key)
	if err != nil {
		return internal("action de-duplication unavailable", err)
	}
	if !first {
		eventsTotal.WithLabelValues(outcomeDuplicate).Inc()
		h.p.Logger.InfoContext(ctx, "feishu approval action repeated; not delivered again", c.attrs()...)
		writeJSON(w, http.StatusOK, approvalAccepted)
		return nil
	}
	action := platform.ApprovalAction{AppID: keys.FeishuAppID, Task: task, Operator: cb.UserID, Decision: decision,
		Comment: cb.Reason, Key: key, At: h.p.Now()}
	for _, a := range cb.Attachments {
		action.Attachments = append(action.Attachments, platform.ApprovalAttachment{Kind: a.FileType, Name: a.FileName, Size: a.FileSize, URL: a.URL})
	}
	reply, err := h.p.OnAction(ctx, keys, action)
	if err != nil || reply.Refusal != "" {
		h.release(ctx, c, keys.AppID, "approval:"+key, tok)
	}
	if err != nil {
		return &rejection{status: http.StatusInternalServerError, outcome: outcomeDeliverFailed, detail: "approval action handler failed", err: err}
	}
	if reply.Refusal != "" {
		return h.refuse(ctx, w, c, http.StatusConflict, "refused by the engine", reply.Refusal)
	}
	eventsTotal.WithLabelValues(outcomeApprovalAction).Inc()
	h.p.Logger.InfoContext(ctx, "feishu approval action delivered", c.attrs()...)
	writeJSON(w, http.StatusOK, approvalAccepted)
	return nil
}

// approvalAccepted is the answer to an accepted action.
var approvalAccepted = map[string]any{"code": 0, "msg": "success"}

// refuse answers an action the bridge will not take with a message the
// approver reads (Feishu shows "message" when the status is above 400 and
// "without_prefix" is "true").
func (h *approvalHandler) refuse(ctx context.Context, w http.ResponseWriter, c *call, status int, why, message string) *rejection {
	eventsTotal.WithLabelValues(outcomeApprovalRefused).Inc()
	h.p.Logger.WarnContext(ctx, "feishu approval action refused", append(c.attrs(), slog.String("reason", why))...)
	writeJSON(w, status, map[string]string{"message": message, "without_prefix": "true"})
	return nil
}

// release forgets a claim, on a fresh context (the request's may be gone).
func (h *approvalHandler) release(ctx context.Context, c *call, appID int, id, tok string) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseBudget)
	defer cancel()
	if err := h.dedupe.release(rctx, appID, id, tok); err != nil {
		h.p.Logger.ErrorContext(ctx, "feishu approval action claim not released", append(c.attrs(), slog.String("error", err.Error()))...)
	}
}
