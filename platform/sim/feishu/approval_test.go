package feishu

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	pathExtApprovals = "/open-apis/approval/v4/external_approvals"
	pathExtInstances = "/open-apis/approval/v4/external_instances"
	pathExtCheck     = "/open-apis/approval/v4/external_instances/check"
	pathExtTasks     = "/open-apis/approval/v4/external_tasks"
)

// definitionBody is a valid external_approvals create body.
func definitionBody(key, callbackURL, token, cbKey string) map[string]any {
	return map[string]any{
		"approval_name": "@i18n@approval_name", "approval_code": key,
		"external": map[string]any{"biz_name": "@i18n@biz", "support_pc": true, "support_mobile": true,
			"action_callback_url": callbackURL, "action_callback_token": token, "action_callback_key": cbKey},
		"viewers": []any{map[string]any{"viewer_type": "NONE"}},
		"i18n_resources": []any{map[string]any{"locale": "zh-CN", "is_default": true, "texts": []any{
			map[string]any{"key": "@i18n@approval_name", "value": "OA 审批"},
			map[string]any{"key": "@i18n@biz", "value": "OA"}}}},
	}
}

// instanceBody is a valid external_instances body with one pending task
// per approver, all stamped with version ut.
func instanceBody(code, id, mode, status string, ut int64, approvers ...string) map[string]any {
	links := map[string]any{"pc_link": "https://oa.example.com/a/" + id}
	var tasks []any
	for i, u := range approvers {
		tasks = append(tasks, map[string]any{"task_id": fmt.Sprintf("%s-t%d", id, i), "user_id": u, "links": links,
			"status": "PENDING", "title": "@i18n@task", "create_time": "1700000000000", "end_time": "0",
			"update_time": fmt.Sprint(ut), "action_context": "ctx-" + u,
			"action_configs": []any{map[string]any{"action_type": "APPROVE"}, map[string]any{"action_type": "REJECT"}}})
	}
	return map[string]any{"approval_code": code, "instance_id": id, "status": status, "links": links,
		"title": "@i18n@title", "form": []any{map[string]any{"name": "@i18n@f0", "value": "@i18n@v0"}},
		"user_id": "u-initiator", "start_time": "1700000000000", "end_time": "0", "update_time": fmt.Sprint(ut),
		"update_mode": mode, "task_list": tasks,
		"i18n_resources": []any{map[string]any{"locale": "zh-CN", "is_default": true, "texts": []any{
			map[string]any{"key": "@i18n@title", "value": "请假申请 " + id},
			map[string]any{"key": "@i18n@task", "value": "部门经理审批"},
			map[string]any{"key": "@i18n@f0", "value": "天数"}, map[string]any{"key": "@i18n@v0", "value": "2"}}}},
	}
}

// newDefinition creates a definition and returns its code.
func (e *msgEnv) newDefinition(key, url, token, cbKey string) string {
	e.t.Helper()
	st, code, data := e.call(http.MethodPost, pathExtApprovals, e.tok, definitionBody(key, url, token, cbKey))
	if st != 200 || code != 0 {
		e.t.Fatalf("create definition: %d %d", st, code)
	}
	c, _ := data["approval_code"].(string)
	return c
}

func (e *msgEnv) sync(body map[string]any) (int, int) {
	e.t.Helper()
	st, code, _ := e.call(http.MethodPost, pathExtInstances, e.tok, body)
	return st, code
}

func TestExternalApprovalCreateIsAnUpsertWithItsOwnCode(t *testing.T) {
	e := newMsgEnv(t)
	code := e.newDefinition("imbridge-leave", "https://bridge.example.com/cb", "tok", "")
	if code == "" || code == "imbridge-leave" {
		t.Fatalf("create returned %q: a new definition gets Feishu's own code, not the one sent", code)
	}
	if again := e.newDefinition("imbridge-leave", "https://bridge.example.com/cb2", "tok", ""); again != code {
		t.Fatalf("repeat returned %q, want %q", again, code)
	}
	d, ok := e.sim.ApprovalDefinitionByKey("imbridge-leave")
	if !ok || d.Code != code || d.CallbackURL != "https://bridge.example.com/cb2" || d.Updates != 1 || d.Name != "OA 审批" {
		t.Fatalf("definition %+v", d)
	}
	if n := len(e.sim.ApprovalDefinitions()); n != 1 {
		t.Fatalf("%d definitions", n)
	}
}

