package push

import (
	"fmt"
	"strconv"
	"strings"

	"imbridge/platform"
)

// To-dos in the IM's approval center (issue 9 item 7): a target of message
// type "approval" shows a to-do message as one external approval instance
// of the app's approval definition (Feishu 审批中心 › 三方审批), one task per
// recipient. The instance is synced whole from the rows (message and its
// approval deliveries) whenever they change: when delivered, when an
// approver decides (in the center or on a card), on completeTodo and on
// recall; the periodic check (CheckApprovals) repairs what drifted.
//
// Versions: each content change takes a new version in one transaction
// that first locks the instance row, then reads the content (so versions
// are taken in the order the content was read: the platform, which keeps
// the newest version, ends with the newest content whatever order the
// syncs arrive in); an unchanged content keeps its version (a retry
// resends it as it was).

// ReasonApprovalNotTodo skips an approval delivery of a message that is not
// a to-do: an approval-center instance must be able to end.
const ReasonApprovalNotTodo = "an approval-center target shows to-dos only: the message has no to-do key"

// ReasonApprovalNoLink fails an approval delivery of a message without a link:
// the approval center requires one (Feishu links.pc_link).
const ReasonApprovalNoLink = "an approval-center to-do needs the message's link (the OA page it opens): the platform requires it"

// ReasonApprovalTooMany fails the approvers beyond the platform's limit.
var ReasonApprovalTooMany = fmt.Sprintf("an approval-center instance holds at most %d approvers (the platform's task_list limit): this recipient is beyond it", platform.MaxApprovalTasks)

// refusal is a reason the bridge itself cannot show a to-do in the
// approval center: the deliveries fail at once with it.
type refusal string

func (r refusal) Error() string { return string(r) }

// InstanceID is the approval-center instance id of a message.
func InstanceID(messageID int) string { return "imb-m" + strconv.Itoa(messageID) }

// TaskID is the approval-center task id of a delivery.
func TaskID(deliveryID int) string { return "imb-d" + strconv.Itoa(deliveryID) }

// deliveryOfTask is the delivery id of a task id (0 when it is not one).
func deliveryOfTask(id string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(id, "imb-d"))
	if err != nil || !strings.HasPrefix(id, "imb-d") {
		return 0
	}
	return n
}

// DefinitionKey is the key of an app's approval definition.
func DefinitionKey(appID int) string { return "imbridge-app-" + strconv.Itoa(appID) }
