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

// checkBatch is how many instances one check request carries. The page
// sets no maximum (UNVERIFIED); 100 keeps a request small.
const checkBatch = 100

// checkPath is the check's path. The SDK has the call
// (Approval.V4.ExternalInstance.Check), but its request struct drops an
// empty task list (omitempty) and the page makes tasks required: an
// instance without tasks must still send "tasks": []. So the body is
// checkBody, through the SDK's raw Post, and the answer the SDK's type.
const checkPath = "/open-apis/approval/v4/external_instances/check"

type checkBody struct {
	Instances []checkInstance `json:"instances"`
}

type checkInstance struct {
	InstanceID string      `json:"instance_id"`
	UpdateTime string      `json:"update_time"`
	Tasks      []checkTask `json:"tasks"`
}

type checkTask struct {
	TaskID     string `json:"task_id"`
	UpdateTime string `json:"update_time"`
}

// CheckInstances: POST /open-apis/approval/v4/external_instances/check
// (through checkBody), checkBatch instances a
// request, each with its version and every task at that version (as
// SyncInstance stamps them). Feishu lists the instances that differ
// (approval.go, "Check"); a drift's Version is Feishu's update_time ("0":
// missing). A read: retried on 5xx and lost replies.
//
// The FAQ suggests a periodic check of the instances changed since the
// last one ("每隔 5 分钟，将最近 5 分钟产生的实例"); which instances to
// check is the engine's choice.
func (c *Client) CheckInstances(ctx context.Context, want []platform.ApprovalVersion) ([]platform.ApprovalDrift, error) {
	var out []platform.ApprovalDrift
	for start := 0; start < len(want); start += checkBatch {
		batch := want[start:min(start+checkBatch, len(want))]
		req := checkBody{Instances: make([]checkInstance, 0, len(batch))}
		for _, w := range batch {
			if w.InstanceID == "" || w.Version <= 0 {
				return nil, errRefused("approval check", "instance %q: an id and a positive version are required", w.InstanceID)
			}
			v := strconv.FormatInt(w.Version, 10)
			ci := checkInstance{InstanceID: w.InstanceID, UpdateTime: v, Tasks: make([]checkTask, 0, len(w.TaskIDs))}
			for _, t := range w.TaskIDs {
				ci.Tasks = append(ci.Tasks, checkTask{TaskID: t, UpdateTime: v})
			}
			req.Instances = append(req.Instances, ci)
		}
		var diffs []*larkapproval.ExteranlInstanceCheckResponse
		err := c.do(ctx, APIExternalInstanceCheck, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			r, err := c.lark.Post(ctx, checkPath, req, larkcore.AccessTokenTypeTenant)
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			var out larkapproval.CheckExternalInstanceResp
			if err := json.Unmarshal(r.RawBody, &out); err != nil {
				return nil, larkcore.CodeError{}, fmt.Errorf("check answer: %w", err)
			}
			diffs = nil
			if out.Data != nil {
				diffs = out.Data.DiffInstances
			}
			return r, out.CodeError, nil
		})
		if err != nil {
			return nil, fmt.Errorf("feishu approval check: %w", approvalError(err))
		}
		for _, d := range diffs {
			drift, err := readDrift(d)
			if err != nil {
				return nil, fmt.Errorf("feishu approval check: %w", err)
			}
			out = append(out, drift)
		}
	}
	return out, nil
}

func readDrift(d *larkapproval.ExteranlInstanceCheckResponse) (platform.ApprovalDrift, error) {
	if d == nil || d.InstanceId == nil {
		return platform.ApprovalDrift{}, fmt.Errorf("a diff without instance_id")
	}
	v, err := parseMS(d.UpdateTime)
	if err != nil {
		return platform.ApprovalDrift{}, fmt.Errorf("instance %s: %w", *d.InstanceId, err)
	}
	out := platform.ApprovalDrift{InstanceID: *d.InstanceId, Version: v, Missing: v == 0 && len(d.Tasks) == 0}
	for _, t := range d.Tasks {
		tv, err := parseMS(t.UpdateTime)
		if err != nil || t.TaskId == nil {
			return platform.ApprovalDrift{}, fmt.Errorf("instance %s: a task diff without task_id or update_time", out.InstanceID)
		}
		out.Tasks = append(out.Tasks, platform.ApprovalTaskVersion{TaskID: *t.TaskId, Version: tv})
	}
	return out, nil
}

// Task list limits: instance_ids "最多支持 20 个", page_size "最大值：500".
const (
	taskListIDs  = 20
	taskListPage = 500
)

// InstanceStates: GET /open-apis/approval/v4/external_tasks (SDK
// Approval.V4.ExternalTask.List; its filters are a JSON body on the GET),
// instance_ids taskListIDs at a time, page_size taskListPage, paged by
// hand on has_more. Unknown ids are left out.
func (c *Client) InstanceStates(ctx context.Context, ids []string) ([]platform.ApprovalState, error) {
	var out []platform.ApprovalState
	for start := 0; start < len(ids); start += taskListIDs {
		body := larkapproval.NewListExternalTaskReqBodyBuilder().InstanceIds(ids[start:min(start+taskListIDs, len(ids))]).Build()
		token := ""
		for {
			var page *larkapproval.ListExternalTaskRespData
			err := c.do(ctx, APIExternalTaskList, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
				b := larkapproval.NewListExternalTaskReqBuilder().PageSize(taskListPage).Body(body)
				if token != "" {
					b.PageToken(token)
				}
				r, err := c.lark.Approval.V4.ExternalTask.List(ctx, b.Build())
				if err != nil {
					return nil, larkcore.CodeError{}, err
				}
				page = r.Data
				return r.ApiResp, r.CodeError, nil
			})
			if err != nil {
				return nil, fmt.Errorf("feishu approval states: %w", approvalError(err))
			}
			if page == nil {
				break
			}
			for _, it := range page.Data {
				s, err := readState(it)
				if err != nil {
					return nil, fmt.Errorf("feishu approval states: %w", err)
				}
				out = append(out, s)
			}
			if page.HasMore == nil || !*page.HasMore || page.PageToken == nil || *page.PageToken == "" {
				break
			}
			token = *page.PageToken
		}
	}
	return out, nil
}

func readState(it *larkapproval.ExternalTaskList) (platform.ApprovalState, error) {
	if it == nil || it.InstanceId == nil {
		return platform.ApprovalState{}, fmt.Errorf("an item without instance_id")
	}
	v, err := parseMS(it.UpdateTime)
	if err != nil {
		return platform.ApprovalState{}, fmt.Errorf("instance %s: %w", *it.InstanceId, err)
	}
	s := platform.ApprovalState{InstanceID: *it.InstanceId, Version: v, Status: platform.ApprovalStatus(deref(it.Status)),
		DefinitionCode: deref(it.ApprovalCode)}
	for _, t := range it.Tasks {
		tv, err := parseMS(t.UpdateTime)
		if err != nil || t.Id == nil {
			return platform.ApprovalState{}, fmt.Errorf("instance %s: a task without id or update_time", s.InstanceID)
		}
		s.Tasks = append(s.Tasks, platform.ApprovalTaskState{TaskID: *t.Id, Status: platform.ApprovalTaskStatus(deref(t.Status)), Version: tv})
	}
	return s, nil
}
