package feishu

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	"github.com/larksuite/oapi-sdk-go/v3/core/httpserverext"
	larkevent "github.com/larksuite/oapi-sdk-go/v3/event"
	"github.com/larksuite/oapi-sdk-go/v3/event/dispatcher"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

func TestEncryptAndSignMatchSDK(t *testing.T) {
	for _, plain := range []string{`{}`, `{"a":"0123456789abcdef"}`, `{"schema":"2.0","x":"飞书"}`} {
		enc, err := Encrypt([]byte(plain), "my-encrypt-key")
		if err != nil {
			t.Fatal(err)
		}
		got, err := larkevent.EventDecrypt(enc, "my-encrypt-key")
		if err != nil || string(got) != plain {
			t.Fatalf("EventDecrypt: %q %v, want %q", got, err, plain)
		}
	}
	body := []byte(`{"encrypt":"abc"}`)
	if Sign("1700000000", "nonce", "key", body) != larkevent.Signature("1700000000", "nonce", "key", string(body)) {
		t.Fatal("signature differs from larkevent.Signature")
	}
}

// receiver is an app's event endpoint built with the SDK's own dispatcher,
// which decrypts, checks the signature and the verification token.
type receiver struct {
	mu     sync.Mutex
	events map[string][]any
	fail   atomic.Int32 // answer 500 this many more times
	srv    *httptest.Server
}

func newReceiver(t *testing.T, token, key string) *receiver {
	rc := &receiver{events: map[string][]any{}}
	add := func(typ string, ev any) error {
		rc.mu.Lock()
		rc.events[typ] = append(rc.events[typ], ev)
		rc.mu.Unlock()
		return nil
	}
	d := dispatcher.NewEventDispatcher(token, key).
		OnP2UserCreatedV3(func(_ context.Context, e *larkcontact.P2UserCreatedV3) error { return add("user.created", e) }).
		OnP2UserUpdatedV3(func(_ context.Context, e *larkcontact.P2UserUpdatedV3) error { return add("user.updated", e) }).
		OnP2UserDeletedV3(func(_ context.Context, e *larkcontact.P2UserDeletedV3) error { return add("user.deleted", e) }).
		OnP2DepartmentCreatedV3(func(_ context.Context, e *larkcontact.P2DepartmentCreatedV3) error { return add("dept.created", e) }).
		OnP2DepartmentUpdatedV3(func(_ context.Context, e *larkcontact.P2DepartmentUpdatedV3) error { return add("dept.updated", e) }).
		OnP2DepartmentDeletedV3(func(_ context.Context, e *larkcontact.P2DepartmentDeletedV3) error { return add("dept.deleted", e) })
	h := httpserverext.NewEventHandlerFunc(d, larkevent.WithLogLevel(larkcore.LogLevelError))
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rc.fail.Load() > 0 {
			rc.fail.Add(-1)
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		h(w, r)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) got(typ string) []any {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]any(nil), rc.events[typ]...)
}

func waitEvents(t *testing.T, s *Server) {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitEvents(c); err != nil {
		t.Fatal(err)
	}
}