func TestExternalApprovalCreateRefusals(t *testing.T) {
	e := newMsgEnv(t)
	for name, mod := range map[string]func(map[string]any){
		"short name":       func(b map[string]any) { b["approval_name"] = "@i18n@x" },
		"name not a key":   func(b map[string]any) { b["approval_name"] = "OA approvals" },
		"name has no text": func(b map[string]any) { b["approval_name"] = "@i18n@missing_key" },
		"no code":          func(b map[string]any) { delete(b, "approval_code") },
		"long code":        func(b map[string]any) { b["approval_code"] = strings.Repeat("k", 129) },
		"no external":      func(b map[string]any) { delete(b, "external") },
		"pc and mobile off": func(b map[string]any) {
			b["external"].(map[string]any)["support_pc"] = false
			b["external"].(map[string]any)["support_mobile"] = false
		},
		"new group without name": func(b map[string]any) { b["group_code"] = "g-new" },
		"bad viewer":             func(b map[string]any) { b["viewers"] = []any{map[string]any{"viewer_type": "EVERYONE"}} },
	} {
		b := definitionBody("k-"+name, "https://x/cb", "t", "")
		mod(b)
		st, code, _ := e.call(http.MethodPost, pathExtApprovals, e.tok, b)
		if st != http.StatusBadRequest || code != CodeApprovalParamInvalid {
			t.Errorf("%s: %d %d, want 400 %d", name, st, code, CodeApprovalParamInvalid)
		}
	}
	if n := len(e.sim.ApprovalDefinitions()); n != 0 {
		t.Fatalf("refused creates stored %d definitions", n)
	}
	e.sim.SetScopes(e.appID, ScopeContact)
	if _, code, _ := e.call(http.MethodPost, pathExtApprovals, e.tok, definitionBody("k", "https://x/cb", "t", "")); code != CodeScopeMissing {
		t.Fatalf("without an approval scope: code %d", code)
	}
}

