package platform

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ApprovalCenter shows OA approvals as to-dos in the IM's own approval
// center (Feishu: 审批中心 › 三方审批, "external approvals"): the approver
// finds them under 待办 / 已办 next to the IM's native approvals, and may
// approve or reject there; the decision comes back through an action
// callback (ApprovalAction) that the engine forwards to the OA like a
// quick-approval click. The IM runs no workflow: it shows what the bridge
// syncs, and every change of the OA approval (a decision, a new approver,
// a recall) is a new sync.
//
// # Versions
//
// Every sync carries a version (Feishu update_time, Unix milliseconds) that
// must grow with every change of the instance: the platform applies an
// incremental sync only when its version is newer than the one it holds
// and silently ignores it otherwise (Feishu answers success either way).
// NextApprovalVersion derives it; the contract is on that function. A sync
// repeated with the same version (a retry after a lost reply) changes
// nothing, so SyncInstance retries freely.
//
// # Drift
//
// A sync that never arrived, a platform that lost an instance, a version
// written elsewhere: CheckInstances compares what the bridge last synced
// with what the platform holds and lists the instances that differ; the
// engine repairs each with a full sync (ApprovalInstance.Replace) at a new
// version. InstanceStates reads the platform's state of a few instances,
// for the log and the console.
//
// # Errors
//
// Like Messenger: *Error with the platform's code and class; a definition
// the platform no longer has also matches ErrApprovalDefinitionGone (the
// engine runs EnsureDefinition again). Input the adapter can tell is wrong
// is an error naming the field, and nothing is sent.
type ApprovalCenter interface {
	// EnsureDefinition creates the approval definition instances belong to
	// (Feishu: one per OA source and app, shown as the approval's type and
	// "来自 <Source>"), or updates it when one with d.Key exists: repeating
	// it changes nothing. It returns the code SyncInstance takes.
	EnsureDefinition(ctx context.Context, d ApprovalDefinition) (ApprovalDefinitionRef, error)
	// SyncInstance creates or updates one instance with its tasks.
	SyncInstance(ctx context.Context, in ApprovalInstance) error
	// CheckInstances lists the instances whose platform copy differs from
	// the versions given (missing, another version, a task missing or at
	// another version). Instances that match are not listed.
	CheckInstances(ctx context.Context, want []ApprovalVersion) ([]ApprovalDrift, error)
	// InstanceStates reads the platform's copy of instances by id; ids the
	// platform does not know are left out.
	InstanceStates(ctx context.Context, ids []string) ([]ApprovalState, error)
}

// ApprovalDefinition is what the approval center shows of a kind of OA
// approval, and where its approvers' decisions go.
type ApprovalDefinition struct {
	// Key identifies the definition for the bridge, stable across calls
	// (for example derived from the push target); at most
	// MaxApprovalKeyLen characters. Feishu: the approval_code sent, which
	// updates the definition that has it.
	Key string
	// Name is the approval's name in the center (the OA source's name).
	Name string
	// Description is shown on the platform's start page; optional.
	Description string
	// Source names the system in the list ("来自 <Source>"); optional.
	Source string
	// Group files the definition under a group of the start page;
	// optional, both or neither.
	GroupKey, GroupName string
	// Callback is where approve / reject taken in the center are posted.
	Callback ApprovalCallback
}

// MaxApprovalKeyLen bounds ApprovalDefinition.Key (Feishu approval_code:
// "最大支持128字符").
const MaxApprovalKeyLen = 128

// ApprovalCallback is the action callback of a definition: the platform
// posts each approve / reject to URL with Token, encrypted with EncryptKey.
// The bridge generates Token and EncryptKey at random (at least 32 bytes
// of entropy each), keeps them sealed, and gives the same ones to the
// callback handler.
type ApprovalCallback struct {
	URL        string
	Token      string
	EncryptKey string // empty: the platform posts the action in plain JSON
}

// ApprovalDefinitionRef identifies a definition on the platform.
type ApprovalDefinitionRef struct {
	// Code is what instances name (Feishu returns its own approval_code
	// for a new definition, not the Key sent). Store the one the first
	// EnsureDefinition returned: Feishu may answer an update with another
	// and says to keep using the first.
	Code string
}

// ApprovalStatus is the state of an approval instance.
type ApprovalStatus string

