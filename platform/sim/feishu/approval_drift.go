package feishu

import (
	"slices"
	"strconv"

	larkapproval "github.com/larksuite/oapi-sdk-go/v3/service/approval/v4"
)

// Drift: the approval center's copy of an instance no longer being what
// the bridge last synced (a sync that never arrived, data cleaned up in
// Feishu, another system writing the same instance). These setters change
// the stored copy behind the API's back, for the drift check
// (external_instances/check) to find. Each reports whether the instance
// (and task) existed.

// LoseApprovalInstance removes an instance, as if its sync never arrived.
func (s *Server) LoseApprovalInstance(appID, id string) bool {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	k := instanceKey(appID, id)
	_, ok := st.instances[k]
	delete(st.instances, k)
	return ok
}

// LoseApprovalTask removes one task of an instance.
func (s *Server) LoseApprovalTask(appID, id, taskID string) bool {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	cur, ok := st.instances[instanceKey(appID, id)]
	if !ok {
		return false
	}
	i := taskIndex(cur.inst.TaskList, taskID)
	if i < 0 {
		return false
	}
	cur.inst.TaskList = slices.Delete(cur.inst.TaskList, i, i+1)
	return true
}

// RewriteApprovalInstance sets an instance's status and update_time (and
// every task's update_time, with taskStatus when not empty), as another
// writer would: Feishu then holds another state at another version.
func (s *Server) RewriteApprovalInstance(appID, id, status, taskStatus string, updateTime int64) bool {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	cur, ok := st.instances[instanceKey(appID, id)]
	if !ok {
		return false
	}
	ut := strconv.FormatInt(updateTime, 10)
	cur.inst.Status, cur.inst.UpdateTime = ptr(status), ptr(ut)
	tasks := make([]*larkapproval.ExternalInstanceTaskNode, len(cur.inst.TaskList))
	for i, t := range cur.inst.TaskList {
		c := *t
		c.UpdateTime = ptr(ut)
		if taskStatus != "" {
			c.Status = ptr(taskStatus)
		}
		tasks[i] = &c
	}
	cur.inst.TaskList = tasks
	return true
}
