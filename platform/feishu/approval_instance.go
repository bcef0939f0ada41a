package feishu

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkapproval "github.com/larksuite/oapi-sdk-go/v3/service/approval/v4"

	"imbridge/platform"
)

// SyncInstance: POST /open-apis/approval/v4/external_instances (SDK
// Approval.V4.ExternalInstance.Create). The whole instance every time
// (the page requires every field whatever the mode), update_mode UPDATE,
// or REPLACE with in.Replace, update_time in.Version on the instance and
// on every task (the platform compares each on its own; one version keeps
// the check simple). Approvers and the initiator by user_id. A pending
// task with QuickApproval gets APPROVE and REJECT, and an action context
// sealing (definition, instance, task, approver) with the client's
// ActionSigner, which the callback handler opens (with the version, so
// the engine knows which state the approver acted on).
//
// Retries (5xx, lost replies) resend the same version and content: with
// UPDATE a copy already applied is ignored, with REPLACE it is rewritten
// with the same data. Feishu answers success when it ignores an UPDATE
// that is not newer, so success does not say the sync was applied:
// CheckInstances does.
//
// Refusals: 1390001 a field; 1390002 / 1390016 the definition is gone
// (ErrApprovalDefinitionGone); 1395001 try again later (class transient:
// "短时间内不要同步相同的审批实例"); 1390014 tenant not found.
func (c *Client) SyncInstance(ctx context.Context, in platform.ApprovalInstance) error {
	if err := in.Check(); err != nil {
		return fmt.Errorf("feishu: %w", err)
	}
	body, err := c.externalInstance(in)
	if err != nil {
		return err
	}
	err = c.do(ctx, APIExternalInstanceCreate, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		r, err := c.lark.Approval.V4.ExternalInstance.Create(ctx,
			larkapproval.NewCreateExternalInstanceReqBuilder().ExternalInstance(body).Build())
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil {
		return fmt.Errorf("feishu approval instance %s (version %d): %w", in.ID, in.Version, approvalError(err))
	}
	return nil
}

// externalInstance builds the request body of an instance.
func (c *Client) externalInstance(in platform.ApprovalInstance) (*larkapproval.ExternalInstance, error) {
	var texts i18nTexts
	version := ptr(strconv.FormatInt(in.Version, 10))
	mode := "UPDATE"
	if in.Replace {
		mode = "REPLACE"
	}
	out := &larkapproval.ExternalInstance{
		ApprovalCode: ptr(in.DefinitionCode),
		Status:       ptr(string(in.Status)),
		InstanceId:   ptr(in.ID),
		Links:        links(in.Link, platform.ApprovalLink{}),
		StartTime:    ms(in.Started),
		EndTime:      ms(in.Ended),
		UpdateTime:   version,
		UpdateMode:   ptr(mode),
		TaskList:     []*larkapproval.ExternalInstanceTaskNode{},
	}
	if in.Title != "" {
		out.Title = texts.key("title", in.Title)
	}
	for i, f := range in.Form {
		out.Form = append(out.Form, &larkapproval.ExternalInstanceForm{
			Name: texts.key("form_"+strconv.Itoa(i)+"_name", f.Name), Value: texts.key("form_"+strconv.Itoa(i)+"_value", f.Value)})
	}
	if in.Initiator != "" {
		out.UserId = ptr(in.Initiator)
	}
	if in.InitiatorName != "" {
		out.UserName = texts.key("initiator", in.InitiatorName)
	}
	for i, t := range in.Tasks {
		node := &larkapproval.ExternalInstanceTaskNode{
			TaskId:     ptr(t.ID),
			UserId:     ptr(t.Approver),
			Links:      links(t.Link, in.Link),
			Status:     ptr(string(t.Status)),
			CreateTime: ms(t.Created),
			EndTime:    ms(t.Ended),
			UpdateTime: version,
		}
		if t.Created.IsZero() {
			node.CreateTime = ms(in.Started)
		}
		if t.Title != "" {
			node.Title = texts.key("task_"+strconv.Itoa(i), t.Title)
		}
		if reason, ok := completeReasons[t.Status]; ok {
			b, _ := json.Marshal(map[string]string{"complete_reason": reason})
			node.Extra = ptr(string(b))
		}
		if t.QuickApproval && t.Status == platform.TaskPending && in.Status == platform.ApprovalPending {
			if c.actions == nil {
				return nil, errRefused("approval instance "+in.ID, "task %s offers quick approval, but the client has no action signer (Params.Actions)", t.ID)
			}
			sealed, err := c.actions.SealTask(c.appID, platform.ApprovalTaskRef{Definition: in.DefinitionCode,
				Instance: in.ID, Task: t.ID, Approver: t.Approver, Version: in.Version})
			if err != nil {
				return nil, fmt.Errorf("feishu approval instance %s: %w", in.ID, err)
			}
			node.ActionContext = ptr(sealed)
			for _, a := range []platform.ApprovalDecision{platform.ApprovalApprove, platform.ApprovalReject} {
				node.ActionConfigs = append(node.ActionConfigs, &larkapproval.ActionConfig{ActionType: ptr(string(a)),
					IsNeedReason: ptr(t.ReasonRequired), IsReasonRequired: ptr(t.ReasonRequired), IsNeedAttachment: ptr(false)})
			}
		}
		out.TaskList = append(out.TaskList, node)
	}
	if len(texts) == 0 {
		// i18n_resources and its texts are required even when the
		// instance has no text of its own (the title then comes from the
		// definition): one harmless text satisfies the rule.
		texts.key("instance", in.ID)
	}
	out.I18nResources = texts.resources()
	return out, nil
}

// completeReasons is the task extra's complete_reason per ended state
// (the page's enum: approved, rejected, forward "手动转交", others "其他").
var completeReasons = map[platform.ApprovalTaskStatus]string{
	platform.TaskApproved:    "approved",
	platform.TaskRejected:    "rejected",
	platform.TaskTransferred: "forward",
	platform.TaskDone:        "others",
}

// links is pc_link (required) and mobile_link, each defaulting to the
// other, then to the fallback's.
func links(l, fallback platform.ApprovalLink) *larkapproval.ExternalInstanceLink {
	if l.PC == "" && l.Mobile == "" {
		l = fallback
	}
	pc, mobile := l.PC, l.Mobile
	if pc == "" {
		pc = mobile
	}
	if mobile == "" {
		mobile = pc
	}
	return &larkapproval.ExternalInstanceLink{PcLink: ptr(pc), MobileLink: ptr(mobile)}
}