func TestExternalInstanceSyncModes(t *testing.T) {
	e := newMsgEnv(t)
	code := e.newDefinition("k", "https://x/cb", "t", "")

	if st, c := e.sync(instanceBody("NOPE", "i1", "UPDATE", "PENDING", 100, "u1")); st != 400 || c != CodeApprovalCodeNotFound {
		t.Fatalf("unknown definition: %d %d", st, c)
	}
	if st, c := e.sync(instanceBody(code, "i1", "UPDATE", "PENDING", 100, "u1", "u2")); st != 200 || c != 0 {
		t.Fatalf("create: %d %d", st, c)
	}
	in, _ := e.sim.ApprovalInstance(e.appID, "i1")
	if in.Title != "请假申请 i1" || in.UpdateTime != 100 || len(in.Tasks) != 2 || in.Tasks[0].Title != "部门经理审批" {
		t.Fatalf("created %+v", in)
	}

	// UPDATE not newer: success, nothing changes (FAQ: "不然会被忽略掉").
	for _, ut := range []int64{100, 99} {
		if st, c := e.sync(instanceBody(code, "i1", "UPDATE", "APPROVED", ut, "u1")); st != 200 || c != 0 {
			t.Fatalf("stale update %d: %d %d", ut, st, c)
		}
	}
	if in, _ = e.sim.ApprovalInstance(e.appID, "i1"); in.Status != "PENDING" || in.Ignored != 2 {
		t.Fatalf("stale updates applied: %+v", in)
	}

	// UPDATE newer: applied; tasks are updated, never removed.
	b := instanceBody(code, "i1", "UPDATE", "APPROVED", 101, "u1")
	b["task_list"].([]any)[0].(map[string]any)["status"] = "APPROVED"
	b["task_list"].([]any)[0].(map[string]any)["user_id"] = "u-other" // immutable under UPDATE
	e.sync(b)
	in, _ = e.sim.ApprovalInstance(e.appID, "i1")
	if in.Status != "APPROVED" || in.UpdateTime != 101 || len(in.Tasks) != 2 || in.Tasks[0].Status != "APPROVED" ||
		in.Tasks[0].UserID != "u1" || in.Tasks[1].Status != "PENDING" {
		t.Fatalf("after a newer UPDATE: %+v", in)
	}

	// A task is compared on its own update_time.
	b = instanceBody(code, "i1", "UPDATE", "PENDING", 50, "u1", "u2")
	b["task_list"].([]any)[1].(map[string]any)["update_time"] = "200"
	b["task_list"].([]any)[1].(map[string]any)["status"] = "DONE"
	e.sync(b)
	in, _ = e.sim.ApprovalInstance(e.appID, "i1")
	if in.Status != "APPROVED" || in.Tasks[1].Status != "DONE" || in.Tasks[0].Status != "APPROVED" {
		t.Fatalf("task-level update: %+v", in)
	}

	// REPLACE: no version check, the tasks not sent are removed.
	e.sync(instanceBody(code, "i1", "REPLACE", "PENDING", 10, "u3"))
	in, _ = e.sim.ApprovalInstance(e.appID, "i1")
	if in.Status != "PENDING" || in.UpdateTime != 10 || len(in.Tasks) != 1 || in.Tasks[0].UserID != "u3" {
		t.Fatalf("after REPLACE: %+v", in)
	}
	if s := e.sim.ApprovalStats(); s.Syncs != 4 || s.Ignored != 2 {
		t.Fatalf("stats %+v", s)
	}
}

func TestExternalInstanceSyncRefusals(t *testing.T) {
	e := newMsgEnv(t)
	code := e.newDefinition("k", "https://x/cb", "t", "")
	task := func(b map[string]any) map[string]any { return b["task_list"].([]any)[0].(map[string]any) }
	for name, mod := range map[string]func(map[string]any){
		"no pc link":        func(b map[string]any) { b["links"] = map[string]any{"mobile_link": "https://m"} },
		"bad status":        func(b map[string]any) { b["status"] = "OPEN" },
		"no update_time":    func(b map[string]any) { delete(b, "update_time") },
		"time not ms":       func(b map[string]any) { b["start_time"] = "2025-01-01" },
		"no i18n":           func(b map[string]any) { delete(b, "i18n_resources") },
		"title not a key":   func(b map[string]any) { b["title"] = "请假" },
		"title has no text": func(b map[string]any) { b["title"] = "@i18n@nothing" },
		"bad mode":          func(b map[string]any) { b["update_mode"] = "MERGE" },
		"task no approver":  func(b map[string]any) { delete(task(b), "user_id") },
		"task bad status":   func(b map[string]any) { task(b)["status"] = "WAITING" },
		"task no end_time":  func(b map[string]any) { delete(task(b), "end_time") },
		"custom action without name": func(b map[string]any) {
			task(b)["action_configs"] = []any{map[string]any{"action_type": "ESCALATE"}}
		},
		"three actions": func(b map[string]any) {
			a := map[string]any{"action_type": "APPROVE"}
			task(b)["action_configs"] = []any{a, a, a}
		},
		"form too long": func(b map[string]any) {
			b["i18n_resources"].([]any)[0].(map[string]any)["texts"] = append(
				b["i18n_resources"].([]any)[0].(map[string]any)["texts"].([]any),
				map[string]any{"key": "@i18n@long", "value": strings.Repeat("长", 2049)})
			b["form"] = []any{map[string]any{"name": "@i18n@f0", "value": "@i18n@long"}}
		},
		"too many tasks": func(b map[string]any) {
			var ts []any
			for i := range 301 {
				t := map[string]any{}
				for k, v := range task(b) {
					t[k] = v
				}
				t["task_id"] = fmt.Sprint("t", i)
				ts = append(ts, t)
			}
			b["task_list"] = ts
		},
	} {
		b := instanceBody(code, "i-"+name, "UPDATE", "PENDING", 100, "u1")
		mod(b)
		if st, c := e.sync(b); st != http.StatusBadRequest || c != CodeApprovalParamInvalid {
			t.Errorf("%s: %d %d, want 400 %d", name, st, c, CodeApprovalParamInvalid)
		}
	}
	if n := len(e.sim.ApprovalInstances()); n != 0 {
		t.Fatalf("refused syncs stored %d instances", n)
	}
}

