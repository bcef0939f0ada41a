package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/ent/admin"
	"imbridge/ent/database/dbtest"
	"imbridge/worker/broker"
)

const alicePassword = "Correct-Horse-9"

// loginServer serves the /auth routes of an Authenticator with one admin,
// "alice".
func loginServer(t *testing.T) (*Authenticator, *httptest.Server) {
	t.Helper()
	db := dbtest.Open(t)
	b := broker.OpenTest(t)
	a := New(db.Client, b, slog.New(slog.DiscardHandler), false)
	hash, err := HashPassword(alicePassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Client.Admin.Create().SetUsername("alice").SetPasswordHash(hash).SetRole(admin.RoleSuperAdmin).Exec(dbtest.Bootstrap()); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.Routes(mux)
	srv := httptest.NewServer(a.Middleware(mux))
	t.Cleanup(srv.Close)
	return a, srv
}

func postLogin(t *testing.T, srv *httptest.Server, username, password string) *http.Response {
	resp, err := http.Post(srv.URL+"/auth/login", "application/json", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)))
	if err != nil {
		t.Error(err)
		return nil
	}
	resp.Body.Close()
	return resp
}

// useGate makes g the process's hashing gate for the test.
func useGate(t *testing.T, g *hashGate) {
	old := hashes
	hashes = g
	t.Cleanup(func() { hashes = old })
}

// TestParallelWrongPasswordsAreCountedBeforeHashing: 40 parallel wrong
// passwords for one account. Each attempt is counted before its hash, so
// all but the budget's 5 are answered 429 while those 5 still hash, and the
// hashes run at most the gate's bound at once (an instrumented gate that
// holds each hash until the test lets it go, so no timing is involved).
func TestParallelWrongPasswordsAreCountedBeforeHashing(t *testing.T) {
	_, srv := loginServer(t)
	const bound, parallel = 2, 40
	gate := newHashGate(bound, time.Minute)
	var peak atomic.Int32
	entered := make(chan struct{}, parallel)
	release := make(chan struct{})
	var once sync.Once
	letGo := func() { once.Do(func() { close(release) }) }
	t.Cleanup(letGo) // before the server closes, which waits for held requests
	gate.observe = func(n int) {
		for p := peak.Load(); int32(n) > p && !peak.CompareAndSwap(p, int32(n)); p = peak.Load() {
		}
		entered <- struct{}{}
		<-release
	}
	useGate(t, gate)

	statuses := make(chan int, parallel)
	for i := range parallel {
		go func() {
			status := 0
			if resp := postLogin(t, srv, "alice", fmt.Sprintf("wrong-password-%d", i)); resp != nil {
				status = resp.StatusCode
			}
			statuses <- status
		}()
	}
	timeout := time.After(60 * time.Second)
	counts := map[int]int{}
	// While every hash is held, all attempts beyond the budget are answered.
	for range parallel - maxFailures {
		select {
		case s := <-statuses:
			counts[s]++
		case <-timeout:
			t.Fatalf("while hashes were held only %v were answered: attempts beyond the budget waited to hash", counts)
		}
	}
	if counts[http.StatusTooManyRequests] != parallel-maxFailures {
		t.Fatalf("answers before any hash finished: %v, want %d × 429", counts, parallel-maxFailures)
	}
	for range bound {
		select {
		case <-entered:
		case <-timeout:
			t.Fatal("the attempts within the budget never reached the hashing gate")
		}
	}
	letGo()
	for range maxFailures {
		select {
		case s := <-statuses:
			counts[s]++
		case <-timeout:
			t.Fatalf("the attempts within the budget were never answered: %v", counts)
		}
	}
	if counts[http.StatusUnauthorized] != maxFailures {
		t.Fatalf("answers: %v, want %d × 401 and %d × 429", counts, maxFailures, parallel-maxFailures)
	}
	if p := peak.Load(); p > bound {
		t.Fatalf("%d hashes ran at once, bound %d", p, bound)
	}
}

// TestLoginWhenHashingIsBusy: with every hashing slot taken for longer than
// a login waits, a login is answered 503 with Retry-After at once, and its
// attempt is not counted against the account.
func TestLoginWhenHashingIsBusy(t *testing.T) {
	a, srv := loginServer(t)
	gate := newHashGate(1, 10*time.Millisecond)
	entered := make(chan struct{}, 1)
	gate.observe = func(int) { entered <- struct{}{} }
	useGate(t, gate)
	release := make(chan struct{})
	held := make(chan error, 1)
	go func() { held <- gate.do(context.Background(), -1, func() { <-release }) }()
	<-entered

	resp := postLogin(t, srv, "alice", "wrong-password")
	if resp == nil {
		t.FailNow()
	}
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("busy login: %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	for _, k := range a.throttle.keys("alice", "127.0.0.1") {
		if n, err := a.throttle.b.Client.Get(context.Background(), k).Int(); !errors.Is(err, redis.Nil) {
			t.Fatalf("an attempt that was never checked was counted: %s = %d (%v)", k, n, err)
		}
	}
	close(release)
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if resp := postLogin(t, srv, "alice", alicePassword); resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("login once the slot is free: %v", resp)
	}
}

// TestThrottleCountsTheNormalisedUsername: login finds " Alice\t", "ALICE"
// and "alice" to be one account, so they spend one budget.
func TestThrottleCountsTheNormalisedUsername(t *testing.T) {
	_, srv := loginServer(t)
	for _, name := range []string{" Alice\t", "ALICE", "alice ", "\taLiCe", "alice"} {
		if resp := postLogin(t, srv, name, "wrong-password"); resp == nil || resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password as %q: %v, want 401", name, resp)
		}
	}
	if resp := postLogin(t, srv, "alice", alicePassword); resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after %d failures under spellings of one name: %v, want 429", maxFailures, resp)
	}
	if resp := postLogin(t, srv, "bob", "wrong-password"); resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("another name from the same address: %v, want 401", resp)
	}
}

// TestSuccessfulLoginClearsTheAccountsCount: failures below the budget are
// forgotten by a successful login (as before attempts were counted first).
func TestSuccessfulLoginClearsTheAccountsCount(t *testing.T) {
	_, srv := loginServer(t)
	for range maxFailures - 1 {
		postLogin(t, srv, "alice", "wrong-password")
	}
	if resp := postLogin(t, srv, "Alice", alicePassword); resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("login within the budget: %v", resp)
	}
	for range maxFailures - 1 {
		postLogin(t, srv, "alice", "wrong-password")
	}
	if resp := postLogin(t, srv, "alice", alicePassword); resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("login after the count was cleared: %v", resp)
	}
}
