package feishu_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
)

// approvalUnlimited lifts the client's limits of the approval APIs.
func approvalUnlimited() map[string][]ratelimit.Limit {
	m := msgUnlimited()
	for _, api := range []string{feishu.APIExternalApprovalCreate, feishu.APIExternalInstanceCreate,
		feishu.APIExternalInstanceCheck, feishu.APIExternalTaskList} {
		m[api] = nil
	}
	return m
}

// newApprovalEnv is an env whose client signs task contexts.
func newApprovalEnv(t *testing.T, mod func(*feishu.Params)) *env {
	t.Helper()
	return newEnv(t, feishusim.Config{}, func(p *feishu.Params) {
		p.Limits = approvalUnlimited()
		p.Actions = actionSigner(t)
		if mod != nil {
			mod(p)
		}
	})
}

func testDefinition(key string) platform.ApprovalDefinition {
	return platform.ApprovalDefinition{Key: key, Name: "OA 审批", Description: "来自 OA 的审批", Source: "泛微 OA",
		Callback: platform.ApprovalCallback{URL: "https://bridge.example.com/callback/feishu/app-1/approval",
			Token: "cb-token-0123456789", EncryptKey: "cb-key-0123456789"}}
}

var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// leave is a pending instance with two approvers, the first offering
// quick approval.
func leave(code, id string, version int64) platform.ApprovalInstance {
	return platform.ApprovalInstance{DefinitionCode: code, ID: id, Version: version, Status: platform.ApprovalPending,
		Title: "请假申请：张三", Form: []platform.ApprovalField{{Name: "天数", Value: "2"}, {Name: "事由", Value: "探亲"}},
		Initiator: "u-zhangsan", Link: platform.ApprovalLink{PC: "https://oa.example.com/wf/" + id}, Started: t0,
		Tasks: []platform.ApprovalTask{
			{ID: id + "-t1", Approver: "u-lisi", Title: "部门经理审批", Status: platform.TaskPending, QuickApproval: true, ReasonRequired: true},
			{ID: id + "-t2", Approver: "u-wangwu", Title: "人事审批", Status: platform.TaskPending},
		}}
}

func (e *env) definition(key string) string {
	e.t.Helper()
	ref, err := e.client.EnsureDefinition(testCtx(e.t), testDefinition(key))
	if err != nil {
		e.t.Fatal(err)
	}
	return ref.Code
}

func (e *env) apiCalls(api string) int {
	n := 0
	for _, r := range e.sim.Requests() {
		if r.API == api {
			n++
		}
	}
	return n
}

func TestEnsureDefinitionCreatesThenUpdates(t *testing.T) {
	e := newApprovalEnv(t, nil)
	code := e.definition("imbridge-leave")
	if code == "" || code == "imbridge-leave" {
		t.Fatalf("code %q: a new definition is named by the code Feishu returns", code)
	}
	d, ok := e.sim.ApprovalDefinitionByKey("imbridge-leave")
	want := feishusim.ApprovalDefinition{Code: code, Key: "imbridge-leave", AppID: e.appID, Name: "OA 审批", Source: "泛微 OA",
		CallbackURL: "https://bridge.example.com/callback/feishu/app-1/approval", CallbackToken: "cb-token-0123456789",
		CallbackKey: "cb-key-0123456789", SupportPC: true, SupportMobile: true}
	if !ok || d != want {
		t.Fatalf("definition\n got %+v\nwant %+v", d, want)
	}
	if again := e.definition("imbridge-leave"); again != code {
		t.Fatalf("repeat: %q, want %q", again, code)
	}
	if n := len(e.sim.ApprovalDefinitions()); n != 1 {
		t.Fatalf("%d definitions after a repeat", n)
	}
}

func TestEnsureDefinitionRefusals(t *testing.T) {
	e := newApprovalEnv(t, nil)
	for name, c := range map[string]struct {
		mod  func(*platform.ApprovalDefinition)
		want string
	}{
		"no key":       {func(d *platform.ApprovalDefinition) { d.Key = "" }, "key"},
		"long key":     {func(d *platform.ApprovalDefinition) { d.Key = strings.Repeat("k", 129) }, "128"},
		"no name":      {func(d *platform.ApprovalDefinition) { d.Name = "" }, "name"},
		"half group":   {func(d *platform.ApprovalDefinition) { d.GroupKey = "g" }, "group"},
		"no token":     {func(d *platform.ApprovalDefinition) { d.Callback.Token = "" }, "token"},
		"relative url": {func(d *platform.ApprovalDefinition) { d.Callback.URL = "/callback" }, "URL"},
	} {
		d := testDefinition("k")
		c.mod(&d)
		if _, err := e.client.EnsureDefinition(testCtx(t), d); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming %q", name, err, c.want)
		}
	}
	if n := e.apiCalls(feishu.APIExternalApprovalCreate); n != 0 {
		t.Fatalf("%d requests for refused definitions", n)
	}
	e.sim.SetScopes(e.appID, feishusim.ScopeContact)
	_, err := e.client.EnsureDefinition(testCtx(t), testDefinition("k"))
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != feishusim.CodeScopeMissing || pe.Class != platform.ClassPermission {
		t.Fatalf("without an approval scope: %v", err)
	}
}