func TestExternalInstanceCheckFollowsTheFAQSteps(t *testing.T) {
	e := newMsgEnv(t)
	code := e.newDefinition("k", "https://x/cb", "t", "")
	for _, id := range []string{"a", "b", "c", "d"} {
		e.sync(instanceBody(code, id, "UPDATE", "PENDING", 100, "u1"))
	}
	e.sim.LoseApprovalTask(e.appID, "b", "b-t0")
	check := func(id string, ut int64, taskUT int64, tasks ...string) map[string]any {
		var ts []any
		for _, tid := range tasks {
			ts = append(ts, map[string]any{"task_id": tid, "update_time": fmt.Sprint(taskUT)})
		}
		if ts == nil {
			ts = []any{}
		}
		return map[string]any{"instance_id": id, "update_time": fmt.Sprint(ut), "tasks": ts}
	}
	st, c, data := e.call(http.MethodPost, pathExtCheck, e.tok, map[string]any{"instances": []any{
		check("a", 100, 100, "a-t0"), // matches
		check("b", 100, 100, "b-t0"), // task missing
		check("c", 100, 99, "c-t0"),  // task at another version
		check("d", 101, 100, "d-t0"), // instance at another version
		check("x", 1, 1, "x-t0"),     // instance missing
	}})
	if st != 200 || c != 0 {
		t.Fatalf("check: %d %d", st, c)
	}
	got, _ := json.Marshal(data["diff_instances"])
	want := `[{"instance_id":"b","tasks":[{"task_id":"b-t0","update_time":"0"}],"update_time":"100"},` +
		`{"instance_id":"c","tasks":[{"task_id":"c-t0","update_time":"100"}],"update_time":"100"},` +
		`{"instance_id":"d","tasks":[],"update_time":"100"},` +
		`{"instance_id":"x","tasks":[],"update_time":"0"}]`
	if string(got) != want {
		t.Fatalf("diff_instances\n got %s\nwant %s", got, want)
	}
	if st, c, _ := e.call(http.MethodPost, pathExtCheck, e.tok, map[string]any{}); st != 400 || c != CodeApprovalParamInvalid {
		t.Fatalf("check without instances: %d %d", st, c)
	}
}

