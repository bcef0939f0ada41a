package feishu_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
)

// These tests hold the adapter's approval requests to the pages, not to
// the simulator (which only reflects what we believed): 创建三方审批定义
// (server-docs/approval-v4/external_approval/create), 同步三方审批实例
// (external_instance/create) and 校验三方审批实例 (external_instance/check).

var (
	i18nKey = regexp.MustCompile(`^@i18n@`)
	msTime  = regexp.MustCompile(`^[0-9]+$`)
)

// bodies returns the JSON bodies the client sent to one path.
func bodies(t *testing.T, rec *recorder, path string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range rec.requests() {
		if r.path == path && r.method == http.MethodPost {
			var b map[string]any
			if err := json.Unmarshal(r.body, &b); err != nil {
				t.Fatalf("%s body: %v", path, err)
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no request to %s: the check proves nothing", path)
	}
	return out
}

// defaultTexts is the default locale's texts of an i18n_resources list:
// one default ("默认语言需要包含所有所需的文案 Key"), every key @i18n@….
func defaultTexts(t *testing.T, b map[string]any) map[string]string {
	t.Helper()
	rs, _ := b["i18n_resources"].([]any)
	texts := map[string]string{}
	defaults := 0
	for _, r := range rs {
		rm := r.(map[string]any)
		if rm["is_default"] != true {
			continue
		}
		defaults++
		for _, x := range rm["texts"].([]any) {
			xm := x.(map[string]any)
			k, _ := xm["key"].(string)
			if !i18nKey.MatchString(k) {
				t.Errorf("text key %q does not start with @i18n@", k)
			}
			texts[k], _ = xm["value"].(string)
		}
	}
	if defaults != 1 || len(texts) == 0 {
		t.Fatalf("i18n_resources %v: want one default locale with texts", rs)
	}
	return texts
}

func TestApprovalRequestsFollowThePages(t *testing.T) {
	e := newApprovalEnv(t, nil)
	rec := &recorder{next: e.sim}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	c := e.newClient(func(p *feishu.Params) {
		p.BaseURL, p.Limits, p.Actions = srv.URL, approvalUnlimited(), actionSigner(t)
	})
	ref, err := c.EnsureDefinition(testCtx(t), testDefinition("imbridge-k"))
	if err != nil {
		t.Fatal(err)
	}
	// Definition: approval_name an i18n key of at least 9 characters;
	// approval_code ≤ 128; external with support_pc / support_mobile not
	// both false; every text field an i18n key with a default text.
	def := bodies(t, rec, "/open-apis/approval/v4/external_approvals")[0]
	texts := defaultTexts(t, def)
	name, _ := def["approval_name"].(string)
	if !i18nKey.MatchString(name) || len([]rune(name)) < 9 || texts[name] != "OA 审批" {
		t.Errorf("approval_name %q (text %q)", name, texts[name])
	}
	ext, _ := def["external"].(map[string]any)
	if ext["support_pc"] != true && ext["support_mobile"] != true {
		t.Errorf("external %v: support_pc and support_mobile both false", ext)
	}
	for _, k := range []string{"biz_name", "description"} {
		v, _ := def[k].(string)
		if k == "biz_name" {
			v, _ = ext[k].(string)
		}
		if _, ok := texts[v]; !ok {
			t.Errorf("%s %q has no default text", k, v)
		}
	}

	in := leave(ref.Code, "wf-1", 42)
	in.Tasks = append(in.Tasks, platform.ApprovalTask{ID: "wf-1-t0", Approver: "u-x", Status: platform.TaskDone})
	if err := c.SyncInstance(testCtx(t), in); err != nil {
		t.Fatal(err)
	}
	// Instance: the required fields, times as decimal strings, texts as
	// i18n keys; per task the required fields.
	b := bodies(t, rec, "/open-apis/approval/v4/external_instances")[0]
	texts = defaultTexts(t, b)
	for _, k := range []string{"approval_code", "status", "instance_id", "start_time", "end_time", "update_time"} {
		if v, _ := b[k].(string); v == "" {
			t.Errorf("instance %s missing", k)
		}
	}
	for _, k := range []string{"start_time", "end_time", "update_time"} {
		if v, _ := b[k].(string); !msTime.MatchString(v) {
			t.Errorf("instance %s %q is not Unix ms as a string", k, v)
		}
	}
	if b["update_time"] != "42" || (b["update_mode"] != "UPDATE" && b["update_mode"] != "REPLACE") {
		t.Errorf("update_time %v, update_mode %v", b["update_time"], b["update_mode"])
	}
	if l, _ := b["links"].(map[string]any); l == nil || l["pc_link"] == "" || l["pc_link"] == nil {
		t.Errorf("links %v: pc_link is required", b["links"])
	}
	if _, ok := texts[b["title"].(string)]; !ok {
		t.Errorf("title %v has no default text", b["title"])
	}
	for _, f := range b["form"].([]any) {
		for _, k := range []string{"name", "value"} {
			if _, ok := texts[f.(map[string]any)[k].(string)]; !ok {
				t.Errorf("form %s %v has no default text", k, f)
			}
		}
	}
	tasks := b["task_list"].([]any)
	if len(tasks) != 3 {
		t.Fatalf("%d tasks", len(tasks))
	}
	for _, x := range tasks {
		tk := x.(map[string]any)
		for _, k := range []string{"task_id", "status", "create_time", "end_time"} {
			if v, _ := tk[k].(string); v == "" {
				t.Errorf("task %v: %s missing", tk["task_id"], k)
			}
		}
		if tk["user_id"] == nil && tk["open_id"] == nil {
			t.Errorf("task %v: user_id or open_id is required", tk["task_id"])
		}
		if l, _ := tk["links"].(map[string]any); l == nil || l["pc_link"] == nil {
			t.Errorf("task %v: links.pc_link is required", tk["task_id"])
		}
		if tk["update_time"] != "42" {
			t.Errorf("task %v update_time %v, want the instance's", tk["task_id"], tk["update_time"])
		}
		if title, ok := tk["title"].(string); ok {
			if _, ok := texts[title]; !ok {
				t.Errorf("task title %q has no default text", title)
			}
		}
		acts, _ := tk["action_configs"].([]any)
		if len(acts) > 2 {
			t.Errorf("task %v: %d action configs, at most 2", tk["task_id"], len(acts))
		}
	}

	// Check: tasks is required, so an instance without tasks sends [].
	if _, err := c.CheckInstances(testCtx(t), []platform.ApprovalVersion{{InstanceID: "wf-1", Version: 42}}); err != nil {
		t.Fatal(err)
	}
	chk := bodies(t, rec, "/open-apis/approval/v4/external_instances/check")[0]
	inst := chk["instances"].([]any)[0].(map[string]any)
	if ts, ok := inst["tasks"].([]any); !ok || len(ts) != 0 || inst["update_time"] != "42" {
		t.Errorf("check instance %v: tasks must be present (empty) and update_time a string", inst)
	}
}
