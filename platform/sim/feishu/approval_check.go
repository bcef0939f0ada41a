package feishu

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	larkapproval "github.com/larksuite/oapi-sdk-go/v3/service/approval/v4"
)

// POST /open-apis/approval/v4/external_instances/check (校验三方审批实例,
// page server-docs/approval-v4/external_instance/check, 2025-04-21). Body
// {"instances":[{instance_id, update_time, tasks:[{task_id, update_time}]}]},
// all required. The answer lists in diff_instances the instances that
// differ, decided as the FAQ (external_instance/faqs) spells out, for each
// instance in turn:
//
//  1. the instance does not exist: {instance_id, update_time "0", tasks []};
//  2. a task does not exist: {instance_id, the instance's update_time,
//     tasks [{task_id, update_time "0"}]};
//  3. a task's update_time is not the last synced one: {instance_id, the
//     instance's update_time, tasks [{task_id, its update_time}]};
//  4. the instance's update_time is not the last synced one: {instance_id,
//     its update_time, tasks []}.
//
// Steps 2 and 3 list every task that differs; step 4 is reached only when
// no task did. An instance that matches is not listed ("校验正常时，接口调用
// 成功但不返回数据", diff_instances []). The page sets no limit on the number
// of instances.

func (s *Server) handleExternalInstanceCheck(c *call) (any, error) {
	var body larkapproval.CheckExternalInstanceReqBody
	if err := c.decodeBody(&body); err != nil {
		return nil, errApprovalParam("body is not valid JSON")
	}
	if len(body.Instances) == 0 {
		return nil, errApprovalParam("instances is required")
	}
	for i, in := range body.Instances {
		if in == nil || str(in.InstanceId) == "" || in.Tasks == nil {
			return nil, errApprovalParam("instances[%d]: instance_id and tasks are required", i)
		}
		if e := msField("instances.update_time", in.UpdateTime); e != nil {
			return nil, e
		}
		for _, t := range in.Tasks {
			if t == nil || str(t.TaskId) == "" {
				return nil, errApprovalParam("instances[%d].tasks: task_id is required", i)
			}
			if e := msField("instances.tasks.update_time", t.UpdateTime); e != nil {
				return nil, e
			}
		}
	}
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	st.stats.Checks++
	diffs := []checkDiff{}
	for _, want := range body.Instances {
		id := str(want.InstanceId)
		cur, ok := st.instances[instanceKey(c.appID, id)]
		if !ok {
			diffs = append(diffs, checkDiff{InstanceID: id, UpdateTime: "0", Tasks: []checkTask{}})
			continue
		}
		tasks := []checkTask{}
		for _, wt := range want.Tasks {
			i := taskIndex(cur.inst.TaskList, str(wt.TaskId))
			switch {
			case i < 0:
				tasks = append(tasks, checkTask{TaskID: str(wt.TaskId), UpdateTime: "0"})
			case millis(cur.inst.TaskList[i].UpdateTime) != millis(wt.UpdateTime):
				tasks = append(tasks, checkTask{TaskID: str(wt.TaskId),
					UpdateTime: strconv.FormatInt(millis(cur.inst.TaskList[i].UpdateTime), 10)})
			}
		}
		iut := strconv.FormatInt(millis(cur.inst.UpdateTime), 10)
		switch {
		case len(tasks) > 0:
			diffs = append(diffs, checkDiff{InstanceID: id, UpdateTime: iut, Tasks: tasks})
		case millis(cur.inst.UpdateTime) != millis(want.UpdateTime):
			diffs = append(diffs, checkDiff{InstanceID: id, UpdateTime: iut, Tasks: []checkTask{}})
		}
	}
	return map[string]any{"diff_instances": diffs}, nil
}

// checkDiff is one entry of diff_instances. The SDK's
// ExteranlInstanceCheckResponse would leave out an empty task list
// (omitempty); the FAQ's examples show "tasks": [].
type checkDiff struct {
	InstanceID string      `json:"instance_id"`
	UpdateTime string      `json:"update_time"`
	Tasks      []checkTask `json:"tasks"`
}

type checkTask struct {
	TaskID     string `json:"task_id"`
	UpdateTime string `json:"update_time"`
}

