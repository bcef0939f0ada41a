package feishu

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// rawPost posts JSON with a token and returns the decoded answer, or the
// transport error (the simulator may drop the connection).
func (e *env) rawPost(path, token string, body any) (int, int, error) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	var out struct{ Code int }
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		return resp.StatusCode, 0, err
	}
	return resp.StatusCode, out.Code, nil
}

// A lost reply applies the write and then answers 500/40003, or drops the
// connection; the retry with the same client_token finds the department
// created and makes no second one. Reads are never lost.
func TestLostReplyAfterApply(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	tok := e.token()
	org := e.sim.Org()
	const path = "/open-apis/contact/v3/departments?department_id_type=department_id&client_token=ct-1"
	body := map[string]string{"name": "客服部", "parent_department_id": "0"}

	e.sim.LoseNextReplies(1, LostReplyStatus)
	var out struct{ Code int }
	if resp := e.get("/open-apis/contact/v3/departments/0/children", tok, &out); resp.StatusCode != 200 || out.Code != 0 {
		t.Fatalf("a read lost its reply: status %d code %d", resp.StatusCode, out.Code)
	}
	status, code, err := e.rawPost(path, tok, body)
	if err != nil || status != http.StatusInternalServerError || code != CodeInternal {
		t.Fatalf("lost reply: status %d code %d err %v", status, code, err)
	}
	if n := len(org.Children("0")); n != 1 {
		t.Fatalf("the write was not applied before the reply was lost: %d departments", n)
	}
	if status, code, err := e.rawPost(path, tok, body); err != nil || status != 200 || code != 0 {
		t.Fatalf("retry: status %d code %d err %v", status, code, err)
	}

	e.sim.LoseNextReplies(1, LostReplyDrop)
	const path2 = "/open-apis/contact/v3/departments?department_id_type=department_id&client_token=ct-2"
	body2 := map[string]string{"name": "售后部", "parent_department_id": "0"}
	if _, _, err := e.rawPost(path2, tok, body2); err == nil {
		t.Fatal("dropped connection: want a transport error")
	} else if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Logf("dropped connection: %v", err)
	}
	if status, code, err := e.rawPost(path2, tok, body2); err != nil || status != 200 || code != 0 {
		t.Fatalf("retry after drop: status %d code %d err %v", status, code, err)
	}
	if n := len(org.Children("0")); n != 2 {
		t.Fatalf("%d departments, want 2", n)
	}
	if st := e.sim.Stats(); st.LostReplies != 2 {
		t.Fatalf("stats: %+v", st)
	}
	// A rate of 1 loses every write's reply.
	e.sim.SetLostReplyRate(1, LostReplyStatus)
	r, err := e.client.Contact.Department.Patch(ctx(t), larkcontact.NewPatchDepartmentReqBuilder().
		DepartmentId(org.Children("0")[0]).DepartmentIdType("department_id").
		Department(larkcontact.NewDepartmentBuilder().Name("客户服务部").Build()).Build())
	if err != nil || r.StatusCode != http.StatusInternalServerError {
		t.Fatalf("patch with rate 1: %v %+v", err, r)
	}
	if d, _ := org.Department(org.Children("0")[0]); d.Name != "客户服务部" {
		t.Fatalf("patch not applied: %+v", d)
	}
}

// InjectCode answers the next calls of one API with a code, then lets
// calls through again.
func TestInjectCode(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	w := userWriter{t, e}
	d, _ := e.sim.Org().CreateDepartment(Department{Name: "工程", ParentID: RootDepartmentID})
	u, _ := e.sim.Org().CreateUser(User{Name: "周八", Mobile: "+8613100000001", DepartmentIDs: []string{d.DepartmentID}})
	e.sim.InjectCode(APIUserPatch, 2, http.StatusBadRequest, CodeUserLock, "update user lock error,wait some seconds and retry")
	for i := range 2 {
		if r := w.patch(u.UserID, larkcontact.NewUserBuilder().IsFrozen(true).Build()); r.Code != CodeUserLock {
			t.Fatalf("call %d: code %d", i, r.Code)
		}
	}
	if got, _ := e.sim.Org().User(u.UserID); got.Frozen {
		t.Fatal("an injected refusal applied the write")
	}
	if r := w.patch(u.UserID, larkcontact.NewUserBuilder().JobTitle("工程师").Build()); !r.Success() {
		t.Fatalf("after the injections: %+v", r.CodeError)
	}
}

// Writes through the API are pushed as contact events like any change:
// a deletion as contact.user.deleted_v3, a resurrection as created_v3.
func TestWriteEvents(t *testing.T) {
	e := newEnv(t, Config{RateLimit: RateLimit{Disabled: true}})
	rc := newReceiver(t, "v-token", "")
	e.sim.SetEventSubscription(e.appID, rc.srv.URL, "", "v-token")
	w := userWriter{t, e}
	d, _ := e.sim.Org().CreateDepartment(Department{Name: "品牌", ParentID: RootDepartmentID})
	r := w.create("", person("吴九", "+8613200000001", "", d.DepartmentID).Build())
	uid := deref(r.Data.User.UserId)
	if r := w.delete(uid, nil); !r.Success() {
		t.Fatal(r.CodeError)
	}
	if r := w.resurrect(uid, d.DepartmentID); !r.Success() {
		t.Fatal(r.CodeError)
	}
	waitEvents(t, e.sim)
	if n := len(rc.got("user.created")); n != 2 {
		t.Fatalf("user.created: %d, want 2 (create, resurrect)", n)
	}
	if n := len(rc.got("user.deleted")); n != 1 {
		t.Fatalf("user.deleted: %d", n)
	}
}
