package webhook_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// changeOrg makes one change of every kind through the simulator's Org,
// each of which Feishu pushes as an event.
func changeOrg(t testing.TB, org *feishusim.Org) {
	t.Helper()
	dept := org.Children(feishusim.RootDepartmentID)[0]
	u, err := org.CreateUser(feishusim.User{Name: "韩梅梅", Mobile: "+8613700000009", EmployeeType: 1,
		DepartmentIDs: []string{dept}, JobTitle: "会计"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.UpdateUser(u.UserID, func(u *feishusim.User) { u.JobTitle = "财务经理" }); err != nil {
		t.Fatal(err)
	}
	if err := org.DeleteUser(u.UserID); err != nil {
		t.Fatal(err)
	}
	d, err := org.CreateDepartment(feishusim.Department{Name: "新部门", ParentID: feishusim.RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := org.UpdateDepartment(d.DepartmentID, func(d *feishusim.Department) { d.Name = "新部门二" }); err != nil {
		t.Fatal(err)
	}
	if err := org.DeleteDepartment(d.DepartmentID); err != nil {
		t.Fatal(err)
	}
}

// checkDelivered compares what the simulator pushed with what Deliver got:
// every push accepted at the first attempt (or as configured), each event
// delivered exactly once, with the very plaintext that was sent.
func checkDelivered(t *testing.T, e *env, wantEvents, wantAttempts int) {
	t.Helper()
	ds := e.sim.Deliveries()
	if len(ds) != wantEvents {
		t.Fatalf("simulator pushed %d events, want %d", len(ds), wantEvents)
	}
	got := e.rec.got()
	if len(got) != len(ds) {
		t.Fatalf("delivered %d events, simulator pushed %d", len(got), len(ds))
	}
	for i, d := range ds {
		if !d.Delivered || d.Status != http.StatusOK || d.Attempts != wantAttempts {
			t.Fatalf("push %d: %+v", i, d)
		}
		ev := got[i]
		if ev.ID != d.EventID || ev.Type != d.EventType || ev.FeishuAppID != e.keys.FeishuAppID ||
			ev.TenantKey != e.org.TenantKey() || time.Since(ev.CreateTime) > time.Minute {
			t.Fatalf("event %d: %+v, push %+v", i, ev, d)
		}
		if !bytes.Equal(ev.Raw, d.Payload) {
			t.Fatalf("event %d payload differs:\n got %s\nsent %s", i, ev.Raw, d.Payload)
		}
		if e.rec.keys[i] != e.keys {
			t.Fatalf("event %d delivered with keys of app %d", i, e.rec.keys[i].AppID)
		}
	}
	if !strings.Contains(string(got[0].Raw), "韩梅梅") { // the decrypted content reached Deliver...
		t.Fatalf("first event: %s", got[0].Raw)
	}
	if strings.Contains(e.logs.String(), "韩梅梅") { // ...and never the logs
		t.Fatalf("logs leak event content: %s", e.logs.String())
	}
	e.assertNoSecrets()
}

func TestSimulatorEventsEncrypted(t *testing.T) {
	t.Parallel()
	e := newEnv(t, testEncryptKey)
	if err := e.sim.VerifyEventURL(testCtx(t), e.keys.FeishuAppID); err != nil {
		t.Fatalf("url verification: %v", err)
	}
	changeOrg(t, e.org)
	e.waitEvents()
	checkDelivered(t, e, 6, 1)
	if n := len(e.refusals()); n != 0 {
		t.Fatalf("%d refusals: %s", n, e.logs.String())
	}
}

func TestSimulatorEventsPlaintext(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	if err := e.sim.VerifyEventURL(testCtx(t), e.keys.FeishuAppID); err != nil {
		t.Fatalf("url verification: %v", err)
	}
	changeOrg(t, e.org)
	e.waitEvents()
	checkDelivered(t, e, 6, 1)
	if n := strings.Count(e.logs.String(), "has no encrypt key"); n != 1 {
		t.Fatalf("plaintext warning logged %d times, want once:\n%s", n, e.logs.String())
	}
}

// A failing Deliver answers 500 and releases the event id, so Feishu's
// retry of the same event is accepted and delivered once.
func TestDeliverFailureThenRetry(t *testing.T) {
	t.Parallel()
	e := newEnv(t, testEncryptKey)
	e.rec.fail.Store(1)
	if _, err := e.org.CreateDepartment(feishusim.Department{Name: "重试部", ParentID: "0"}); err != nil {
		t.Fatal(err)
	}
	e.waitEvents()
	ds := e.sim.Deliveries()
	if len(ds) != 1 || !ds[0].Delivered || ds[0].Attempts != 2 {
		t.Fatalf("pushes: %+v", ds)
	}
	if got := e.rec.got(); len(got) != 1 || got[0].ID != ds[0].EventID {
		t.Fatalf("delivered: %+v", got)
	}
	r := e.refusals()
	if len(r) != 1 || r[0]["reason"] != "deliver failed" || r[0]["event_id"] != ds[0].EventID ||
		r[0]["level"] != "ERROR" || r[0]["status"] != float64(500) {
		t.Fatalf("refusal log: %v", r)
	}

	// The same by hand: 500 with a short body, then the retry goes through.
	e.rec.fail.Store(1)
	plain := e.envelope("evt-retry", nil)
	if r := e.postSigned(plain); r.status != 500 || r.body != `{"error":"internal error"}` {
		t.Fatalf("failing deliver: %+v", r)
	}
	if r := e.postSigned(plain); r.status != 200 || r.body != `{}` {
		t.Fatalf("retry: %+v", r)
	}
	if r := e.postSigned(plain); r.status != 200 {
		t.Fatalf("replay after success: %+v", r)
	}
	if n := len(e.rec.got()); n != 2 {
		t.Fatalf("delivered %d, want 2", n)
	}
}

func TestReplayedEventIDNotDeliveredAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t, testEncryptKey)
	body := seal(t, e.envelope("evt-replay", nil), testEncryptKey)
	h := signed(body, testEncryptKey, time.Now())
	for i := range 3 { // the very same request, captured and replayed
		if r := e.post(e.url, bytes.NewReader(body), h); r.status != 200 || r.body != "{}" {
			t.Fatalf("attempt %d: %+v", i, r)
		}
	}
	// A freshly signed body with the same event id (a Feishu re-push).
	if r := e.postSigned(e.envelope("evt-replay", nil)); r.status != 200 {
		t.Fatalf("re-push: %+v", r)
	}
	if n := len(e.rec.got()); n != 1 {
		t.Fatalf("delivered %d times", n)
	}
	if n := strings.Count(e.logs.String(), "replayed; not delivered again"); n != 3 {
		t.Fatalf("replays logged %d times:\n%s", n, e.logs.String())
	}
	if !strings.Contains(e.logs.String(), `"event_id":"evt-replay"`) {
		t.Fatalf("replay log lacks the event id: %s", e.logs.String())
	}
	// The same event id for another app is a different event.
	other := newEnvOn(t, testEncryptKey, e.broker, nil)
	if r := other.postSigned(other.envelope("evt-replay", nil)); r.status != 200 || len(other.rec.got()) != 1 {
		t.Fatalf("other app: %+v", r)
	}
}

func TestURLVerification(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct{ name, key string }{{"plain", ""}, {"encrypted", testEncryptKey}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, mode.key)
			req, challenge, err := feishusim.NewURLVerificationRequest(testCtx(t), e.url, mode.key, testToken)
			if err != nil {
				t.Fatal(err)
			}
			// Feishu does not sign the challenge: answered without the headers.
			for _, k := range []string{"X-Lark-Signature", "X-Lark-Request-Timestamp", "X-Lark-Request-Nonce"} {
				req.Header.Del(k)
			}
			r := e.do(req)
			var out map[string]string
			if err := json.Unmarshal([]byte(r.body), &out); err != nil || r.status != 200 ||
				len(out) != 1 || out["challenge"] != challenge {
				t.Fatalf("challenge: %+v", r)
			}
			req, _, err = feishusim.NewURLVerificationRequest(testCtx(t), e.url, mode.key, "wrong-token")
			if err != nil {
				t.Fatal(err)
			}
			if r := e.do(req); r.status != 401 || r.body != `{"error":"unauthorized"}` {
				t.Fatalf("wrong token: %+v", r)
			}
			if rf := e.refusals(); len(rf) != 1 || rf[0]["reason"] != "verification token mismatch" ||
				rf[0]["event_type"] != "url_verification" {
				t.Fatalf("refusal log: %v", rf)
			}
			if len(e.rec.got()) != 0 {
				t.Fatal("a challenge was delivered")
			}
			e.assertNoSecrets()
		})
	}
}