func TestSyncInstanceSendsWhatTheCenterShows(t *testing.T) {
	e := newApprovalEnv(t, nil)
	code := e.definition("k")
	in := leave(code, "wf-1", 1000)
	in.Tasks = append(in.Tasks, platform.ApprovalTask{ID: "wf-1-t0", Approver: "u-zhaoliu", Title: "组长审批",
		Status: platform.TaskApproved, Created: t0.Add(-time.Hour), Ended: t0, Link: platform.ApprovalLink{Mobile: "https://m.oa/wf-1"}})
	if err := e.client.SyncInstance(testCtx(t), in); err != nil {
		t.Fatal(err)
	}
	got, ok := e.sim.ApprovalInstance(e.appID, "wf-1")
	if !ok || got.Code != code || got.Status != "PENDING" || got.UpdateTime != 1000 || got.Title != "请假申请：张三" ||
		fmt.Sprint(got.Form) != "[[天数 2] [事由 探亲]]" || got.UserID != "u-zhangsan" || got.StartTime != t0.UnixMilli() ||
		got.EndTime != 0 || got.PCLink != "https://oa.example.com/wf/wf-1" || got.MobileLink != got.PCLink || len(got.Tasks) != 3 {
		t.Fatalf("instance %+v", got)
	}
	quick, plain, done := got.Tasks[0], got.Tasks[1], got.Tasks[2]
	if quick.UserID != "u-lisi" || quick.Title != "部门经理审批" || quick.UpdateTime != 1000 || quick.CreateTime != t0.UnixMilli() ||
		fmt.Sprint(quick.Actions) != "[APPROVE REJECT]" || !quick.ReasonRequired {
		t.Fatalf("quick task %+v", quick)
	}
	ref, err := actionSigner(t).OpenTask(e.appID, quick.ActionContext)
	if err != nil || ref != (platform.ApprovalTaskRef{Definition: code, Instance: "wf-1", Task: "wf-1-t1", Approver: "u-lisi", Version: 1000}) {
		t.Fatalf("action context opens to %+v, %v", ref, err)
	}
	if len(plain.Actions) != 0 || plain.ActionContext != "" || plain.UpdateTime != 1000 {
		t.Fatalf("task without quick approval %+v", plain)
	}
	if done.Status != "APPROVED" || done.EndTime != t0.UnixMilli() || done.Extra != `{"complete_reason":"approved"}` || len(done.Actions) != 0 {
		t.Fatalf("ended task %+v", done)
	}
	// Once the instance ended, no task offers quick approval.
	in.Version, in.Status, in.Ended = 1001, platform.ApprovalApproved, t0.Add(time.Hour)
	if err := e.client.SyncInstance(testCtx(t), in); err != nil {
		t.Fatal(err)
	}
	if got, _ = e.sim.ApprovalInstance(e.appID, "wf-1"); got.Status != "APPROVED" || len(got.Tasks[0].Actions) != 0 || got.UpdateTime != 1001 {
		t.Fatalf("ended instance %+v", got)
	}
}

