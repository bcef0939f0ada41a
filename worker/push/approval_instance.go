package push

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/message"
	"imbridge/platform"
)

// pendingInstance is an instance before its version is stamped.
type pendingInstance struct {
	platform.ApprovalInstance
	ended []bool // per task: ended (stamped with the version's time)
}

// instanceOf builds the instance of a message with its approval deliveries
// as tasks.
func instanceOf(m *ent.Message, t *ent.PushTarget, code string, ds []*ent.Delivery) pendingInstance {
	title, body := texts(m, t)
	in := pendingInstance{ApprovalInstance: platform.ApprovalInstance{
		DefinitionCode: code, ID: InstanceID(m.ID), Title: truncateRunes(title, 100),
		InitiatorName: m.Source, Link: platform.ApprovalLink{PC: m.Link, Mobile: m.Link}, Started: m.CreatedAt,
	}}
	budget := platform.MaxApprovalFormChars
	add := func(name, value string) {
		n := len([]rune(name))
		if budget-n <= 0 {
			return
		}
		value = truncateRunes(value, budget-n)
		budget -= n + len([]rune(value))
		in.Form = append(in.Form, platform.ApprovalField{Name: name, Value: value})
	}
	for _, f := range m.Fields {
		if f.Label != "" {
			add(f.Label, f.Value)
		}
	}
	if body != "" {
		add("内容", body)
	}
	var approved, rejected bool
	for _, d := range ds {
		st := TaskState(m, d)
		approved = approved || st == platform.TaskApproved
		rejected = rejected || st == platform.TaskRejected
		in.Tasks = append(in.Tasks, platform.ApprovalTask{ID: TaskID(d.ID), Approver: d.ReceiveID, Status: st,
			Created: d.CreatedAt, QuickApproval: d.QuickApproval && st == platform.TaskPending})
		in.ended = append(in.ended, st != platform.TaskPending)
	}
	switch {
	case m.Status == message.StatusRecalled:
		in.Status = platform.ApprovalCanceled
	case m.TodoState != message.TodoStateDone:
		in.Status = platform.ApprovalPending
	default:
		in.Status = doneStatus(m.TodoOutcome, approved, rejected)
	}
	return in
}

// TaskState is the state of a delivery's approval-center task as the
// bridge syncs it: the recipient's decision, else done once the message is
// recalled or its to-do completed, else pending.
func TaskState(m *ent.Message, d *ent.Delivery) platform.ApprovalTaskStatus {
	switch {
	case d.Action == "approve":
		return platform.TaskApproved
	case d.Action == "reject":
		return platform.TaskRejected
	case m.Status == message.StatusRecalled || m.TodoState == message.TodoStateDone:
		return platform.TaskDone
	}
	return platform.TaskPending
}

// doneStatus is the state a completed to-do ends in: what its outcome text
// says (同意 / 拒绝 …), else what its approvers decided, else approved (a
// to-do the OA completed without saying how ended in the OA's favour: the
// center shows it among the done ones either way).
func doneStatus(outcome string, approved, rejected bool) platform.ApprovalStatus {
	o := strings.ToLower(outcome)
	for _, w := range []string{"拒绝", "驳回", "不同意", "reject", "denied", "declined"} {
		if strings.Contains(o, w) {
			return platform.ApprovalRejected
		}
	}
	for _, w := range []string{"撤回", "撤销", "取消", "cancel", "withdr"} {
		if strings.Contains(o, w) {
			return platform.ApprovalCanceled
		}
	}
	for _, w := range []string{"同意", "通过", "批准", "approve"} {
		if strings.Contains(o, w) {
			return platform.ApprovalApproved
		}
	}
	if rejected {
		return platform.ApprovalRejected
	}
	_ = approved
	return platform.ApprovalApproved
}

// fingerprint is the content's hash, without the version and times.
func (in pendingInstance) fingerprint() string {
	b, _ := json.Marshal(struct {
		Code, Title, Link string
		Status            platform.ApprovalStatus
		Form              []platform.ApprovalField
		Tasks             []platform.ApprovalTask
	}{in.DefinitionCode, in.Title, in.Link.PC, in.Status, in.Form, in.Tasks})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// stamp sets the end times of what ended to the version's time.
func (in *pendingInstance) stamp(at time.Time) {
	if in.Status != platform.ApprovalPending {
		in.Ended = at
	}
	for i := range in.Tasks {
		if in.ended[i] {
			in.Tasks[i].Ended = at
		}
	}
}
