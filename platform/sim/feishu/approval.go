package feishu

import (
	"net/http"
	"sort"
	"sync"
	"time"

	larkapproval "github.com/larksuite/oapi-sdk-go/v3/service/approval/v4"
)

// Third-party approvals (审批中心 › 三方审批, issue 9 item 7): the external
// approval definition, instance sync, instance check and task list APIs of
// approval v4, and the quick-approval action callback an approver's
// approve / reject in the approval center posts to the definition's
// action_callback_url (ActOnTask). The wire structs are the SDK's own
// (service/approval/v4), so field names and types are the SDK's.
//
// Files: approval.go (store, routes, accessors), approval_definition.go
// (external_approvals create), approval_instance.go (external_instances
// create: validation, REPLACE / UPDATE), approval_check.go
// (external_instances/check, external_tasks list), approval_act.go (the
// action callback), approval_drift.go (drift injection), approval_view.go
// (/_approvals), approval_errors.go (codes). Sources are named on each
// rule; the pages were read through the doc mirror wxkingstar/doc-hub-mcp
// (open.feishu.cn server-docs/approval-v4, pages dated 2024-08 to 2025-07).

// API names of the approval routes (RateLimit.PerAPI, InjectCode,
// RequestRecord.API).
const (
	APIExternalApprovalCreate = "POST /open-apis/approval/v4/external_approvals"
	APIExternalInstanceCreate = "POST /open-apis/approval/v4/external_instances"
	APIExternalInstanceCheck  = "POST /open-apis/approval/v4/external_instances/check"
	APIExternalTaskList       = "GET /open-apis/approval/v4/external_tasks"
)

// Approval scopes: every page lists "开启其中任意一项权限即可调用".
const (
	ScopeApproval            = "approval:approval"          // 查看、创建、更新、删除审批应用相关信息
	ScopeApprovalReadonly    = "approval:approval:readonly" // 访问审批应用
	ScopeExternalApproval    = "approval:external_approval"
	ScopeExternalInstance    = "approval:external_instance"
	ScopeExternalTask        = "approval:external_task"
	approvalCallbackTimeout  = 10 * time.Second // quick-approval-callback: "回调超时时间 10s"
	defaultExternalTaskPage  = 50               // external_task/list page_size: "默认值：50"
	maxExternalTaskPage      = 500              // "最大值：500"
	maxExternalTaskFilterIDs = 20               // approval_codes "最大长度 20"; instance_ids "最多支持 20 个"
)

var (
	scopesExternalApproval = []string{ScopeApproval, ScopeExternalApproval}
	scopesExternalInstance = []string{ScopeApproval, ScopeExternalInstance}
	scopesExternalCheck    = []string{ScopeApproval, ScopeApprovalReadonly, ScopeExternalInstance}
	scopesExternalTask     = []string{ScopeApproval, ScopeApprovalReadonly, ScopeExternalTask}
)

// approvalStore holds definitions, instances and actions (zero value
// ready; its own lock, never taken while Server.mu is held).
type approvalStore struct {
	mu        sync.Mutex
	defs      map[string]*approvalDef      // by code (the one create returned)
	defByKey  map[string]string            // approval_code as sent → code
	instances map[string]*approvalInstance // app|instance_id
	actions   []ApprovalActRecord
	stats     ApprovalStats
	cbTimeout time.Duration // 0 = approvalCallbackTimeout
}

func (st *approvalStore) init() {
	if st.defs == nil {
		st.defs, st.defByKey, st.instances = map[string]*approvalDef{}, map[string]string{}, map[string]*approvalInstance{}
	}
}

// approvalDef is a stored definition: the request as sent (the SDK struct)
// and the code Feishu gave it.
type approvalDef struct {
	code      string
	appID     string
	def       larkapproval.ExternalApproval
	texts     map[string]string // the default locale's i18n texts
	updates   int
	createdAt time.Time
	updatedAt time.Time
}

// approvalInstance is a stored instance: its wire form (the SDK struct,
// tasks included) and the default locale's texts.
type approvalInstance struct {
	appID   string
	inst    larkapproval.ExternalInstance
	texts   map[string]string
	syncs   int // syncs that changed it
	ignored int // UPDATE syncs not newer than what it held
	created time.Time
	updated time.Time
}

func instanceKey(appID, id string) string { return appID + "|" + id }

// ApprovalStats count what the approval APIs did since ResetApprovals.
type ApprovalStats struct {
	Definitions int // definitions created
	DefUpdates  int // definitions updated (create with an existing code)
	Syncs       int // instance syncs applied (created, replaced or updated)
	Ignored     int // UPDATE syncs ignored, not newer than the stored update_time
	Checks      int
	Actions     int // action callbacks posted by ActOnTask
}

func (s *Server) approvalRoutes(add addRoute) {
	add(http.MethodPost, "/open-apis/approval/v4/external_approvals", true, scopesExternalApproval, s.handleExternalApprovalCreate)
	add(http.MethodPost, "/open-apis/approval/v4/external_instances/check", true, scopesExternalCheck, s.handleExternalInstanceCheck)
	add(http.MethodPost, "/open-apis/approval/v4/external_instances", true, scopesExternalInstance, s.handleExternalInstanceCreate)
	add(http.MethodGet, "/open-apis/approval/v4/external_tasks", true, scopesExternalTask, s.handleExternalTaskList)
}

// ApprovalDefinition is a definition as the simulator holds it.
type ApprovalDefinition struct {
	Code  string // what create returned; instances name it
	Key   string // approval_code as the app sent it
	AppID string // the app that created it
	Name  string // approval_name's text in the default locale
	// Source is biz_name's text ("来自 …"); Group the group_code.
	Source, Group string
	// The action callback: where ActOnTask posts, with what token and key.
	CallbackURL, CallbackToken, CallbackKey string
	SupportPC, SupportMobile                bool
	Updates                                 int
}