func TestEventDeliveryThroughSDKDispatcher(t *testing.T) {
	org := Generate(GenOptions{Users: 10, Departments: 3, Seed: 4})
	e := newEnv(t, Config{Org: org})
	rc := newReceiver(t, "v-token", "enc-key")
	e.sim.SetEventSubscription(e.appID, rc.srv.URL, "enc-key", "v-token")
	if err := e.sim.VerifyEventURL(ctx(t), e.appID); err != nil {
		t.Fatalf("url verification: %v", err)
	}

	c := ctx(t)
	dept := org.Children(RootDepartmentID)[0]
	cr, err := e.client.Contact.User.Create(c, larkcontact.NewCreateUserReqBuilder().DepartmentIdType("department_id").
		User(larkcontact.NewUserBuilder().Name("韩梅梅").Mobile("+8613700000009").EmployeeType(1).
			DepartmentIds([]string{dept}).JobTitle("会计").Build()).Build())
	if err != nil || !cr.Success() {
		t.Fatalf("create: %v %+v", err, cr)
	}
	uid := deref(cr.Data.User.UserId)
	// An admin-side change through the Org helper is pushed as well.
	if _, err := org.UpdateUser(uid, func(u *User) { u.JobTitle = "财务经理" }); err != nil {
		t.Fatal(err)
	}
	if err := org.DeleteUser(uid); err != nil {
		t.Fatal(err)
	}
	nd, err := org.CreateDepartment(Department{Name: "新部门", ParentID: RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.UpdateDepartment(nd.DepartmentID, func(d *Department) { d.Name = "新部门二" }); err != nil {
		t.Fatal(err)
	}
	if err := org.DeleteDepartment(nd.DepartmentID); err != nil {
		t.Fatal(err)
	}
	waitEvents(t, e.sim)

	created := rc.got("user.created")
	if len(created) != 1 {
		t.Fatalf("user.created: %d", len(created))
	}
	ev := created[0].(*larkcontact.P2UserCreatedV3)
	h := ev.EventV2Base.Header
	if h.EventType != "contact.user.created_v3" || h.AppID != e.appID || h.TenantKey != org.TenantKey() ||
		h.Token != "v-token" || h.EventID == "" || len(h.CreateTime) != 13 || ev.EventV2Base.Schema != "2.0" {
		t.Fatalf("header: %+v", h)
	}
	if deref(ev.Event.Object.OpenId) != OpenID(e.appID, uid) || deref(ev.Event.Object.Name) != "韩梅梅" ||
		ev.Event.Object.DepartmentIds[0] != openDepartmentID(org.TenantKey(), dept) {
		t.Fatalf("object: %+v", ev.Event.Object)
	}

	upd := rc.got("user.updated")
	if len(upd) != 1 {
		t.Fatalf("user.updated: %d", len(upd))
	}
	u := upd[0].(*larkcontact.P2UserUpdatedV3).Event
	if deref(u.Object.JobTitle) != "财务经理" || deref(u.OldObject.JobTitle) != "会计" || u.OldObject.Name != nil {
		t.Fatalf("updated: object %v old %+v", deref(u.Object.JobTitle), u.OldObject)
	}
	del := rc.got("user.deleted")
	if len(del) != 1 || deref(del[0].(*larkcontact.P2UserDeletedV3).Event.OldObject.OpenId) != OpenID(e.appID, uid) {
		t.Fatalf("user.deleted: %+v", del)
	}
	if n := len(rc.got("dept.created")); n != 1 {
		t.Fatalf("dept.created: %d", n)
	}
	du := rc.got("dept.updated")
	if len(du) != 1 || deref(du[0].(*larkcontact.P2DepartmentUpdatedV3).Event.OldObject.Name) != "新部门" {
		t.Fatalf("dept.updated: %+v", du)
	}
	dd := rc.got("dept.deleted")
	if len(dd) != 1 || !deref(dd[0].(*larkcontact.P2DepartmentDeletedV3).Event.Object.Status.IsDeleted) {
		t.Fatalf("dept.deleted: %+v", dd)
	}
	for _, d := range e.sim.Deliveries() {
		if !d.Delivered || d.Attempts != 1 || d.Status != 200 {
			t.Fatalf("delivery: %+v", d)
		}
	}
	if n := len(e.sim.Deliveries()); n != 6 {
		t.Fatalf("deliveries: %d", n)
	}
}

func TestEventRetriesAndPlaintext(t *testing.T) {
	e := newEnv(t, Config{EventMaxAttempts: 3, EventRetryBackoff: time.Millisecond})
	rc := newReceiver(t, "tok", "")
	e.sim.SetEventSubscription(e.appID, rc.srv.URL, "", "tok")

	rc.fail.Store(2)
	if _, err := e.sim.Org().CreateDepartment(Department{Name: "A", ParentID: "0"}); err != nil {
		t.Fatal(err)
	}
	waitEvents(t, e.sim)
	d := e.sim.Deliveries()
	if len(d) != 1 || !d[0].Delivered || d[0].Attempts != 3 || len(rc.got("dept.created")) != 1 {
		t.Fatalf("retry: %+v", d)
	}

	rc.fail.Store(10)
	e.sim.ResetDeliveries()
	if _, err := e.sim.Org().CreateDepartment(Department{Name: "B", ParentID: "0"}); err != nil {
		t.Fatal(err)
	}
	waitEvents(t, e.sim)
	d = e.sim.Deliveries()
	if len(d) != 1 || d[0].Delivered || !d[0].Done || d[0].Attempts != 3 || d[0].Status != 500 {
		t.Fatalf("give up: %+v", d)
	}

	// Apps without a contact scope get no contact events.
	rc.fail.Store(0)
	e.sim.ResetDeliveries()
	e.sim.SetScopes(e.appID, ScopeMessageSendAsBot)
	if _, err := e.sim.Org().CreateDepartment(Department{Name: "C", ParentID: "0"}); err != nil {
		t.Fatal(err)
	}
	waitEvents(t, e.sim)
	if n := len(e.sim.Deliveries()); n != 0 {
		t.Fatalf("pushed without scope: %d", n)
	}
}

func TestURLVerificationRequest(t *testing.T) {
	rc := newReceiver(t, "vt", "ek")
	req, challenge, err := NewURLVerificationRequest(context.Background(), rc.srv.URL, "ek", "vt")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if resp.StatusCode != 200 || !bytes.Contains(buf.Bytes(), []byte(challenge)) {
		t.Fatalf("challenge: %d %s", resp.StatusCode, buf.String())
	}
	// A wrong verification token is refused by the SDK.
	req, _, _ = NewURLVerificationRequest(context.Background(), rc.srv.URL, "ek", "wrong")
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode == 200 {
		t.Fatal("wrong token accepted")
	}
}
