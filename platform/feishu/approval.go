package feishu

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkapproval "github.com/larksuite/oapi-sdk-go/v3/service/approval/v4"

	"imbridge/platform"
)

// platform.ApprovalCenter on Feishu: OA approvals as third-party approvals
// (三方审批) in the approval center (审批中心). Files: approval.go (this
// doc, definitions), approval_instance.go (instance sync),
// approval_check.go (the drift check, the task list), approval_codes.go
// (refusals); the action callback is received by platform/feishu/webhook
// (approval_action.go).
//
// Sources: the approval v4 pages of open.feishu.cn (server-docs/
// approval-v4/external_approval/{overview, create, get,
// quick-approval-callback}, external_instance/{overview, create, check,
// faqs}, external_task/{overview, list}, approval-related-faqs, dated
// 2024-08 to 2025-07), read through the doc mirror wxkingstar/doc-hub-mcp
// and the search tool; the tutorial 快速开发三方审批 (2023-07); the SDK
// v3.5.4 (service/approval/v4: ExternalApproval, ExternalInstance,
// ExternalInstanceTaskNode, ExteranlInstanceCheck [sic], ExternalTaskList);
// third-party notes where marked [3P].
//
// Endpoints (tenant_access_token; every page: 1000 次/分钟、50 次/秒, the
// DefaultLimits; "开启其中任意一项权限即可调用"):
//
//	POST /open-apis/approval/v4/external_approvals          create or update a definition  approval:approval | approval:external_approval
//	POST /open-apis/approval/v4/external_instances          sync an instance               approval:approval | approval:external_instance
//	POST /open-apis/approval/v4/external_instances/check    drift check                    approval:approval | approval:approval:readonly | approval:external_instance
//	GET  /open-apis/approval/v4/external_tasks              task states (JSON body on GET)  approval:approval | approval:approval:readonly | approval:external_task
//
// Definition (external_approvals): an upsert keyed by the approval_code
// sent (≤ 128 characters); a new definition comes back with Feishu's own
// approval_code ("并非你通过该参数传入的值"), which instances name; an update
// may answer another code, and the page says to keep using the one you
// have. approval_name is an i18n key ("以 @i18n@ 开头，长度不得少于 9 个字
// 符"); every text (name, group_name, description, biz_name) is an i18n key
// whose value is in i18n_resources (locale, is_default, texts [{key,
// value}]). external: biz_name ("来自 …" is prefixed by Feishu),
// support_pc / support_mobile ("不可都为 false"), action_callback_url,
// action_callback_token, action_callback_key, create_link_pc/mobile (left
// empty: approvals start in the OA, so the start page does not offer it),
// enable_quick_operate and enable_mark_readed ("该字段无效"). viewers ≤ 200
// (not sent = nobody sees it on the start page; NONE is sent to say so),
// managers ≤ 200. [3P] an update resets the fields it does not send, so
// every call sends everything.
//
// Instance (external_instances), fields sent: approval_code, instance_id
// (unique per tenant and app; instance, task and cc ids must all differ or
// the approval is hidden), status (PENDING APPROVED REJECTED CANCELED
// DELETED HIDDEN TERMINATED), links {pc_link (required), mobile_link},
// title, form [{name, value}] (first 3 shown, "长度不超过 2048 字符"),
// user_id of the initiator or user_name, start_time, end_time ("0" while
// pending), update_time (all Unix ms as strings, required), update_mode
// (REPLACE, the default, or UPDATE), task_list (≤ 300) of {task_id,
// user_id | open_id, title, links, status (PENDING APPROVED REJECTED
// TRANSFERRED DONE), create_time, end_time, update_time, action_context,
// action_configs [{action_type APPROVE | REJECT | key, action_name,
// is_need_reason, is_reason_required, is_need_attachment}] (at most two;
// "快捷审批目前仅支持在飞书移动端操作"), extra {"complete_reason": approved |
// rejected | forward | others …}}, i18n_resources (required). No
// user_id_type parameter: ids are user_id or open_id by field.
//
// update_time (the FAQ): with UPDATE the instance, each task and each cc
// are applied only when their update_time is greater than the last one
// synced ("两次 … 一样时，也不会更新数据"), and otherwise ignored with
// success; UPDATE adds and updates tasks, never removes them, and cannot
// change department_id/name or a task's user, create_time or node. REPLACE
// does not check update_time and replaces everything but approval_code
// and instance_id. The adapter stamps the instance and every task with
// ApprovalInstance.Version, so the check below compares one version.
//
// Check (external_instances/check): {instances [{instance_id, update_time,
// tasks [{task_id, update_time}]}]} (the page states no maximum; the
// adapter sends at most checkBatch, UNVERIFIED); diff_instances lists, per
// the FAQ's steps, an unknown instance (update_time "0", no tasks), else
// unknown or other-version tasks (the instance's update_time and those
// tasks), else an instance at another update_time. Matching instances are
// not listed.
//
// Task list (external_tasks): filters instance_ids (≤ 20) or
// approval_codes (≤ 20) with status / user_ids, in a JSON body on a GET;
// page_size ≤ 500 (default 50), page_token / has_more.
//
// Action callback (quick-approval-callback): POST to action_callback_url,
// {action_type APPROVE | REJECT, action_context, user_id (who acted),
// approval_code, instance_id and task_id (list actions), message_id
// (int64, approval-bot card actions), id (after a search), reason,
// attachments [{file_type, file_size, file_name, url}], token}; with
// action_callback_key the whole object is {"encrypt": base64(iv ||
// AES-256-CBC)} with key sha256(action_callback_key) (the page's sample;
// the "关联外部选项说明" page's Java sample encrypts a zero block first,
// which decrypts the same way). No signature header, timestamp or event
// id. Timeout 10 s (the Lark page: 5 s). The page documents no success
// body; an HTTP status above 400 with {"message", "without_prefix":
// "true"} shows the message to the approver. Feishu changes nothing on
// an action: the third party syncs the result.
//
// Codes (HTTP 400; approval_codes.go): 1390001 param is invalid (every
// page), 1395001 try again later (create, sync, check; "降低请求频率，并重
// 试", "短时间内不要同步相同的审批实例"), 1390014 tenant_id not found (sync),
// 1390002 approval code not found and 1390016 approval is deleted
// (definition get; the sync page does not say which code an unknown
// definition gets).

