package feishu

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"

	larkapproval "github.com/larksuite/oapi-sdk-go/v3/service/approval/v4"
)

// POST /open-apis/approval/v4/external_instances (同步三方审批实例, page
// server-docs/approval-v4/external_instance/create, 2025-07-18, and the
// FAQ external_instance/faqs, 2025-04-27).
//
// Modes ("update_mode", default REPLACE):
//   - REPLACE: "每次都以当前推送的数据为最终数据，会删掉审批中心中，不在本次推送
//     数据中的多余的任务、抄送数据"; "不校验 update_time" and may change every
//     field but approval_code and instance_id;
//   - UPDATE: "会校验 update_time … 时间需要大于上次同步的时间", compared
//     separately for the instance, each task and each cc ("如果本次同步的
//     update_time 小于上次同步的 update_time，则对应的数据不更新"; the approval
//     FAQ: "update_time 要大于上一次同步的时间，不然会被忽略掉，两次 … 一样
//     时，也不会更新数据"). Ignored parts are not an error: the answer is
//     success. Fields UPDATE cannot change: approval_code, instance_id,
//     department_id, department_name; a task's task_id, user_id, open_id,
//     create_time, node_id, node_name; a cc's cc_id, user_id, open_id,
//     create_time. Tasks and ccs are added or updated, never removed.
//
// The required fields are required in both modes ("必填字段过多，能否只更新
// 审批状态？暂不支持"): approval_code, status, instance_id, links.pc_link,
// start_time, end_time, update_time, i18n_resources; per task task_id,
// links.pc_link, status, create_time, end_time and user_id or open_id; per
// action config action_type (and action_name when not APPROVE / REJECT),
// at most 2 per task ("每个任务都可以配置两个操作"); per cc cc_id, links,
// read_status, create_time, update_time. task_list at most 300, cc_list at
// most 200; form "长度不超过 2048 字符" (counted here over the texts of names
// and values: how Feishu counts is UNVERIFIED). Texts (title, form,
// user_name, department_name, task title, node_name, action_name) are i18n
// keys with a text in the default locale. Times are Unix milliseconds as
// decimal strings.
//
// The answer's data.data is the instance as the simulator now holds it
// (whether Feishu echoes the request or its stored copy is UNVERIFIED; the
// adapter reads nothing from it).

const (
	maxExternalTasks = 300
	maxExternalCCs   = 200
	maxFormChars     = 2048
	maxTaskActions   = 2
)

var (
	instanceStatuses = map[string]bool{"PENDING": true, "APPROVED": true, "REJECTED": true, "CANCELED": true,
		"DELETED": true, "HIDDEN": true, "TERMINATED": true}
	taskStatuses   = map[string]bool{"PENDING": true, "APPROVED": true, "REJECTED": true, "TRANSFERRED": true, "DONE": true}
	displayMethods = map[string]bool{"BROWSER": true, "SIDEBAR": true, "NORMAL": true, "TRUSTEESHIP": true}
)

func (s *Server) handleExternalInstanceCreate(c *call) (any, error) {
	var in larkapproval.ExternalInstance
	if err := c.decodeBody(&in); err != nil {
		return nil, errApprovalParam("body is not valid JSON")
	}
	texts, e := checkExternalInstance(&in)
	if e != nil {
		return nil, e
	}
	now := s.clock()
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	if _, ok := st.defs[str(in.ApprovalCode)]; !ok {
		return nil, errApprovalCodeNotFound(str(in.ApprovalCode))
	}
	key := instanceKey(c.appID, str(in.InstanceId))
	cur := st.instances[key]
	switch {
	case cur == nil:
		cur = &approvalInstance{appID: c.appID, inst: in, texts: texts, syncs: 1, created: now, updated: now}
		st.instances[key] = cur
		st.stats.Syncs++
	case str(in.UpdateMode) != "UPDATE":
		in.ApprovalCode, in.InstanceId = cur.inst.ApprovalCode, cur.inst.InstanceId
		cur.inst, cur.texts, cur.updated = in, texts, now
		cur.syncs++
		st.stats.Syncs++
	case mergeInstance(cur, &in, texts):
		cur.updated = now
		cur.syncs++
		st.stats.Syncs++
	default:
		cur.ignored++
		st.stats.Ignored++
	}
	// Rendered under the lock: the stored copy changes with the next sync.
	b, err := json.Marshal(cur.inst)
	if err != nil {
		return nil, err
	}
	return map[string]any{"data": json.RawMessage(b)}, nil
}

