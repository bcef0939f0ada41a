package feishu

import (
	"encoding/json"
	"html/template"
	"net/http"
	"time"
)

// The demo's window on the approval center: GET /_approvals (HTML) and
// GET /_approvals.json under wherever the simulator is mounted. Read-only:
// definitions, instances with their tasks and versions, and the last
// actions. With EnableClickForm on (the message view's switch, for trying
// quick approval by hand), each pending task with quick approval gets
// approve / reject buttons that act as its approver (ActOnTask).

const approvalViewLimit = 200

type approvalView struct {
	Definitions []ApprovalDefinition `json:"definitions"`
	Instances   []ApprovalInstance   `json:"instances"`
	Actions     []approvalActionRow  `json:"actions"`
	Stats       ApprovalStats        `json:"stats"`
}

// approvalActionRow is an action without the callback's secrets.
type approvalActionRow struct {
	At       time.Time `json:"at"`
	App      string    `json:"app_id"`
	Instance string    `json:"instance_id"`
	Task     string    `json:"task_id"`
	User     string    `json:"user_id"`
	Action   string    `json:"action"`
	Status   int       `json:"status"`
	Message  string    `json:"message,omitempty"`
	Err      string    `json:"error,omitempty"`
}

// serveApprovalView answers the view's paths; false for any other request.
func (s *Server) serveApprovalView(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.URL.Path == "/_approvals" && r.Method == http.MethodGet:
		s.renderApprovals(w, false)
	case r.URL.Path == "/_approvals.json" && r.Method == http.MethodGet:
		s.renderApprovals(w, true)
	case r.URL.Path == "/_approvals/act" && r.Method == http.MethodPost:
		s.actForm(w, r)
	default:
		return false
	}
	return true
}

func (s *Server) approvalRows() approvalView {
	v := approvalView{Definitions: s.ApprovalDefinitions(), Stats: s.ApprovalStats()}
	for i := range v.Definitions {
		v.Definitions[i].CallbackToken, v.Definitions[i].CallbackKey = "", "" // secrets stay out of the page
	}
	all := s.ApprovalInstances()
	if len(all) > approvalViewLimit {
		all = all[len(all)-approvalViewLimit:]
	}
	for i := range all {
		for j := range all[i].Tasks {
			all[i].Tasks[j].ActionContext = ""
		}
	}
	v.Instances = all
	acts := s.ApprovalActions()
	for i := len(acts) - 1; i >= 0 && len(v.Actions) < approvalViewLimit; i-- {
		a := acts[i]
		v.Actions = append(v.Actions, approvalActionRow{At: a.At, App: a.AppID, Instance: a.InstanceID, Task: a.TaskID,
			User: a.UserID, Action: a.Action, Status: a.Result.Status, Message: a.Result.Message, Err: a.Result.Err})
	}
	return v
}

var approvalPage = template.Must(template.New("approvals").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Feishu simulator · approval center</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}code{font-size:12px;color:#555}</style></head>
<body><h1>Approval center (三方审批) in the simulator</h1>
<p>JSON: <a href="_approvals.json">_approvals.json</a> · {{.V.Stats.Syncs}} syncs applied, {{.V.Stats.Ignored}} ignored as not newer, {{.V.Stats.Actions}} actions</p>
<h2>Definitions</h2>
<table><tr><th>name</th><th>code</th><th>key</th><th>callback</th></tr>
{{range .V.Definitions}}<tr><td>{{.Name}}{{if .Source}} · 来自 {{.Source}}{{end}}</td><td><code>{{.Code}}</code></td><td><code>{{.Key}}</code></td><td><code>{{.CallbackURL}}</code></td></tr>
{{end}}</table>
<h2>Instances</h2>
<table><tr><th>instance</th><th>status</th><th>update_time</th><th>tasks</th></tr>
{{range .V.Instances}}{{$in := .}}<tr><td>{{.Title}}<br><code>{{.AppID}} · {{.ID}}</code></td><td>{{.Status}}</td><td><code>{{.UpdateTime}}</code><br>{{.Syncs}} syncs, {{.Ignored}} ignored</td>
<td>{{range .Tasks}}<div>{{.Title}} <code>{{.ID}}</code> → <code>{{.UserID}}{{.OpenID}}</code> {{.Status}} <code>{{.UpdateTime}}</code>
{{if and $.Clicks (eq .Status "PENDING") (eq $in.Status "PENDING")}}{{$t := .}}{{range .Actions}}<form method="post" action="_approvals/act" style="display:inline">
<input type="hidden" name="app" value="{{$in.AppID}}"><input type="hidden" name="instance" value="{{$in.ID}}"><input type="hidden" name="task" value="{{$t.ID}}">
<input type="hidden" name="user" value="{{$t.UserID}}"><button name="action" value="{{.}}">{{.}}</button></form>{{end}}{{end}}</div>{{end}}</td></tr>
{{end}}</table>
<h2>Actions</h2>
<table><tr><th>at</th><th>by</th><th>action</th><th>task</th><th>answer</th></tr>
{{range .V.Actions}}<tr><td>{{.At.Format "2006-01-02 15:04:05"}}</td><td><code>{{.User}}</code></td><td>{{.Action}}</td><td><code>{{.Instance}} · {{.Task}}</code></td><td>{{.Status}} {{.Message}} {{.Err}}</td></tr>
{{end}}</table></body></html>`))

func (s *Server) renderApprovals(w http.ResponseWriter, asJSON bool) {
	v := s.approvalRows()
	st := &s.msgs
	st.mu.Lock()
	clicks := st.clicksOpen
	st.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	if asJSON {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(v)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = approvalPage.Execute(w, map[string]any{"V": v, "Clicks": clicks})
}

// actForm acts on a task as its approver, then shows the view.
func (s *Server) actForm(w http.ResponseWriter, r *http.Request) {
	st := &s.msgs
	st.mu.Lock()
	open := st.clicksOpen
	st.mu.Unlock()
	if !open {
		http.Error(w, "act form disabled", http.StatusForbidden)
		return
	}
	res, err := s.ActOnTask(r.Context(), ApprovalActRequest{AppID: r.FormValue("app"), InstanceID: r.FormValue("instance"),
		TaskID: r.FormValue("task"), UserID: r.FormValue("user"), Action: r.FormValue("action")})
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !res.OK() {
		http.Error(w, "the bridge refused the action: "+res.Message+res.Err, http.StatusBadGateway)
		return
	}
	http.Redirect(w, r, "../_approvals", http.StatusSeeOther)
}