func TestExternalTaskListFiltersAndPages(t *testing.T) {
	e := newMsgEnv(t)
	code := e.newDefinition("k", "https://x/cb", "t", "")
	for i := range 5 {
		e.sync(instanceBody(code, fmt.Sprint("i", i), "UPDATE", "PENDING", 100, "u1", "u2"))
	}
	st, c, data := e.call(http.MethodGet, pathExtTasks+"?page_size=2", e.tok, map[string]any{"instance_ids": []string{"i1", "i3", "i4", "zz"}})
	if st != 200 || c != 0 || data["has_more"] != true || len(data["data"].([]any)) != 2 {
		t.Fatalf("first page: %d %d %v", st, c, data)
	}
	tok, _ := data["page_token"].(string)
	_, _, data = e.call(http.MethodGet, pathExtTasks+"?page_size=2&page_token="+tok, e.tok, map[string]any{"instance_ids": []string{"i1", "i3", "i4", "zz"}})
	items := data["data"].([]any)
	if data["has_more"] != false || len(items) != 1 || items[0].(map[string]any)["instance_id"] != "i4" ||
		len(items[0].(map[string]any)["tasks"].([]any)) != 2 {
		t.Fatalf("last page: %v", data)
	}
	_, _, data = e.call(http.MethodGet, pathExtTasks, e.tok, map[string]any{"approval_codes": []string{code}, "user_ids": []string{"u2"}, "status": "PENDING"})
	if n := len(data["data"].([]any)); n != 5 {
		t.Fatalf("by user: %d instances", n)
	}
	for name, b := range map[string]map[string]any{
		"no filter":         {},
		"user without code": {"user_ids": []string{"u1"}, "status": "PENDING"},
		"21 instances":      {"instance_ids": strings.Split(strings.Repeat("x,", 20)+"x", ",")},
		"bad status":        {"approval_codes": []string{code}, "status": "OPEN"},
	} {
		if st, c, _ := e.call(http.MethodGet, pathExtTasks, e.tok, b); st != 400 || c != CodeApprovalParamInvalid {
			t.Errorf("%s: %d %d", name, st, c)
		}
	}
	if st, c, _ := e.call(http.MethodGet, pathExtTasks+"?page_size=501", e.tok, map[string]any{"instance_ids": []string{"i1"}}); st != 400 || c != CodeApprovalParamInvalid {
		t.Fatalf("page_size 501: %d %d", st, c)
	}
}

// oaReceiver records the callbacks it gets and answers with status/body.
type oaReceiver struct {
	mu     sync.Mutex
	bodies [][]byte
	status int
	answer string
}

func (r *oaReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.bodies = append(r.bodies, b)
	st, ans := r.status, r.answer
	r.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(st)
	_, _ = w.Write([]byte(ans))
}

func TestActOnTaskPostsTheCallbackAsFeishuDoes(t *testing.T) {
	for _, key := range []string{"", "cb-key-123"} {
		t.Run("key="+key, func(t *testing.T) {
			e := newMsgEnv(t)
			rc := &oaReceiver{status: 200, answer: `{"code":0}`}
			srv := httptest.NewServer(rc)
			defer srv.Close()
			code := e.newDefinition("k", srv.URL+"/cb", "cb-token", key)
			e.sync(instanceBody(code, "i1", "UPDATE", "PENDING", 100, "u1", "u2"))
			res, err := e.sim.ActOnTask(context.Background(), ApprovalActRequest{AppID: e.appID, InstanceID: "i1",
				TaskID: "i1-t1", UserID: "u2", Action: "REJECT", Reason: "预算不足"})
			if err != nil || !res.OK() {
				t.Fatalf("act: %v %+v", err, res)
			}
			body := rc.bodies[0]
			if key != "" {
				var sealed struct{ Encrypt string }
				if json.Unmarshal(body, &sealed) != nil || sealed.Encrypt == "" || strings.Contains(string(body), "cb-token") {
					t.Fatalf("not encrypted: %s", body)
				}
				body = mustDecrypt(t, sealed.Encrypt, key)
			}
			var got map[string]any
			_ = json.Unmarshal(body, &got)
			want := map[string]any{"action_type": "REJECT", "action_context": "ctx-u2", "user_id": "u2", "approval_code": code,
				"instance_id": "i1", "task_id": "i1-t1", "reason": "预算不足", "token": "cb-token"}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			// Feishu changes nothing until the third party syncs.
			if in, _ := e.sim.ApprovalInstance(e.appID, "i1"); in.Tasks[1].Status != "PENDING" {
				t.Fatalf("task changed by the action: %+v", in.Tasks[1])
			}
		})
	}
}