// mergeInstance applies an UPDATE sync and says whether anything changed.
func mergeInstance(cur *approvalInstance, in *larkapproval.ExternalInstance, texts map[string]string) bool {
	changed := false
	w := &cur.inst
	if millis(in.UpdateTime) > millis(w.UpdateTime) {
		keep := *w
		*w = *in
		w.ApprovalCode, w.InstanceId = keep.ApprovalCode, keep.InstanceId
		w.DepartmentId, w.DepartmentName = keep.DepartmentId, keep.DepartmentName
		w.TaskList, w.CcList = keep.TaskList, keep.CcList
		changed = true
	}
	for _, t := range in.TaskList {
		i := taskIndex(w.TaskList, str(t.TaskId))
		switch {
		case i < 0:
			w.TaskList = append(w.TaskList, t)
			changed = true
		case millis(t.UpdateTime) > millis(w.TaskList[i].UpdateTime):
			old := w.TaskList[i]
			t.UserId, t.OpenId, t.CreateTime, t.NodeId, t.NodeName = old.UserId, old.OpenId, old.CreateTime, old.NodeId, old.NodeName
			w.TaskList[i] = t
			changed = true
		}
	}
	for _, cc := range in.CcList {
		i := -1
		for j, o := range w.CcList {
			if str(o.CcId) == str(cc.CcId) {
				i = j
			}
		}
		switch {
		case i < 0:
			w.CcList = append(w.CcList, cc)
			changed = true
		case millis(cc.UpdateTime) > millis(w.CcList[i].UpdateTime):
			old := w.CcList[i]
			cc.UserId, cc.OpenId, cc.CreateTime = old.UserId, old.OpenId, old.CreateTime
			w.CcList[i] = cc
			changed = true
		}
	}
	if changed {
		for k, v := range texts {
			cur.texts[k] = v
		}
	}
	return changed
}

func taskIndex(ts []*larkapproval.ExternalInstanceTaskNode, id string) int {
	for i, t := range ts {
		if str(t.TaskId) == id {
			return i
		}
	}
	return -1
}

// checkExternalInstance applies the page's field rules and returns the
// default locale's texts.
func checkExternalInstance(in *larkapproval.ExternalInstance) (map[string]string, *Error) {
	if len(in.I18nResources) == 0 {
		return nil, errApprovalParam("i18n_resources is required")
	}
	texts, e := i18nTexts(in.I18nResources)
	if e != nil {
		return nil, e
	}
	switch {
	case str(in.ApprovalCode) == "":
		return nil, errApprovalParam("approval_code is required")
	case str(in.InstanceId) == "":
		return nil, errApprovalParam("instance_id is required")
	case !instanceStatuses[str(in.Status)]:
		return nil, errApprovalParam("status %q is not a known instance status", str(in.Status))
	case in.Links == nil || str(in.Links.PcLink) == "":
		return nil, errApprovalParam("links.pc_link is required")
	case in.UpdateMode != nil && *in.UpdateMode != "REPLACE" && *in.UpdateMode != "UPDATE":
		return nil, errApprovalParam("update_mode %q is not REPLACE or UPDATE", *in.UpdateMode)
	case in.DisplayMethod != nil && !displayMethods[*in.DisplayMethod]:
		return nil, errApprovalParam("display_method %q is not known", *in.DisplayMethod)
	case len(in.TaskList) > maxExternalTasks:
		return nil, errApprovalParam("task_list: at most 300")
	case len(in.CcList) > maxExternalCCs:
		return nil, errApprovalParam("cc_list: at most 200")
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"start_time", in.StartTime}, {"end_time", in.EndTime}, {"update_time", in.UpdateTime}} {
		if e := msField(f.name, f.v); e != nil {
			return nil, e
		}
	}
	if e := keyFields(texts, "", in.Title, in.UserName, in.DepartmentName); e != nil {
		return nil, e
	}
	chars := 0
	for i, f := range in.Form {
		if f == nil {
			return nil, errApprovalParam("form[%d] is empty", i)
		}
		if e := keyFields(texts, "form ", f.Name, f.Value); e != nil {
			return nil, e
		}
		chars += utf8.RuneCountInString(texts[str(f.Name)]) + utf8.RuneCountInString(texts[str(f.Value)])
	}
	if chars > maxFormChars {
		return nil, errApprovalParam("form: longer than 2048 characters")
	}
	for i, t := range in.TaskList {
		if e := checkExternalTask(texts, i, t); e != nil {
			return nil, e
		}
	}
	for i, cc := range in.CcList {
		switch {
		case cc == nil || str(cc.CcId) == "":
			return nil, errApprovalParam("cc_list[%d].cc_id is required", i)
		case cc.Links == nil || str(cc.Links.PcLink) == "":
			return nil, errApprovalParam("cc_list[%d].links.pc_link is required", i)
		case str(cc.ReadStatus) != "READ" && str(cc.ReadStatus) != "UNREAD":
			return nil, errApprovalParam("cc_list[%d].read_status must be READ or UNREAD", i)
		case str(cc.UserId) == "" && str(cc.OpenId) == "":
			return nil, errApprovalParam("cc_list[%d]: user_id or open_id is required", i)
		}
		if e := msField("cc_list.create_time", cc.CreateTime); e != nil {
			return nil, e
		}
		if e := msField("cc_list.update_time", cc.UpdateTime); e != nil {
			return nil, e
		}
	}
	return texts, nil
}

