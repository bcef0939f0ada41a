package platform

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ApprovalDecision is what an approver chose in the approval center.
type ApprovalDecision string

// Decisions of the approval center's quick approval (Feishu action_type).
const (
	ApprovalApprove ApprovalDecision = "APPROVE"
	ApprovalReject  ApprovalDecision = "REJECT"
)

// ApprovalAction is a verified approve / reject taken in the approval
// center, handed to the engine, which forwards it to the OA (like a
// quick-approval click) and then syncs the instance's new state.
type ApprovalAction struct {
	AppID string // the platform's app id (Feishu cli_…)
	// Task is the task acted on, as the bridge synced it (opened from the
	// task's sealed context, so it names only a task the bridge sent).
	Task ApprovalTaskRef
	// Operator is who acted: the callback's user_id, checked equal to
	// Task.Approver.
	Operator string
	Decision ApprovalDecision
	// Comment is the approver's reason (optional unless the task asked).
	Comment     string
	Attachments []ApprovalAttachment
	// Key identifies the action (definition, instance, task, version,
	// decision, operator hashed): the callback carries no event id, and a
	// repeat of the same action on the same task as synced is the same
	// action.
	Key string
	At  time.Time // when the bridge received it
}

// ApprovalAttachment is a file the approver attached to the comment.
type ApprovalAttachment struct {
	Kind string // Feishu file_type: IMAGE or ATTACHMENTS
	Name string
	Size int64 // bytes
	URL  string
}

// ApprovalActionReply is the engine's answer: empty accepts the action
// (it is queued for the OA); Refusal refuses it with a message the
// approver reads (the OA approval already ended, say).
type ApprovalActionReply struct {
	Refusal string
}

// ApprovalTaskRef is one task as the bridge synced it: the definition
// code, instance id, task id, approver user_id and the instance version
// of that sync. SyncInstance seals it into the task's action context,
// which the platform hands back with every action on the task. The
// version tells the engine which state the approver saw, and makes an
// action on a task the OA reopened (same ids, a later sync) a new action
// rather than a repeat of the first.
type ApprovalTaskRef struct {
	Definition, Instance, Task, Approver string
	Version                              int64
}

// Check refuses a reference missing a part.
func (r ApprovalTaskRef) Check() error {
	if r.Definition == "" || r.Instance == "" || r.Task == "" || r.Approver == "" {
		return errors.New("approval task: the definition, instance, task and approver are required")
	}
	return nil
}

// sealedTask is a task reference's wire form in the action context:
// compact JSON, the app id signed but not sent.
type sealedTask struct {
	Version    int    `json:"v"`
	Definition string `json:"d"`
	Instance   string `json:"i"`
	Task       string `json:"t"`
	Approver   string `json:"u"`
	Synced     int64  `json:"n"`
	MAC        string `json:"s"`
}

const taskSealVersion = 1

// taskDomain separates task MACs from card action MACs made with the same
// key: a sealed card value can never pass as a sealed task.
const taskDomain = "imbridge approval task v1"

func (s *ActionSigner) taskMAC(app string, r ApprovalTaskRef) string {
	m := hmac.New(sha256.New, s.key)
	var n [binary.MaxVarintLen64]byte
	for _, f := range []string{taskDomain, app, r.Definition, r.Instance, r.Task, r.Approver, strconv.FormatInt(r.Version, 10)} {
		m.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		m.Write([]byte(f))
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// SealTask returns the action context of a task synced by app: the
// reference and an HMAC over it and the app id.
func (s *ActionSigner) SealTask(app string, r ApprovalTaskRef) (string, error) {
	if err := r.Check(); err != nil {
		return "", err
	}
	b, err := json.Marshal(sealedTask{Version: taskSealVersion, Definition: r.Definition, Instance: r.Instance,
		Task: r.Task, Approver: r.Approver, Synced: r.Version, MAC: s.taskMAC(app, r)})
	if err != nil {
		return "", fmt.Errorf("approval task: %w", err)
	}
	return string(b), nil
}

// OpenTask verifies an action context from a callback of app and returns
// the task it names; ErrActionForged for anything the bridge did not seal
// for this app.
func (s *ActionSigner) OpenTask(app, context string) (ApprovalTaskRef, error) {
	var w sealedTask
	if err := json.Unmarshal([]byte(context), &w); err != nil || w.Version != taskSealVersion || w.MAC == "" {
		return ApprovalTaskRef{}, ErrActionForged
	}
	r := ApprovalTaskRef{Definition: w.Definition, Instance: w.Instance, Task: w.Task, Approver: w.Approver, Version: w.Synced}
	if r.Check() != nil || !hmac.Equal([]byte(w.MAC), []byte(s.taskMAC(app, r))) {
		return ApprovalTaskRef{}, ErrActionForged
	}
	return r, nil
}