func TestActOnTaskRefusesWhatTheCenterWouldNotOffer(t *testing.T) {
	e := newMsgEnv(t)
	rc := &oaReceiver{status: 403, answer: `{"message":"已处理","without_prefix":"true"}`}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	code := e.newDefinition("k", srv.URL, "t", "")
	e.sync(instanceBody(code, "i1", "UPDATE", "PENDING", 100, "u1"))
	b := instanceBody(code, "i2", "UPDATE", "PENDING", 100, "u1")
	delete(b["task_list"].([]any)[0].(map[string]any), "action_configs")
	e.sync(b)
	e.sync(instanceBody(code, "i3", "UPDATE", "APPROVED", 100, "u1"))
	for name, req := range map[string]ApprovalActRequest{
		"someone else's task": {InstanceID: "i1", TaskID: "i1-t0", UserID: "u9", Action: "APPROVE"},
		"no quick approval":   {InstanceID: "i2", TaskID: "i2-t0", UserID: "u1", Action: "APPROVE"},
		"instance ended":      {InstanceID: "i3", TaskID: "i3-t0", UserID: "u1", Action: "APPROVE"},
		"no such task":        {InstanceID: "i1", TaskID: "nope", UserID: "u1", Action: "APPROVE"},
		"no such instance":    {InstanceID: "zz", TaskID: "i1-t0", UserID: "u1", Action: "APPROVE"},
	} {
		req.AppID = e.appID
		if _, err := e.sim.ActOnTask(context.Background(), req); err == nil {
			t.Errorf("%s: acted", name)
		}
	}
	if len(rc.bodies) != 0 {
		t.Fatalf("%d callbacks posted", len(rc.bodies))
	}
	res, err := e.sim.ActOnTask(context.Background(), ApprovalActRequest{AppID: e.appID, InstanceID: "i1", TaskID: "i1-t0", UserID: "u1", Action: "APPROVE"})
	if err != nil || res.OK() || res.Status != 403 || res.Message != "已处理" {
		t.Fatalf("refused answer: %v %+v", err, res)
	}
}

func TestApprovalViewShowsNoSecrets(t *testing.T) {
	e := newMsgEnv(t)
	code := e.newDefinition("k", "https://x/cb", "secret-token-xyz", "secret-key-xyz")
	e.sync(instanceBody(code, "i1", "UPDATE", "PENDING", 100, "u1"))
	for _, p := range []string{"/_approvals", "/_approvals.json"} {
		resp, err := http.Get(e.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "i1") || strings.Contains(string(b), "secret-") ||
			strings.Contains(string(b), "ctx-u1") {
			t.Fatalf("%s: %d %s", p, resp.StatusCode, b)
		}
	}
}

// mustDecrypt opens an action callback the way the page's sample does:
// base64, then AES-256-CBC with key sha256(key), the first block the iv.
func mustDecrypt(t *testing.T, enc, key string) []byte {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil || len(raw) < 32 || len(raw)%aes.BlockSize != 0 {
		t.Fatalf("ciphertext: %v (%d bytes)", err, len(raw))
	}
	k := sha256.Sum256([]byte(key))
	block, _ := aes.NewCipher(k[:])
	out := make([]byte, len(raw)-aes.BlockSize)
	cipher.NewCBCDecrypter(block, raw[:aes.BlockSize]).CryptBlocks(out, raw[aes.BlockSize:])
	return out[:len(out)-int(out[len(out)-1])]
}

// An answer later than the callback timeout is no answer: the approver
// sees an error.
func TestActOnTaskLateAnswer(t *testing.T) {
	e := newMsgEnv(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	code := e.newDefinition("k", srv.URL, "t", "")
	e.sync(instanceBody(code, "i1", "UPDATE", "PENDING", 100, "u1"))
	e.sim.SetApprovalCallbackTimeout(50 * time.Millisecond)
	res, err := e.sim.ActOnTask(context.Background(), ApprovalActRequest{AppID: e.appID, InstanceID: "i1", TaskID: "i1-t0", UserID: "u1", Action: "APPROVE"})
	if err != nil || res.OK() || res.Status != 0 || res.Err == "" {
		t.Fatalf("late answer: %v %+v", err, res)
	}
}