func checkExternalTask(texts map[string]string, i int, t *larkapproval.ExternalInstanceTaskNode) *Error {
	switch {
	case t == nil || str(t.TaskId) == "":
		return errApprovalParam("task_list[%d].task_id is required", i)
	case t.Links == nil || str(t.Links.PcLink) == "":
		return errApprovalParam("task_list[%d].links.pc_link is required", i)
	case !taskStatuses[str(t.Status)]:
		return errApprovalParam("task_list[%d].status %q is not a known task status", i, str(t.Status))
	case str(t.UserId) == "" && str(t.OpenId) == "":
		return errApprovalParam("task_list[%d]: user_id or open_id is required", i)
	case len(t.ActionConfigs) > maxTaskActions:
		return errApprovalParam("task_list[%d].action_configs: at most 2", i)
	case t.GenerateType != nil && *t.GenerateType != "EXTERNAL_CONSIGN" && *t.GenerateType != "DEFAULT":
		return errApprovalParam("task_list[%d].generate_type %q is not EXTERNAL_CONSIGN or DEFAULT", i, *t.GenerateType)
	case t.DisplayMethod != nil && !displayMethods[*t.DisplayMethod]:
		return errApprovalParam("task_list[%d].display_method %q is not known", i, *t.DisplayMethod)
	}
	if e := msField("task_list.create_time", t.CreateTime); e != nil {
		return e
	}
	if e := msField("task_list.end_time", t.EndTime); e != nil {
		return e
	}
	if t.UpdateTime != nil {
		if e := msField("task_list.update_time", t.UpdateTime); e != nil {
			return e
		}
	}
	if e := keyFields(texts, "task ", t.Title, t.NodeName); e != nil {
		return e
	}
	for j, a := range t.ActionConfigs {
		typ := str(a.ActionType)
		switch {
		case typ == "":
			return errApprovalParam("task_list[%d].action_configs[%d].action_type is required", i, j)
		case typ != "APPROVE" && typ != "REJECT" && str(a.ActionName) == "":
			return errApprovalParam("task_list[%d].action_configs[%d].action_name is required for action_type %q", i, j, typ)
		}
		if e := keyFields(texts, "action ", a.ActionName); e != nil {
			return e
		}
	}
	return nil
}

// keyFields checks that every non-empty text field is an i18n key with a
// default text.
func keyFields(texts map[string]string, what string, fields ...*string) *Error {
	for _, f := range fields {
		if f != nil && *f != "" {
			if e := needText(texts, what+"text", *f); e != nil {
				return e
			}
		}
	}
	return nil
}

// msField checks a required time: Unix milliseconds as a decimal string
// ("0" for "not ended").
func msField(name string, v *string) *Error {
	if v == nil {
		return errApprovalParam("%s is required", name)
	}
	if n, err := strconv.ParseInt(*v, 10, 64); err != nil || n < 0 {
		return errApprovalParam("%s %q is not a Unix time in milliseconds", name, *v)
	}
	return nil
}

// millis reads a stored time (0 when absent).
func millis(p *string) int64 {
	n, _ := strconv.ParseInt(str(p), 10, 64)
	return n
}
