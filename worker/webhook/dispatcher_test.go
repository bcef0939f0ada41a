package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/ent/auditevent"
	"imbridge/ent/webhookdelivery"
	"imbridge/platform/egress"
	"imbridge/worker/webhook"
)

func status(code int) func(int, request, http.ResponseWriter) {
	return func(_ int, _ request, w http.ResponseWriter) { w.WriteHeader(code) }
}

// 503, then 200: retried after the backoff, then delivered, with the same
// body and event id and a valid signature each time.
func TestRetryThenDelivered(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, func(n int, _ request, w http.ResponseWriter) {
		if n == 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	_, secret := e.endpoint(rc.URL)
	e.publish("evt-1", webhook.TypeUserCreated, "user:U1", webhook.UserData{ID: "U1"})
	start := e.clock.Now()

	e.run()
	d := e.delivery("evt-1")
	if d.Status != webhookdelivery.StatusFailed || d.Attempts != 1 || d.LastHTTPStatus == nil || *d.LastHTTPStatus != 503 ||
		d.LastError != "HTTP 503: the receiver is unavailable" || !d.NextAttemptAt.Equal(start.Add(time.Minute)) {
		t.Fatalf("after a 503: %s attempts %d status %v error %q next %v", d.Status, d.Attempts, d.LastHTTPStatus, d.LastError, d.NextAttemptAt)
	}
	e.clock.Advance(59 * time.Second)
	e.run()
	if len(rc.requests()) != 1 {
		t.Fatal("retried before the backoff ended")
	}
	e.clock.Advance(time.Second)
	e.run()
	d = e.delivery("evt-1")
	if d.Status != webhookdelivery.StatusDelivered || d.Attempts != 2 || d.DeliveredAt == nil || d.NextAttemptAt != nil || d.LastError != "" {
		t.Fatalf("after a 200: %+v", d)
	}
	reqs := rc.requests()
	if len(reqs) != 2 || string(reqs[0].body) != string(reqs[1].body) || string(reqs[0].body) != d.Payload {
		t.Fatalf("%d requests; bodies differ from each other or from the stored payload", len(reqs))
	}
	for i, r := range reqs {
		if r.header.Get(webhook.HeaderEvent) != webhook.TypeUserCreated || r.header.Get(webhook.HeaderDelivery) != "evt-1" ||
			r.header.Get("Content-Type") != "application/json" {
			t.Errorf("request %d headers %v", i, r.header)
		}
		if err := webhook.Verify(secret, r.header.Get(webhook.HeaderSignature), r.header.Get(webhook.HeaderTimestamp), r.body, e.clock.Now(), webhook.DefaultTolerance); err != nil {
			t.Errorf("request %d: %v", i, err)
		}
	}
	if reqs[0].header.Get(webhook.HeaderTimestamp) == reqs[1].header.Get(webhook.HeaderTimestamp) {
		t.Error("each attempt is signed with its own timestamp")
	}
}

// 429 with Retry-After: the next attempt waits at least that long, in
// seconds or as an HTTP date.
func TestRetryAfterIsHonoured(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	value := "600"
	rc := newReceiver(t, func(n int, _ request, w http.ResponseWriter) {
		mu.Lock()
		w.Header().Set("Retry-After", value)
		mu.Unlock()
		w.WriteHeader(http.StatusTooManyRequests)
	})
	e.endpoint(rc.URL)
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	start := e.clock.Now()
	e.run()
	d := e.delivery("evt-1")
	if d.Status != webhookdelivery.StatusFailed || !d.NextAttemptAt.Equal(start.Add(600*time.Second)) {
		t.Fatalf("after 429 Retry-After: 600: %s next %v", d.Status, d.NextAttemptAt)
	}
	e.clock.Advance(10 * time.Minute)
	mu.Lock()
	value = e.clock.Now().Add(2 * time.Hour).Format(http.TimeFormat)
	mu.Unlock()
	e.run()
	d = e.delivery("evt-1")
	if d.Attempts != 2 || !d.NextAttemptAt.Equal(e.clock.Now().Add(2*time.Hour)) {
		t.Fatalf("after 429 with a date: attempts %d next %v, want %v", d.Attempts, d.NextAttemptAt, e.clock.Now().Add(2*time.Hour))
	}
}

// A 4xx other than 408 and 429 is final: the delivery is dead at once,
// with the status and its classified reason (never the receiver's text:
// it may be an internal host), and the dead letter is audited.
func TestClientErrorIsDead(t *testing.T) {
	cases := []struct {
		code        int
		contentType string
		answer      string
		wantStatus  webhookdelivery.Status
		wantError   string
	}{
		{400, "application/json", `{"error":"invalid signature"}`, webhookdelivery.StatusDead, "HTTP 400: the receiver refused the request as invalid"},
		{401, "text/plain; charset=utf-8", "bad\nsignature\x1b[31m", webhookdelivery.StatusDead, "HTTP 401: the receiver refused the signature or the credentials"},
		{404, "text/html", "<html><body>secret internal page</body></html>", webhookdelivery.StatusDead, "HTTP 404: no receiver at this URL"},
		{410, "text/plain", strings.Repeat("x", 5000), webhookdelivery.StatusDead, "HTTP 410: no receiver at this URL"},
		{408, "text/plain", "slow", webhookdelivery.StatusFailed, "HTTP 408: the receiver timed out"},
		{500, "application/problem+json", `{"title":"boom"}`, webhookdelivery.StatusFailed, "HTTP 500: the receiver failed (server error)"},
	}
	for _, c := range cases {
		t.Run(http.StatusText(c.code), func(t *testing.T) {
			e := newEnv(t)
			rc := newReceiver(t, func(_ int, _ request, w http.ResponseWriter) {
				w.Header().Set("Content-Type", c.contentType)
				w.WriteHeader(c.code)
				_, _ = w.Write([]byte(c.answer))
			})
			e.endpoint(rc.URL)
			e.publish("evt-1", webhook.TypeUserCreated, "", nil)
			e.run()
			d := e.delivery("evt-1")
			if d.Status != c.wantStatus || d.LastError != c.wantError || d.Attempts != 1 || strings.Contains(d.LastError, c.answer) {
				t.Fatalf("got %s %q after %d attempts, want %s %q", d.Status, d.LastError, d.Attempts, c.wantStatus, c.wantError)
			}
			dead := e.db.AuditEvent.Query().Where(auditevent.Action("job.webhook_dead")).CountX(e.ctx)
			if want := map[bool]int{true: 1, false: 0}[c.wantStatus == webhookdelivery.StatusDead]; dead != want {
				t.Errorf("%d audit events for the dead letter, want %d", dead, want)
			}
		})
	}
}

// No answer within the timeout is retried like a 5xx.
func TestTimeoutIsRetried(t *testing.T) {
	e := newEnv(t, envOptions{timeout: 100 * time.Millisecond})
	release := make(chan struct{})
	rc := newReceiver(t, func(_ int, _ request, w http.ResponseWriter) { <-release })
	defer close(release) // before the server closes (cleanup): the handler must return
	e.endpoint(rc.URL)
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	e.run()
	d := e.delivery("evt-1")
	if d.Status != webhookdelivery.StatusFailed || d.LastHTTPStatus != nil || d.LastError != "no answer within 100ms" {
		t.Fatalf("after a timeout: %s %v %q", d.Status, d.LastHTTPStatus, d.LastError)
	}
}

// After MaxAttempts failures the delivery is dead.
func TestGivesUpAfterMaxAttempts(t *testing.T) {
	e := newEnv(t, envOptions{retry: webhook.RetryPolicy{MaxAttempts: 3}})
	rc := newReceiver(t, status(500))
	e.endpoint(rc.URL)
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	for range 5 {
		e.run()
		e.clock.Advance(time.Hour)
	}
	d := e.delivery("evt-1")
	if d.Status != webhookdelivery.StatusDead || d.Attempts != 3 || len(rc.requests()) != 3 || d.LastError != "HTTP 500: the receiver failed (server error) (gave up after 3 attempts)" {
		t.Fatalf("%s after %d attempts (%d requests): %q", d.Status, d.Attempts, len(rc.requests()), d.LastError)
	}
}

// A later change of a subject never arrives before an earlier one, while
// other subjects go on; a dead event does not hold its successors.
func TestOrderPerSubject(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	failing := map[string]int{"u1-a": 1, "u3-a": 99} // failures left per event
	rc := newReceiver(t, func(_ int, r request, w http.ResponseWriter) {
		mu.Lock()
		defer mu.Unlock()
		if failing[r.event] > 0 {
			failing[r.event]--
			if r.event == "u3-a" {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			w.WriteHeader(http.StatusInternalServerError)
		}
	})
	e.endpoint(rc.URL)
	e.publish("u1-a", webhook.TypeUserCreated, "user:U1", nil)
	e.publish("u2-a", webhook.TypeUserCreated, "user:U2", nil)
	e.publish("u1-b", webhook.TypeUserUpdated, "user:U1", nil)
	e.publish("u3-a", webhook.TypeUserCreated, "user:U3", nil)
	e.publish("u3-b", webhook.TypeUserUpdated, "user:U3", nil)
	e.publish("u1-c", webhook.TypeUserMoved, "user:U1", nil)
	e.publish("x", webhook.TypeUserMoved, "", nil)

	e.run()
	first := rc.events()
	if slices.Contains(first, "u1-b") || slices.Contains(first, "u1-c") {
		t.Fatalf("U1's later events overtook the failed first one: %v", first)
	}
	for _, ev := range []string{"u2-a", "u3-b", "x"} {
		if !slices.Contains(first, ev) {
			t.Errorf("%s waited for another subject: %v", ev, first)
		}
	}
	if i, j := slices.Index(first, "u3-a"), slices.Index(first, "u3-b"); i < 0 || j < i {
		t.Errorf("U3's events out of order: %v", first)
	}
	e.clock.Advance(time.Minute)
	e.run()
	var u1 []string
	for _, ev := range rc.events() {
		if strings.HasPrefix(ev, "u1-") {
			u1 = append(u1, ev)
		}
	}
	if !slices.Equal(u1, []string{"u1-a", "u1-a", "u1-b", "u1-c"}) {
		t.Fatalf("U1's deliveries: %v", u1)
	}
	if e.delivery("u1-c").Status != webhookdelivery.StatusDelivered || e.delivery("u3-a").Status != webhookdelivery.StatusDead {
		t.Fatal("final states")
	}
}

// A receiver on a private host is refused unless the operator lists it in
// IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS; the refusal is final and says so.
func TestPrivateHostRefusedWithoutTheSetting(t *testing.T) {
	e := newEnv(t, envOptions{egress: egress.New(egress.Params{Setting: webhook.Setting, Subject: webhook.Subject})})
	rc := newReceiver(t, nil)
	ep, _ := e.endpoint(rc.URL)
	if err := e.sender.CheckURL(context.Background(), ep.URL); err == nil || !strings.Contains(err.Error(), webhook.Setting) {
		t.Fatalf("CheckURL(%s) = %v", ep.URL, err)
	}
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	e.run()
	d := e.delivery("evt-1")
	if d.Status != webhookdelivery.StatusDead || !strings.Contains(d.LastError, webhook.Setting) || len(rc.requests()) != 0 {
		t.Fatalf("%s %q, %d requests reached the host", d.Status, d.LastError, len(rc.requests()))
	}
}

// A redirect is not followed: the receiver's URL is wrong, and following
// would send a signed body to a host nobody checked.
func TestRedirectIsNotFollowed(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	var paths []string
	rc := newReceiver(t, nil)
	rc.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	})
	e.endpoint(rc.URL + "/hook")
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	e.run()
	d := e.delivery("evt-1")
	if d.Status != webhookdelivery.StatusDead || !strings.Contains(d.LastError, "redirect") || !slices.Equal(paths, []string{"/hook"}) {
		t.Fatalf("%s %q, paths %v", d.Status, d.LastError, paths)
	}
}