// Instance states (Feishu external instance status).
const (
	ApprovalPending    ApprovalStatus = "PENDING"    // 审批中
	ApprovalApproved   ApprovalStatus = "APPROVED"   // ended, approved
	ApprovalRejected   ApprovalStatus = "REJECTED"   // ended, rejected
	ApprovalCanceled   ApprovalStatus = "CANCELED"   // withdrawn by the initiator
	ApprovalDeleted    ApprovalStatus = "DELETED"    // deleted in the OA
	ApprovalTerminated ApprovalStatus = "TERMINATED" // stopped
)

// Valid says whether s is one of the states.
func (s ApprovalStatus) Valid() bool {
	switch s {
	case ApprovalPending, ApprovalApproved, ApprovalRejected, ApprovalCanceled, ApprovalDeleted, ApprovalTerminated:
		return true
	}
	return false
}

// ApprovalTaskStatus is the state of one approver's task.
type ApprovalTaskStatus string

// Task states (Feishu external task status).
const (
	TaskPending     ApprovalTaskStatus = "PENDING"     // waiting for this approver
	TaskApproved    ApprovalTaskStatus = "APPROVED"    // this approver approved
	TaskRejected    ApprovalTaskStatus = "REJECTED"    // this approver rejected
	TaskTransferred ApprovalTaskStatus = "TRANSFERRED" // handed to someone else
	TaskDone        ApprovalTaskStatus = "DONE"        // closed without this approver acting
)

// Valid says whether s is one of the states.
func (s ApprovalTaskStatus) Valid() bool {
	switch s {
	case TaskPending, TaskApproved, TaskRejected, TaskTransferred, TaskDone:
		return true
	}
	return false
}

// ApprovalLink is where a click in the center leads (back to the OA).
// At least one is required; the other defaults to it.
type ApprovalLink struct {
	PC, Mobile string
}

// ApprovalField is one line of the form summary shown in the lists.
type ApprovalField struct {
	Name, Value string
}

// MaxApprovalTasks bounds the tasks of one instance (Feishu task_list:
// "最大长度 300").
const MaxApprovalTasks = 300

// ApprovalInstance is one OA approval as the center shows it.
type ApprovalInstance struct {
	// DefinitionCode is ApprovalDefinitionRef.Code.
	DefinitionCode string
	// ID is the OA approval's id: unique per tenant and app, and distinct
	// from every task id of the instance (Feishu hides an instance whose
	// ids collide).
	ID string
	// Version orders the syncs of this instance: NextApprovalVersion.
	Version int64
	// Replace sends the whole instance as the final truth: tasks the
	// platform holds and the sync does not name are removed, and the
	// platform applies it whatever its version (Feishu update_mode
	// REPLACE). Without it the sync is incremental (UPDATE): applied only
	// when newer, tasks added or updated, never removed. Use Replace for
	// drift repairs (and always with a fresh version).
	Replace bool
	Status  ApprovalStatus
	// Title is the list title; empty shows the definition's name.
	Title string
	// Form is the summary shown in the lists (Feishu shows the first 3;
	// names and values together at most MaxApprovalFormChars characters).
	Form []ApprovalField
	// Initiator is the user_id of who started it; InitiatorName is shown
	// when there is none (a system, a department).
	Initiator, InitiatorName string
	Link                     ApprovalLink
	Started, Ended           time.Time // Ended zero while pending
	Tasks                    []ApprovalTask
}

// MaxApprovalFormChars bounds the form summary (Feishu form: "长度不超过
// 2048 字符"; counted here in characters of names and values).
const MaxApprovalFormChars = 2048

// ApprovalTask is one approver's to-do.
type ApprovalTask struct {
	// ID is unique within the instance and distinct from its id.
	ID string
	// Approver is the approver's user_id. Feishu names who acted in an
	// action callback by user_id only, so a task must name its approver
	// by user_id for the bridge to check that the person who acted is the
	// approver.
	Approver string
	Title    string // the task's name (a node: "部门经理审批"); optional
	Status   ApprovalTaskStatus
	// Link defaults to the instance's.
	Link           ApprovalLink
	Created, Ended time.Time // Created defaults to the instance's start
	// QuickApproval offers approve and reject in the center while the task
	// is pending (Feishu: on mobile); the decision comes back as an
	// ApprovalAction. ReasonRequired makes the approver write a comment.
	QuickApproval  bool
	ReasonRequired bool
}