// The approval APIs: method and path as the SDK's apiReq.ApiPath.
const (
	APIExternalApprovalCreate = "POST /open-apis/approval/v4/external_approvals"
	APIExternalInstanceCreate = "POST /open-apis/approval/v4/external_instances"
	APIExternalInstanceCheck  = "POST /open-apis/approval/v4/external_instances/check"
	APIExternalTaskList       = "GET /open-apis/approval/v4/external_tasks"
)

var _ platform.ApprovalCenter = (*Client)(nil)

// approvalLocale is the locale of every text the bridge sends, set as the
// default: a client in another language falls back to it.
const approvalLocale = "zh-CN"

// i18nTexts collects the texts of one request as i18n keys.
type i18nTexts []*larkapproval.I18nResourceText

// key adds a text under "@i18n@"+name and returns the key.
func (t *i18nTexts) key(name, value string) *string {
	k := "@i18n@" + name
	*t = append(*t, &larkapproval.I18nResourceText{Key: &k, Value: &value})
	return &k
}

func (t i18nTexts) resources() []*larkapproval.I18nResource {
	return []*larkapproval.I18nResource{{Locale: ptr(approvalLocale), IsDefault: ptr(true), Texts: t}}
}

// EnsureDefinition: POST /open-apis/approval/v4/external_approvals (SDK
// Approval.V4.ExternalApproval.Create). Sends the whole definition every
// time (an update resets what it leaves out), with d.Key as approval_code,
// shown on PC and mobile, nobody on the start page (viewers NONE), and the
// callback's URL, token and key. An upsert, so retries are safe.
//
// Refusals: 1390001 a field; 99991672 no approval scope.
func (c *Client) EnsureDefinition(ctx context.Context, d platform.ApprovalDefinition) (platform.ApprovalDefinitionRef, error) {
	if err := checkDefinition(d); err != nil {
		return platform.ApprovalDefinitionRef{}, err
	}
	var texts i18nTexts
	def := &larkapproval.ExternalApproval{
		ApprovalName: texts.key("approval_name", d.Name),
		ApprovalCode: ptr(d.Key),
		External: &larkapproval.ApprovalCreateExternal{
			SupportPc: ptr(true), SupportMobile: ptr(true), SupportBatchRead: ptr(false),
			EnableQuickOperate: ptr(true), AllowBatchOperate: ptr(false),
			ActionCallbackUrl: ptr(d.Callback.URL), ActionCallbackToken: ptr(d.Callback.Token),
		},
		Viewers: []*larkapproval.ApprovalCreateViewers{{ViewerType: ptr("NONE")}},
	}
	if d.Callback.EncryptKey != "" {
		def.External.ActionCallbackKey = ptr(d.Callback.EncryptKey)
	}
	if d.Source != "" {
		def.External.BizName = texts.key("biz_name", d.Source)
	}
	if d.Description != "" {
		def.Description = texts.key("description", d.Description)
	}
	if d.GroupKey != "" {
		def.GroupCode, def.GroupName = ptr(d.GroupKey), texts.key("group_name", d.GroupName)
	}
	def.I18nResources = texts.resources()

	var code string
	err := c.do(ctx, APIExternalApprovalCreate, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		r, err := c.lark.Approval.V4.ExternalApproval.Create(ctx,
			larkapproval.NewCreateExternalApprovalReqBuilder().ExternalApproval(def).Build())
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		if r.Data != nil && r.Data.ApprovalCode != nil {
			code = *r.Data.ApprovalCode
		}
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil {
		return platform.ApprovalDefinitionRef{}, fmt.Errorf("feishu approval definition %s: %w", d.Key, approvalError(err))
	}
	if code == "" {
		return platform.ApprovalDefinitionRef{}, fmt.Errorf("feishu approval definition %s: the answer has no approval_code", d.Key)
	}
	return platform.ApprovalDefinitionRef{Code: code}, nil
}

// checkDefinition refuses a definition Feishu would, naming the field.
func checkDefinition(d platform.ApprovalDefinition) error {
	switch {
	case d.Key == "":
		return errRefused("approval definition", "the key is required")
	case len([]rune(d.Key)) > platform.MaxApprovalKeyLen:
		return errRefused("approval definition", "the key has %d characters, Feishu allows %d", len([]rune(d.Key)), platform.MaxApprovalKeyLen)
	case d.Name == "":
		return errRefused("approval definition "+d.Key, "the name is required")
	case (d.GroupKey == "") != (d.GroupName == ""):
		return errRefused("approval definition "+d.Key, "the group needs both a key and a name")
	case d.Callback.Token == "":
		return errRefused("approval definition "+d.Key, "the callback token is required (it proves an action comes from Feishu)")
	}
	u, err := url.Parse(d.Callback.URL)
	if err != nil || !u.IsAbs() || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errRefused("approval definition "+d.Key, "the callback URL %q is not an absolute http(s) URL", d.Callback.URL)
	}
	return nil
}

// ms is a time as Feishu's decimal Unix milliseconds; the zero time is "0".
func ms(t time.Time) *string {
	if t.IsZero() {
		return ptr("0")
	}
	return ptr(strconv.FormatInt(t.UnixMilli(), 10))
}

// parseMS reads a decimal Unix-milliseconds string.
func parseMS(s *string) (int64, error) {
	if s == nil {
		return 0, errors.New("update_time missing")
	}
	n, err := strconv.ParseInt(*s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("update_time %q: %w", *s, err)
	}
	return n, nil
}

func ptr[T any](v T) *T { return &v }
