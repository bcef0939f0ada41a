package feishu_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

var appSeq atomic.Int64

// env is a simulator behind httptest, a broker, and a Client for one app.
// App ids are unique per test: tokens are cached per app id.
type env struct {
	t      *testing.T
	sim    *feishusim.Server
	srv    *httptest.Server
	b      *broker.Broker
	appID  string
	secret string
	client *feishu.Client
}

// unlimited lifts the client-side limits of the contact reads, for tests
// that are not about pacing.
var unlimited = map[string][]ratelimit.Limit{
	feishu.APIChildren: {}, feishu.APIFindByDepartment: {}, feishu.APIGetDepartment: {},
	feishu.APIBatchGetID: {}, feishu.APITenantToken: {}, feishu.APIPatchDepartment: {},
	feishu.APICreateMessage: {},
}

func newEnv(t *testing.T, cfg feishusim.Config, mod func(*feishu.Params)) *env {
	t.Helper()
	appID := fmt.Sprintf("cli_imb%d_%04d", time.Now().UnixNano()%1e6, appSeq.Add(1))
	secret := "secret-" + appID
	cfg.Apps = append(cfg.Apps, feishusim.App{ID: appID, Secret: secret})
	sim := feishusim.New(cfg)
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	e := &env{t: t, sim: sim, srv: srv, b: broker.OpenTest(t), appID: appID, secret: secret}
	e.client = e.newClient(mod)
	return e
}

// newClient is another Client for the env's app: another process, say.
func (e *env) newClient(mod func(*feishu.Params)) *feishu.Client {
	e.t.Helper()
	p := feishu.Params{AppID: e.appID, AppSecret: e.secret, BaseURL: e.srv.URL, Broker: e.b, Egress: simEgress,
		Limits: unlimited, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Retry: feishu.Retry{Backoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}}
	if mod != nil {
		mod(&p)
	}
	c, err := feishu.New(p)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func testCtx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

// walked is a directory read through platform.Directory.
type walked struct {
	depts map[string]platform.DirDepartment
	users map[string]platform.DirUser // by user id, memberships merged
	seen  map[string][]string         // user id -> departments it was listed in
}

// walk reads the whole tree from the root, 8 departments at a time, as a
// sync engine would.
func walk(ctx context.Context, t *testing.T, d platform.Directory) walked {
	t.Helper()
	w := walked{depts: map[string]platform.DirDepartment{}, users: map[string]platform.DirUser{}, seen: map[string][]string{}}
	var mu sync.Mutex
	var errOnce sync.Once
	var firstErr error
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	var visit func(id string)
	visit = func(id string) {
		defer wg.Done()
		sem <- struct{}{}
		var kids []string
		err := d.DepartmentUsers(ctx, id, func(us []platform.DirUser) error {
			mu.Lock()
			defer mu.Unlock()
			for _, u := range us {
				w.users[u.ID] = u
				w.seen[u.ID] = append(w.seen[u.ID], id)
			}
			return nil
		})
		if err == nil {
			err = d.ChildDepartments(ctx, id, func(ds []platform.DirDepartment) error {
				mu.Lock()
				defer mu.Unlock()
				for _, c := range ds {
					if _, dup := w.depts[c.ID]; dup {
						return fmt.Errorf("department %s listed twice", c.ID)
					}
					w.depts[c.ID] = c
					kids = append(kids, c.ID)
				}
				return nil
			})
		}
		<-sem
		if err != nil {
			errOnce.Do(func() { firstErr = err })
			return
		}
		for _, k := range kids {
			wg.Add(1)
			go visit(k)
		}
	}
	wg.Add(1)
	visit(platform.RootDepartmentID)
	wg.Wait()
	if firstErr != nil {
		t.Fatalf("walking the directory: %v", firstErr)
	}
	return w
}

// checkMatches compares a walk with the simulator's snapshot: every
// department with its parent, name, order and open id; every current user
// with ids, fields, memberships, primary department and status.
func checkMatches(t *testing.T, sim *feishusim.Server, appID string, w walked) {
	t.Helper()
	snap := sim.Org().Snapshot()
	if len(w.depts) != len(snap.Departments) {
		t.Fatalf("walked %d departments, simulator has %d", len(w.depts), len(snap.Departments))
	}
	for _, sd := range snap.Departments {
		d, ok := w.depts[sd.DepartmentID]
		want := platform.DirDepartment{ID: sd.DepartmentID, OpenID: sd.OpenDepartmentID,
			ParentID: sd.ParentID, Name: sd.Name, Order: sd.Order}
		if !ok || d != want {
			t.Fatalf("department %s: got %+v, want %+v", sd.DepartmentID, d, want)
		}
	}
	current := 0
	for _, su := range snap.Users {
		u, ok := w.users[su.UserID]
		if su.Resigned {
			if ok {
				t.Fatalf("resigned user %s listed", su.UserID)
			}
			continue
		}
		current++
		if !ok {
			t.Fatalf("user %s (%s) missing", su.UserID, su.Name)
		}
		status := platform.UserActive
		if su.Frozen {
			status = platform.UserDisabled
		}
		if u.OpenID != sim.Org().OpenID(appID, su.UserID) || u.UnionID != su.UnionID || u.Name != su.Name ||
			u.EnName != su.EnName || u.Mobile != su.Mobile || u.Email != su.Email ||
			u.EmployeeNo != su.EmployeeNo || u.Title != su.JobTitle || u.Status != status ||
			u.PrimaryDepartmentID != su.DepartmentIDs[0] || fmt.Sprint(u.DepartmentIDs) != fmt.Sprint(su.DepartmentIDs) {
			t.Fatalf("user %s:\n got %+v\nwant %+v (status %s)", su.UserID, u, su, status)
		}
		seen := append([]string(nil), w.seen[su.UserID]...)
		want := append([]string(nil), su.DepartmentIDs...)
		sort.Strings(seen)
		sort.Strings(want)
		if fmt.Sprint(seen) != fmt.Sprint(want) {
			t.Fatalf("user %s listed in %v, member of %v", su.UserID, seen, want)
		}
	}
	if len(w.users) != current {
		t.Fatalf("walked %d users, simulator has %d current ones", len(w.users), current)
	}
}

// checkNoRepeatedPages fails when any list page was requested twice with
// the same query after a success: pagination must move forward.
func checkNoRepeatedPages(t *testing.T, sim *feishusim.Server) {
	t.Helper()
	ok := map[string]bool{}
	for _, r := range sim.Requests() {
		if r.Method != "GET" || r.Status != 200 {
			continue
		}
		k := r.Path + "?" + r.Query
		if ok[k] {
			t.Fatalf("page requested twice: %s", k)
		}
		ok[k] = true
	}
}

func bigOrg() *feishusim.Org {
	return feishusim.Generate(feishusim.GenOptions{Users: 2000, Departments: 200, Depth: 4, FanOut: 6,
		PartTimeRatio: 0.1, ResignedRatio: 0.03, Seed: 7})
}