func TestSyncInstanceRefusals(t *testing.T) {
	e := newApprovalEnv(t, nil)
	code := e.definition("k")
	for name, c := range map[string]struct {
		mod  func(*platform.ApprovalInstance)
		want string
	}{
		"no definition":  {func(in *platform.ApprovalInstance) { in.DefinitionCode = "" }, "definition code"},
		"no version":     {func(in *platform.ApprovalInstance) { in.Version = 0 }, "version"},
		"bad status":     {func(in *platform.ApprovalInstance) { in.Status = "OPEN" }, "status"},
		"no link":        {func(in *platform.ApprovalInstance) { in.Link = platform.ApprovalLink{} }, "link"},
		"no start":       {func(in *platform.ApprovalInstance) { in.Started = time.Time{} }, "start time"},
		"task no id":     {func(in *platform.ApprovalInstance) { in.Tasks[0].ID = "" }, "no id"},
		"task id = inst": {func(in *platform.ApprovalInstance) { in.Tasks[0].ID = in.ID }, "used twice"},
		"no approver":    {func(in *platform.ApprovalInstance) { in.Tasks[1].Approver = "" }, "approver"},
		"form too long": {func(in *platform.ApprovalInstance) {
			in.Form = []platform.ApprovalField{{Name: "x", Value: strings.Repeat("长", 2048)}}
		}, "2048"},
		"301 tasks": {func(in *platform.ApprovalInstance) {
			for i := range 299 {
				in.Tasks = append(in.Tasks, platform.ApprovalTask{ID: fmt.Sprint("x", i), Approver: "u", Status: platform.TaskDone})
			}
		}, "at most 300"},
	} {
		in := leave(code, "wf-"+name, 10)
		c.mod(&in)
		if err := e.client.SyncInstance(testCtx(t), in); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error naming %q", name, err, c.want)
		}
	}
	bare := e.newClient(func(p *feishu.Params) { p.Limits = approvalUnlimited(); p.Actions = nil })
	if err := bare.SyncInstance(testCtx(t), leave(code, "wf-x", 10)); err == nil || !strings.Contains(err.Error(), "Params.Actions") {
		t.Errorf("quick approval without a signer: %v", err)
	}
	if n := e.apiCalls(feishu.APIExternalInstanceCreate); n != 0 {
		t.Fatalf("%d requests for refused instances", n)
	}

	// Refusals only Feishu can make.
	err := e.client.SyncInstance(testCtx(t), leave("NO-SUCH-DEFINITION", "wf-1", 10))
	if !errors.Is(err, platform.ErrApprovalDefinitionGone) || platform.ClassOf(err) != platform.ClassNotFound {
		t.Fatalf("unknown definition: %v (%v)", err, platform.ClassOf(err))
	}
	for _, c := range []struct {
		code  int
		class platform.ErrorClass
	}{
		{feishusim.CodeApprovalParamInvalid, platform.ClassInvalid},
		{feishusim.CodeApprovalRetryLater, platform.ClassTransient},
		{feishusim.CodeApprovalTenantNotFound, platform.ClassPermission},
		{feishusim.CodeApprovalDeleted, platform.ClassNotFound},
	} {
		e.sim.InjectCode(feishusim.APIExternalInstanceCreate, 1, http.StatusBadRequest, c.code, "injected")
		err := e.client.SyncInstance(testCtx(t), leave(code, "wf-1", 10))
		var pe *platform.Error
		if !errors.As(err, &pe) || pe.Code != c.code || pe.Class != c.class {
			t.Errorf("code %d: %v, want class %v", c.code, err, c.class)
		}
		if errors.Is(err, platform.ErrApprovalDefinitionGone) != (c.code == feishusim.CodeApprovalDeleted) {
			t.Errorf("code %d: ErrApprovalDefinitionGone %v", c.code, errors.Is(err, platform.ErrApprovalDefinitionGone))
		}
	}
}

// A sync whose answer is lost is retried with the same version: Feishu
// applies it once and ignores the copy.
func TestSyncInstanceRetriedAfterLostReply(t *testing.T) {
	e := newApprovalEnv(t, nil)
	code := e.definition("k")
	e.sim.LoseNextReplies(1, feishusim.LostReplyStatus)
	if err := e.client.SyncInstance(testCtx(t), leave(code, "wf-1", 50)); err != nil {
		t.Fatal(err)
	}
	got, _ := e.sim.ApprovalInstance(e.appID, "wf-1")
	if n := e.apiCalls(feishu.APIExternalInstanceCreate); n != 2 || got.Syncs != 1 || got.Ignored != 1 {
		t.Fatalf("%d requests, %d applied, %d ignored; want 2, 1, 1", n, got.Syncs, got.Ignored)
	}
}

// An error Feishu gives the whole class of, whatever the API.
func TestApprovalCodesAreClassified(t *testing.T) {
	e := newApprovalEnv(t, nil)
	e.sim.InjectCode(feishusim.APIExternalInstanceCheck, 1, http.StatusBadRequest, feishusim.CodeApprovalRetryLater, "There have been some errors. Please try again later")
	_, err := e.client.CheckInstances(testCtx(t), []platform.ApprovalVersion{{InstanceID: "x", Version: 1}})
	if c := platform.ClassOf(err); c != platform.ClassTransient || !c.Retryable() {
		t.Fatalf("1395001: %v (%v)", err, c)
	}
}
