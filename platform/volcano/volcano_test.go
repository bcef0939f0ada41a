package volcano_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/egress"
	"imbridge/platform/ratelimit"
	"imbridge/platform/ratelimit/ratelimittest"
	simvolcano "imbridge/platform/sim/volcano"
	"imbridge/platform/volcano"
	"imbridge/worker/broker"
)

var simEgress = egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})

const (
	ak, sk     = "AKLTsimaccesskey", "simsecretaccesskey=="
	acctSecret = "acct-secret"
)

type env struct {
	sim    *simvolcano.Server
	url    string
	events chan url.Values
}

func newEnv(t *testing.T, now func() time.Time) *env {
	t.Helper()
	e := &env{events: make(chan url.Values, 10)}
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { e.events <- r.URL.Query() }))
	t.Cleanup(cb.Close)
	e.sim = simvolcano.New(simvolcano.Config{Keys: map[string]string{ak: sk}, CallbackURL: cb.URL, AccountSecret: acctSecret, Now: now})
	srv := httptest.NewServer(e.sim)
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

func (e *env) client(t *testing.T, akid, secret string, mod ...func(*volcano.Params)) *volcano.Client {
	t.Helper()
	p := volcano.Params{AccessKeyID: akid, SecretAccessKey: secret, BaseURL: e.url, Broker: broker.OpenTest(t), Egress: simEgress}
	for _, m := range mod {
		m(&p)
	}
	c, err := volcano.New(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLifecycleSignedAgainstTheSimulator(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	c := e.client(t, ak, sk)
	live := c.Live()
	start := time.Now().Add(time.Hour).Truncate(time.Second)
	id, err := live.CreateLive(ctx, platform.LiveSpec{Title: "新品发布会", Start: start, Duration: 90 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	info, err := live.GetLive(ctx, id)
	if err != nil || info.Status != platform.LiveReserved || info.Title != "新品发布会" || info.Duration != 90*time.Minute || info.ViewURL == "" {
		t.Fatalf("get: %+v %v", info, err)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	// Update is read-modify-write: the cover set in the console survives.
	e.sim.SetCover(n, "https://image.example/cover.png")
	if err := live.UpdateLive(ctx, id, platform.LiveSpec{Title: "新品发布会（改）", Start: start, Duration: time.Hour}); err != nil {
		t.Fatal(err)
	}
	room, _ := e.sim.Room(n)
	if room.Name != "新品发布会（改）" || room.CoverImage != "https://image.example/cover.png" || room.EndTime-room.LiveTime != 3600 {
		t.Fatalf("after update: %+v", room)
	}
	// Status by the signed callback.
	if _, err := e.sim.SetStatus(n, 1); err != nil {
		t.Fatal(err)
	}
	q := <-e.events
	ev, err := volcano.VerifyStatusCallback(acctSecret, q, time.Now())
	if err != nil || ev.ActivityID != id || ev.Status != 1 {
		t.Fatalf("callback: %+v %v", ev, err)
	}
	e.sim.SetWatch(n, 300, 120, 80, 1800)
	_, _ = e.sim.SetStatus(n, 3)
	info, err = live.GetLive(ctx, id)
	if err != nil || info.Status != platform.LiveEnded || info.Replay != platform.ReplayReady || info.Viewers != 120 || info.PeakOnline != 80 || info.TotalWatch != 30*time.Hour {
		t.Fatalf("after replay: %+v %v", info, err)
	}
	if err := live.DeleteLiveReplay(ctx, id); !errors.Is(err, platform.ErrLiveUnsupported) {
		t.Fatalf("delete replay: %v", err)
	}
	if err := live.CancelLive(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.sim.Room(n); ok {
		t.Fatal("cancel did not delete the room")
	}
}

func TestSignatureRefusals(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		c     *volcano.Client
		codeN int
		class platform.ErrorClass
	}{
		"wrong secret": {e.client(t, ak, "not-the-secret"), 100010, platform.ClassCredentials},
		"unknown key":  {e.client(t, "AKLTother", sk), 100009, platform.ClassCredentials},
		"clock skewed": {e.client(t, ak, sk, func(p *volcano.Params) { p.Now = func() time.Time { return time.Now().Add(-time.Hour) } }), 100006, platform.ClassCredentials},
	} {
		var pe *platform.Error
		_, err := tc.c.GetActivity(ctx, 1)
		if !errors.As(err, &pe) || pe.Code != tc.codeN || pe.Class != tc.class || pe.Hint == "" {
			t.Errorf("%s: %v, want CodeN %d", name, err, tc.codeN)
		}
	}
}

func TestSignHeaders(t *testing.T) {
	req, _ := http.NewRequest("GET", "https://livesaas.volcengineapi.com/?Action=GetActivityAPI&Version=2020-06-01&ActivityId=1", nil)
	at := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	volcano.Sign(req, "AKID", "SECRET", at)
	if got := req.Header.Get("X-Date"); got != "20261130T120000Z" {
		t.Fatalf("X-Date %q", got)
	}
	auth := req.Header.Get("Authorization")
	want := "HMAC-SHA256 Credential=AKID/20261130/cn-north-1/livesaas/request, SignedHeaders="
	if len(auth) < len(want) || auth[:len(want)] != want {
		t.Fatalf("Authorization %q", auth)
	}
	// Deterministic: the same request at the same time signs the same.
	req2, _ := http.NewRequest("GET", req.URL.String(), nil)
	volcano.Sign(req2, "AKID", "SECRET", at)
	if req2.Header.Get("Authorization") != auth {
		t.Fatal("signature not deterministic")
	}
	req3, _ := http.NewRequest("GET", req.URL.String(), nil)
	volcano.Sign(req3, "AKID", "SECRET2", at)
	if req3.Header.Get("Authorization") == auth {
		t.Fatal("signature does not depend on the secret")
	}
}

func TestStatusCallbackVerification(t *testing.T) {
	// Sign = md5(AccountSecret+ActivityID+EventType+Status+Timestamp),
	// computed independently (Python hashlib) for this input.
	if got := volcano.CallbackSign(acctSecret, "1760965157590", volcano.EventStatusModify, "1", "1700000000"); got != "4ce6540fa4feb850551370182184aaf4" {
		t.Fatalf("sign %s", got)
	}
	now := time.Unix(1700000030, 0)
	good := url.Values{"ActivityID": {"1760965157590"}, "EventType": {volcano.EventStatusModify}, "Status": {"1"},
		"Timestamp": {"1700000000"}, "Sign": {"4ce6540fa4feb850551370182184aaf4"}}
	if ev, err := volcano.VerifyStatusCallback(acctSecret, good, now); err != nil || ev.Status != 1 {
		t.Fatalf("good callback: %v", err)
	}
	for name, mod := range map[string]func(url.Values){
		"status tampered": func(q url.Values) { q.Set("Status", "4") },
		"id tampered":     func(q url.Values) { q.Set("ActivityID", "1760965157591") },
		"sign missing":    func(q url.Values) { q.Del("Sign") },
		"other event":     func(q url.Values) { q.Set("EventType", "Other") },
	} {
		q := url.Values{}
		for k, v := range good {
			q[k] = append([]string(nil), v...)
		}
		mod(q)
		if _, err := volcano.VerifyStatusCallback(acctSecret, q, now); !errors.Is(err, volcano.ErrBadCallback) {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := volcano.VerifyStatusCallback("other-secret", good, now); err == nil {
		t.Error("another account's secret accepted")
	}
	if _, err := volcano.VerifyStatusCallback(acctSecret, good, now.Add(time.Hour)); err == nil {
		t.Error("a stale callback accepted")
	}
}

func TestPacedToTheDocumentedLimit(t *testing.T) {
	clock := ratelimittest.New(t)
	e := newEnv(t, clock.Now)
	c := e.client(t, ak, sk, func(p *volcano.Params) {
		p.Limiter = ratelimit.NewWithClock(clock.Broker(t), clock)
		p.Now = clock.Now
	})
	ctx := context.Background()
	// 241 calls need at least two full minutes at 120/min; the limiter
	// should not add much more than that.
	for range 241 {
		if _, err := c.CreateActivity(ctx, "r", clock.Now().Add(time.Hour), clock.Now().Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if d := clock.Now().Sub(ratelimittest.Start); d < 2*time.Minute || d > 2*time.Minute+5*time.Second {
		t.Fatalf("241 calls took %v of virtual time, want 2m…2m5s at 120/min", d)
	}
	if l := volcano.Limits(volcano.ActionGetPageWatchData); l[0].N != 1000 {
		t.Fatalf("GetPageWatchDataAPIV2 limit %v", l)
	}
}

func TestStatusHandlerAppliesOnlySignedCallbacks(t *testing.T) {
	var got []volcano.StatusEvent
	h := volcano.StatusHandler(acctSecret, time.Now, func(_ *http.Request, ev volcano.StatusEvent) error {
		got = append(got, ev)
		return nil
	})
	cb := httptest.NewServer(h)
	t.Cleanup(cb.Close)
	sim := simvolcano.New(simvolcano.Config{Keys: map[string]string{ak: sk}, CallbackURL: cb.URL, AccountSecret: acctSecret})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	c, _ := volcano.New(volcano.Params{AccessKeyID: ak, SecretAccessKey: sk, BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress})
	n, err := c.CreateActivity(context.Background(), "r", time.Now().Add(time.Hour), time.Now().Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if code, err := sim.SetStatus(n, 1); err != nil || code != http.StatusOK {
		t.Fatalf("signed callback: %d %v", code, err)
	}
	// Another account's secret: refused, not applied.
	forged := simvolcano.New(simvolcano.Config{CallbackURL: cb.URL, AccountSecret: "someone-else", Keys: map[string]string{ak: sk}})
	fsrv := httptest.NewServer(forged)
	t.Cleanup(fsrv.Close)
	fc, _ := volcano.New(volcano.Params{AccessKeyID: ak, SecretAccessKey: sk, BaseURL: fsrv.URL, Broker: broker.OpenTest(t), Egress: simEgress})
	fn, _ := fc.CreateActivity(context.Background(), "r", time.Now().Add(time.Hour), time.Now().Add(2*time.Hour))
	if code, _ := forged.SetStatus(fn, 4); code != http.StatusForbidden {
		t.Fatalf("forged callback answered %d", code)
	}
	if len(got) != 1 || got[0].Status != 1 || got[0].ActivityID != strconv.FormatInt(n, 10) {
		t.Fatalf("applied: %+v", got)
	}
}

// CallbackHandler finds the corp's key by the path: an unknown corp is
// 404, a callback signed with another key 403, and only a verified one is
// delivered, with its corp.
func TestCallbackHandlerByCorp(t *testing.T) {
	var got []volcano.CallbackTarget
	mux := http.NewServeMux()
	mux.Handle("GET /callback/volcano/{corp}", volcano.CallbackHandler(
		func(_ context.Context, corp string) (volcano.CallbackTarget, error) {
			if corp != "7" {
				return volcano.CallbackTarget{}, volcano.ErrUnknownTarget
			}
			return volcano.CallbackTarget{TenantID: 3, CorpID: 7, Secret: acctSecret}, nil
		}, time.Now,
		func(_ context.Context, tg volcano.CallbackTarget, ev volcano.StatusEvent) error {
			got = append(got, tg)
			return nil
		}))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	get := func(corp, key string) int {
		q := url.Values{"ActivityID": {"42"}, "EventType": {volcano.EventStatusModify}, "Status": {"4"}, "Timestamp": {ts},
			"Sign": {volcano.CallbackSign(key, "42", volcano.EventStatusModify, "4", ts)}}
		resp, err := http.Get(srv.URL + "/callback/volcano/" + corp + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get("8", acctSecret); code != http.StatusNotFound {
		t.Fatalf("unknown corp: %d", code)
	}
	if code := get("7", "another-key"); code != http.StatusForbidden {
		t.Fatalf("wrong key: %d", code)
	}
	if len(got) != 0 {
		t.Fatalf("delivered before a verified callback: %+v", got)
	}
	if code := get("7", acctSecret); code != http.StatusOK || len(got) != 1 || got[0].CorpID != 7 || got[0].TenantID != 3 {
		t.Fatalf("verified callback: %d %+v", code, got)
	}
}