// ApprovalInstance is an instance as the simulator holds it, texts
// resolved in the default locale.
type ApprovalInstance struct {
	AppID      string
	Code       string // the definition's code
	ID         string
	Status     string
	UpdateTime int64 // ms
	Title      string
	Form       [][2]string // name, value
	UserID     string      // the initiator
	UserName   string
	StartTime  int64
	EndTime    int64
	PCLink     string
	MobileLink string
	Tasks      []ApprovalTask
	Syncs      int // syncs that changed it
	Ignored    int // UPDATE syncs ignored as not newer
}

// ApprovalTask is one task of an instance.
type ApprovalTask struct {
	ID, UserID, OpenID string
	Title              string
	Status             string
	CreateTime         int64
	EndTime            int64
	UpdateTime         int64
	ActionContext      string
	Actions            []string // action_configs' action_type, in order
	ReasonRequired     bool
	Extra              string
}

// ApprovalDefinitions returns every definition, by code.
func (s *Server) ApprovalDefinitions() []ApprovalDefinition {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]ApprovalDefinition, 0, len(st.defs))
	for _, d := range st.defs {
		out = append(out, d.view())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// ApprovalDefinitionByKey returns the definition an app created with key
// (the approval_code it sent).
func (s *Server) ApprovalDefinitionByKey(key string) (ApprovalDefinition, bool) {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	d, ok := st.defs[st.defByKey[key]]
	if !ok {
		return ApprovalDefinition{}, false
	}
	return d.view(), true
}

// ApprovalInstance returns an instance an app synced.
func (s *Server) ApprovalInstance(appID, id string) (ApprovalInstance, bool) {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	in, ok := st.instances[instanceKey(appID, id)]
	if !ok {
		return ApprovalInstance{}, false
	}
	return in.view(), true
}

// ApprovalInstances returns every instance, by app and id.
func (s *Server) ApprovalInstances() []ApprovalInstance {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]ApprovalInstance, 0, len(st.instances))
	for _, in := range st.instances {
		out = append(out, in.view())
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].AppID != out[j].AppID {
			return out[i].AppID < out[j].AppID
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// ApprovalActions returns the action callbacks ActOnTask posted, oldest
// first.
func (s *Server) ApprovalActions() []ApprovalActRecord {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]ApprovalActRecord(nil), st.actions...)
}

// ApprovalStats returns the approval counters.
func (s *Server) ApprovalStats() ApprovalStats {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.stats
}

// ResetApprovals forgets every definition, instance, action and counter.
func (s *Server) ResetApprovals() {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.defs, st.defByKey, st.instances, st.actions = nil, nil, nil, nil
	st.stats = ApprovalStats{}
	st.init()
}

// SetApprovalCallbackTimeout changes how long ActOnTask waits for the
// answer (default 10 s, the page's; the Lark page says 5 s).
func (s *Server) SetApprovalCallbackTimeout(d time.Duration) {
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cbTimeout = d
}

func (d *approvalDef) view() ApprovalDefinition {
	x := d.def.External
	if x == nil {
		x = &larkapproval.ApprovalCreateExternal{}
	}
	return ApprovalDefinition{Code: d.code, Key: str(d.def.ApprovalCode), AppID: d.appID,
		Name: d.texts[str(d.def.ApprovalName)], Source: d.texts[str(x.BizName)], Group: str(d.def.GroupCode),
		CallbackURL: str(x.ActionCallbackUrl), CallbackToken: str(x.ActionCallbackToken), CallbackKey: str(x.ActionCallbackKey),
		SupportPC: boolv(x.SupportPc), SupportMobile: boolv(x.SupportMobile), Updates: d.updates}
}

func (in *approvalInstance) view() ApprovalInstance {
	w := in.inst
	out := ApprovalInstance{AppID: in.appID, Code: str(w.ApprovalCode), ID: str(w.InstanceId), Status: str(w.Status),
		UpdateTime: millis(w.UpdateTime), Title: in.texts[str(w.Title)], UserID: str(w.UserId),
		UserName: in.text(str(w.UserName)), StartTime: millis(w.StartTime), EndTime: millis(w.EndTime),
		Syncs: in.syncs, Ignored: in.ignored}
	if w.Links != nil {
		out.PCLink, out.MobileLink = str(w.Links.PcLink), str(w.Links.MobileLink)
	}
	for _, f := range w.Form {
		out.Form = append(out.Form, [2]string{in.text(str(f.Name)), in.text(str(f.Value))})
	}
	for _, t := range w.TaskList {
		tv := ApprovalTask{ID: str(t.TaskId), UserID: str(t.UserId), OpenID: str(t.OpenId), Title: in.text(str(t.Title)),
			Status: str(t.Status), CreateTime: millis(t.CreateTime), EndTime: millis(t.EndTime),
			UpdateTime: millis(t.UpdateTime), ActionContext: str(t.ActionContext), Extra: str(t.Extra)}
		for _, a := range t.ActionConfigs {
			tv.Actions = append(tv.Actions, str(a.ActionType))
			tv.ReasonRequired = tv.ReasonRequired || boolv(a.IsReasonRequired)
		}
		out.Tasks = append(out.Tasks, tv)
	}
	return out
}

// text resolves an i18n key ("@i18n@…") in the default locale; anything
// else is shown as sent.
func (in *approvalInstance) text(s string) string {
	if v, ok := in.texts[s]; ok {
		return v
	}
	return s
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func boolv(p *bool) bool { return p != nil && *p }