// GET /open-apis/approval/v4/external_tasks (获取三方审批任务状态, page
// server-docs/approval-v4/external_task/list, 2024-08-14): a GET whose
// filters are a JSON body (the SDK sends ListExternalTaskReqBody with the
// GET), page_size (default 50, at most 500) and page_token in the query.
// The page's combinations: instance_ids alone; approval_codes + user_ids +
// status; approval_codes + status; page_token for the next page.
// approval_codes and instance_ids hold at most 20 each. An item is an
// instance {instance_id, approval_id, approval_code, status, update_time,
// tasks [{id, status, update_time}]}; with user_ids or status only the
// matching tasks are listed, and instances without one are left out.

func (s *Server) handleExternalTaskList(c *call) (any, error) {
	var body larkapproval.ListExternalTaskReqBody
	if err := c.decodeBody(&body); err != nil {
		return nil, errApprovalParam("body is not valid JSON")
	}
	size := defaultExternalTaskPage
	if ps := c.query.Get("page_size"); ps != "" {
		n, err := strconv.Atoi(ps)
		if err != nil || n < 1 || n > maxExternalTaskPage {
			return nil, errApprovalParam("page_size must be 1 to 500")
		}
		size = n
	}
	status := str(body.Status)
	tok := c.query.Get("page_token")
	switch {
	case len(body.ApprovalCodes) > maxExternalTaskFilterIDs:
		return nil, errApprovalParam("approval_codes: at most 20")
	case len(body.InstanceIds) > maxExternalTaskFilterIDs:
		return nil, errApprovalParam("instance_ids: at most 20")
	case status != "" && !taskStatuses[status]:
		return nil, errApprovalParam("status %q is not a known task status", status)
	case len(body.UserIds) > 0 && (len(body.ApprovalCodes) == 0 || status == ""):
		return nil, errApprovalParam("user_ids needs approval_codes and status")
	case status != "" && len(body.ApprovalCodes) == 0 && len(body.InstanceIds) == 0:
		return nil, errApprovalParam("status needs approval_codes")
	case len(body.InstanceIds) == 0 && len(body.ApprovalCodes) == 0 && tok == "":
		return nil, errApprovalParam("instance_ids or approval_codes is required")
	}

	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	in := func(list []string, v string) bool {
		if len(list) == 0 {
			return true
		}
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	}
	var items []*larkapproval.ExternalTaskList
	for _, cur := range st.instances {
		w := cur.inst
		if cur.appID != c.appID || !in(body.InstanceIds, str(w.InstanceId)) || !in(body.ApprovalCodes, str(w.ApprovalCode)) {
			continue
		}
		item := &larkapproval.ExternalTaskList{InstanceId: w.InstanceId, ApprovalId: ptr(approvalID(str(w.ApprovalCode))),
			ApprovalCode: w.ApprovalCode, Status: w.Status, UpdateTime: ptr(strconv.FormatInt(millis(w.UpdateTime), 10)),
			Tasks: []*larkapproval.ExternalTaskItem{}}
		for _, t := range w.TaskList {
			if (status != "" && str(t.Status) != status) || !in(body.UserIds, str(t.UserId)) {
				continue
			}
			item.Tasks = append(item.Tasks, &larkapproval.ExternalTaskItem{Id: t.TaskId, Status: t.Status,
				UpdateTime: ptr(strconv.FormatInt(millis(t.UpdateTime), 10))})
		}
		if (status != "" || len(body.UserIds) > 0) && len(item.Tasks) == 0 {
			continue
		}
		items = append(items, item)
	}
	sort.Slice(items, func(i, j int) bool { return str(items[i].InstanceId) < str(items[j].InstanceId) })
	scope := "external_tasks|" + c.appID + "|" + strings.Join(body.InstanceIds, ",") + "|" +
		strings.Join(body.ApprovalCodes, ",") + "|" + strings.Join(body.UserIds, ",") + "|" + status
	from := 0
	if tok != "" {
		var ok bool
		if from, ok = decodePageToken(tok, scope); !ok {
			return nil, errApprovalParam("page_token is invalid")
		}
	}
	from = min(from, len(items))
	to := min(from+size, len(items))
	out := map[string]any{"data": items[from:to], "has_more": to < len(items)}
	if to < len(items) {
		out["page_token"] = encodePageToken(scope, to)
	}
	return out, nil
}

// approvalID is the definition's internal id the task list shows
// ("approval_id": "fwwweffff33111133xxx" in the page's example).
func approvalID(code string) string {
	h := sha256.Sum256([]byte("approval:" + code))
	return hex.EncodeToString(h[:10])
}