// Deliver must not hold the answer past Feishu's 3 s: a stuck queue is cut
// off by the handler's budget and answered 500.
func TestDeliverBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the request budget")
	}
	t.Parallel()
	e := newEnv(t, testEncryptKey)
	e.rec.block = make(chan struct{})
	r := e.postSigned(e.envelope("evt-slow", nil))
	if r.status != 500 {
		t.Fatalf("stuck deliver: %+v", r)
	}
	// Deliver ran under a deadline that ends before Feishu stops waiting
	// (about 3 s), whatever the machine's speed: the time left can only be
	// less than the budget.
	e.rec.mu.Lock()
	left := e.rec.left
	e.rec.mu.Unlock()
	if len(left) != 1 || left[0] < 0 || left[0] > 2900*time.Millisecond {
		t.Fatalf("Deliver's context: time left %v, want a deadline under Feishu's 3 s", left)
	}
	close(e.rec.block)
	if r := e.postSigned(e.envelope("evt-slow", nil)); r.status != 200 || len(e.rec.got()) != 1 {
		t.Fatalf("retry after timeout: %+v", r)
	}
}

// The timestamp window uses Params.Now: real pushes signed by the simulator
// are refused by a handler whose clock is 10 minutes behind, then accepted.
func TestClockSkew(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	offset.Store(int64(-10 * time.Minute))
	e := newEnvOn(t, testEncryptKey, broker.OpenTest(t), func() time.Time {
		return time.Now().Add(time.Duration(offset.Load()))
	})
	if _, err := e.org.CreateDepartment(feishusim.Department{Name: "时差部", ParentID: "0"}); err != nil {
		t.Fatal(err)
	}
	e.waitEvents()
	if ds := e.sim.Deliveries(); len(ds) != 1 || ds[0].Delivered || ds[0].Status != http.StatusForbidden {
		t.Fatalf("pushes with a skewed clock: %+v", ds)
	}
	offset.Store(int64(4 * time.Minute))
	e.sim.ResetDeliveries()
	if _, err := e.org.CreateDepartment(feishusim.Department{Name: "准时部", ParentID: "0"}); err != nil {
		t.Fatal(err)
	}
	e.waitEvents()
	if ds := e.sim.Deliveries(); len(ds) != 1 || !ds[0].Delivered || len(e.rec.got()) != 1 {
		t.Fatalf("pushes within the window: %+v", ds)
	}
}

// Without Redis no event can be de-duplicated: 500, nothing delivered, so
// Feishu retries once Redis is back.
func TestRedisDown(t *testing.T) {
	t.Parallel()
	e := newEnv(t, testEncryptKey)
	_ = e.broker.Client.Close()
	if r := e.postSigned(e.envelope("evt-noredis", nil)); r.status != 500 || r.body != `{"error":"internal error"}` {
		t.Fatalf("%+v", r)
	}
	if len(e.rec.got()) != 0 {
		t.Fatal("delivered without de-duplication")
	}
	if rf := e.refusals(); len(rf) != 1 || rf[0]["reason"] != "event de-duplication unavailable" || rf[0]["event_id"] != "evt-noredis" {
		t.Fatalf("log: %v", rf)
	}
}