// Check refuses an instance missing what the platform requires, naming
// the field.
func (in ApprovalInstance) Check() error {
	switch {
	case in.DefinitionCode == "":
		return errors.New("approval instance: the definition code is required")
	case in.ID == "":
		return errors.New("approval instance: the id is required")
	case in.Version <= 0:
		return fmt.Errorf("approval instance %s: the version must be positive (NextApprovalVersion)", in.ID)
	case !in.Status.Valid():
		return fmt.Errorf("approval instance %s: status %q is not a known state", in.ID, in.Status)
	case in.Link.PC == "" && in.Link.Mobile == "":
		return fmt.Errorf("approval instance %s: a PC or mobile link is required", in.ID)
	case in.Started.IsZero():
		return fmt.Errorf("approval instance %s: the start time is required", in.ID)
	case len(in.Tasks) > MaxApprovalTasks:
		return fmt.Errorf("approval instance %s: %d tasks, at most %d", in.ID, len(in.Tasks), MaxApprovalTasks)
	}
	chars := 0
	for i, f := range in.Form {
		if f.Name == "" {
			return fmt.Errorf("approval instance %s: form field %d has no name", in.ID, i)
		}
		chars += len([]rune(f.Name)) + len([]rune(f.Value))
	}
	if chars > MaxApprovalFormChars {
		return fmt.Errorf("approval instance %s: the form has %d characters, at most %d", in.ID, chars, MaxApprovalFormChars)
	}
	seen := map[string]bool{in.ID: true}
	for i, t := range in.Tasks {
		switch {
		case t.ID == "":
			return fmt.Errorf("approval instance %s: task %d has no id", in.ID, i)
		case seen[t.ID]:
			return fmt.Errorf("approval instance %s: task id %q is used twice (task ids must differ from each other and from the instance id)", in.ID, t.ID)
		case t.Approver == "":
			return fmt.Errorf("approval instance %s: task %s has no approver user_id", in.ID, t.ID)
		case !t.Status.Valid():
			return fmt.Errorf("approval instance %s: task %s status %q is not a known state", in.ID, t.ID, t.Status)
		}
		seen[t.ID] = true
	}
	return nil
}

// ApprovalVersion is what the bridge last synced of one instance: its
// version, at which every task was synced too.
type ApprovalVersion struct {
	InstanceID string
	Version    int64
	TaskIDs    []string
}

// ApprovalDrift is one instance whose platform copy differs.
type ApprovalDrift struct {
	InstanceID string
	// Missing: the platform has no such instance.
	Missing bool
	// Version is the platform's version of the instance (0 when missing).
	Version int64
	// Tasks are the tasks found different (Version 0: missing). Feishu
	// reports task differences before the instance's own, so a drift may
	// name tasks and leave an instance version difference unsaid: repair
	// the whole instance.
	Tasks []ApprovalTaskVersion
}

// ApprovalTaskVersion is a task's version on the platform.
type ApprovalTaskVersion struct {
	TaskID  string
	Version int64
}

// ApprovalState is the platform's copy of one instance.
type ApprovalState struct {
	InstanceID     string
	DefinitionCode string
	Status         ApprovalStatus
	Version        int64
	Tasks          []ApprovalTaskState
}

// ApprovalTaskState is the platform's copy of one task.
type ApprovalTaskState struct {
	TaskID  string
	Status  ApprovalTaskStatus
	Version int64
}

// NextApprovalVersion returns the version (Unix milliseconds) of the next
// sync of an instance: max(now, v+1 for every v in seen). The contract:
//
//   - the caller keeps the instance's last version, and passes it in seen
//     together with any version the platform reported (ApprovalDrift), so
//     the result is newer than anything either side holds;
//   - it computes and stores the result in one atomic step per instance
//     (a conditional row update on the old value, retried on conflict),
//     before calling SyncInstance, so two workers never send one version
//     with different content, and a clock stepping back never produces an
//     older version: the stored one only grows;
//   - a retry of the same sync (a job re-run after a lost reply) resends
//     the stored version and content unchanged; new content always takes
//     a new version.
//
// Versions stay close to real time (the platform shows update_time as the
// last change), and strictly increase even when many changes fall into one
// millisecond.
func NextApprovalVersion(now time.Time, seen ...int64) int64 {
	v := now.UnixMilli()
	for _, s := range seen {
		if s >= v {
			v = s + 1
		}
	}
	return v
}

// ErrApprovalDefinitionGone: the platform does not know the definition an
// instance names (deleted, or the code is another's). The engine runs
// EnsureDefinition and syncs again.
var ErrApprovalDefinitionGone = errors.New("the approval definition is gone from the platform")