// Dead letters are replayed one by one or all of an endpoint at once.
func TestReplayDead(t *testing.T) {
	e := newEnv(t)
	var mu sync.Mutex
	broken := true
	rc := newReceiver(t, func(_ int, _ request, w http.ResponseWriter) {
		mu.Lock()
		defer mu.Unlock()
		if broken {
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
	})
	ep, _ := e.endpoint(rc.URL)
	for _, id := range []string{"a", "b", "c"} {
		e.publish(id, webhook.TypeUserCreated, "user:U1", nil)
	}
	e.run()
	for _, id := range []string{"a", "b", "c"} {
		if d := e.delivery(id); d.Status != webhookdelivery.StatusDead {
			t.Fatalf("%s is %s", id, d.Status)
		}
	}
	mu.Lock()
	broken = false
	mu.Unlock()
	if _, err := webhook.Replay(e.ctx, e.db, e.delivery("b").ID, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	e.run()
	if d := e.delivery("b"); d.Status != webhookdelivery.StatusDelivered || d.Replays != 1 || d.Attempts != 1 {
		t.Fatalf("replayed b: %s replays %d attempts %d", d.Status, d.Replays, d.Attempts)
	}
	if _, err := webhook.Replay(e.ctx, e.db, e.delivery("b").ID, e.clock.Now()); err != webhook.ErrNotReplayable {
		t.Fatalf("replaying a delivered event: %v", err)
	}
	n, err := webhook.ReplayDead(e.ctx, e.db, ep.ID, e.clock.Now())
	if err != nil || n != 2 {
		t.Fatalf("ReplayDead = %d, %v", n, err)
	}
	e.run()
	got := rc.events()
	if !slices.Equal(got[len(got)-2:], []string{"a", "c"}) {
		t.Fatalf("replayed in %v, want a then c (sequence order)", got)
	}
}

// During a rotation both secrets sign; after the overlap only the new one.
func TestRotationSignsWithBothSecrets(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	ep, old := e.endpoint(rc.URL)
	u := e.db.WebhookEndpoint.UpdateOne(ep)
	secret, err := webhook.Rotate(u.Mutation(), e.sealer, ep, 24*time.Hour, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	u.ExecX(e.ctx)
	if secret == old || !strings.HasPrefix(secret, webhook.SecretPrefix) {
		t.Fatalf("new secret %q", secret)
	}
	e.publish("during", webhook.TypeUserCreated, "", nil)
	e.run()
	e.clock.Advance(24 * time.Hour)
	e.publish("after", webhook.TypeUserCreated, "", nil)
	e.run()
	reqs := rc.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	for i, want := range []int{2, 1} {
		h := reqs[i].header
		if got := strings.Count(h.Get(webhook.HeaderSignature), "v1="); got != want {
			t.Errorf("request %d carries %d signatures, want %d", i, got, want)
		}
		for _, s := range []string{secret, old}[:want] {
			if err := webhook.Verify(s, h.Get(webhook.HeaderSignature), h.Get(webhook.HeaderTimestamp), reqs[i].body, e.clock.Now(), time.Hour*25); err != nil {
				t.Errorf("request %d with %s…: %v", i, s[:8], err)
			}
		}
	}
}

// A disabled endpoint is sent nothing until it is enabled again.
func TestDisabledEndpointWaits(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	ep, _ := e.endpoint(rc.URL)
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	e.db.WebhookEndpoint.UpdateOne(ep).SetEnabled(false).ExecX(e.ctx)
	e.run()
	if len(rc.requests()) != 0 {
		t.Fatal("a disabled endpoint was sent an event")
	}
	e.db.WebhookEndpoint.UpdateOneID(ep.ID).SetEnabled(true).ExecX(e.ctx)
	e.run()
	if e.delivery("evt-1").Status != webhookdelivery.StatusDelivered {
		t.Fatal("not delivered once enabled")
	}
}

// Dispatchers in several processes deliver each event once.
func TestDispatchersShareTheWork(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	e.endpoint(rc.URL)
	for i := range 40 {
		e.publish(fmt.Sprintf("evt-%d", i), webhook.TypeUserCreated, "", nil)
	}
	other := webhook.NewDispatcher(webhook.DispatcherParams{DB: e.db, Sender: e.sender, Now: e.clock.Now, Batch: 7})
	var wg sync.WaitGroup
	for _, d := range []*webhook.Dispatcher{e.disp, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := d.RunOnce(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	e.run()
	got := rc.events()
	seen := map[string]bool{}
	for _, ev := range got {
		if seen[ev] {
			t.Errorf("%s delivered twice", ev)
		}
		seen[ev] = true
	}
	if len(seen) != 40 {
		t.Errorf("%d of 40 delivered", len(seen))
	}
}

// The signing secret never appears in what is stored, logged or answered.
func TestSecretNeverLeaks(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, func(_ int, r request, w http.ResponseWriter) {
		// A receiver that echoes what it got in its error.
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(r.header.Get(webhook.HeaderSignature)))
	})
	ep, secret := e.endpoint(rc.URL)
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	e.run()
	_, res := e.sender.SendTest(context.Background(), ep)
	stored := e.db.WebhookEndpoint.GetX(e.ctx, ep.ID)
	d := e.delivery("evt-1")
	for what, s := range map[string]string{
		"logs": e.logs.String(), "last error": d.LastError, "payload": d.Payload, "test result": res.Error,
		"sealed secret": string(stored.SecretSealed), "hint": stored.SecretHint,
	} {
		if strings.Contains(s, secret) || strings.Contains(s, secret[len(webhook.SecretPrefix):len(webhook.SecretPrefix)+12]) {
			t.Errorf("the secret appears in the %s", what)
		}
	}
	if stored.SecretHint != "****"+secret[len(secret)-4:] {
		t.Errorf("hint %q", stored.SecretHint)
	}
}

// SendTest pings at once, even a disabled endpoint, and queues nothing.
func TestSendTest(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t, nil)
	ep, secret := e.endpoint(rc.URL, "user.created")
	e.db.WebhookEndpoint.UpdateOne(ep).SetEnabled(false).ExecX(e.ctx)
	id, res := e.sender.SendTest(context.Background(), ep)
	if res.Outcome != webhook.Delivered || res.Status != 200 || !strings.HasPrefix(id, "ping_") {
		t.Fatalf("%s %+v", id, res)
	}
	r := rc.requests()[0]
	if r.header.Get(webhook.HeaderEvent) != webhook.TypePing || r.event != id ||
		webhook.Verify(secret, r.header.Get(webhook.HeaderSignature), r.header.Get(webhook.HeaderTimestamp), r.body, e.clock.Now(), time.Minute) != nil {
		t.Fatalf("ping request %v", r.header)
	}
	if n := e.db.WebhookDelivery.Query().CountX(e.ctx); n != 0 {
		t.Fatalf("a ping queued %d deliveries", n)
	}
}

// A worker that stops mid-attempt gives the delivery back uncounted; the
// next dispatcher delivers it.
func TestStopReleasesTheAttempt(t *testing.T) {
	e := newEnv(t)
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	rc := newReceiver(t, func(n int, _ request, w http.ResponseWriter) {
		if n == 0 {
			entered <- struct{}{}
			<-release
		}
	})
	defer close(release)
	e.endpoint(rc.URL)
	e.publish("evt-1", webhook.TypeUserCreated, "", nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = e.disp.RunOnce(ctx)
	}()
	<-entered
	cancel()
	<-done
	d := e.delivery("evt-1")
	if d.Attempts != 0 || d.LeaseUntil != nil || d.Status != webhookdelivery.StatusPending {
		t.Fatalf("after a stop: %s, %d attempts, lease %v", d.Status, d.Attempts, d.LeaseUntil)
	}
	e.run()
	if d := e.delivery("evt-1"); d.Status != webhookdelivery.StatusDelivered || d.Attempts != 1 {
		t.Fatalf("then: %s after %d attempts", d.Status, d.Attempts)
	}
}
