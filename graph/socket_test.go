package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"imbridge/ent/admin"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/graph"
	"imbridge/graph/graphtest"
)

// liveSockets are WebSockets a principal opened before its credentials
// ended: one running a subscription, two idle ones on which a query and a
// mutation are sent afterwards.
type liveSockets struct {
	sub, query, mutation *graphtest.Subscription
}

// openLive opens the sockets and checks that each works (the positive
// control). With run 0 the third socket is idle instead of subscribed.
func openLive(t *testing.T, c *graphtest.Caller, run int) liveSockets {
	t.Helper()
	var l liveSockets
	var err error
	if run != 0 {
		if l.sub, err = c.Subscribe(runProgress, map[string]any{"id": run}); err != nil {
			t.Fatalf("subscribing: %v", err)
		}
		if r, _, err := l.sub.Next(); err != nil || nullData(r.Data) {
			t.Fatalf("subscription before the event: %+v %v", r, err)
		}
	} else if l.sub, err = c.Connect(); err != nil {
		t.Fatalf("connecting: %v", err)
	}
	for _, s := range []**graphtest.Subscription{&l.query, &l.mutation} {
		if *s, err = c.Connect(); err != nil {
			t.Fatalf("connecting: %v", err)
		}
		if r, err := (*s).Do(`{ viewer { name } }`, nil); err != nil || len(r.Errors) > 0 || nullData(r.Data) {
			t.Fatalf("query before the event: %+v %v", r, err)
		}
	}
	t.Cleanup(func() { l.sub.Close(); l.query.Close(); l.mutation.Close() })
	return l
}

// refusedOnOldSocket sends an operation on an old socket and requires that it yields
// no data, only the refusal's code, and that the socket closes with want.
func refusedOnOldSocket(t *testing.T, s *graphtest.Subscription, what, query string, vars map[string]any, want int) {
	t.Helper()
	if err := s.Start(query, vars); err != nil {
		t.Logf("%s: the socket was already closed: %v", what, err)
	}
	code, results := s.Ended()
	for _, r := range results {
		if !nullData(r.Data) {
			t.Fatalf("%s on the old socket returned data: %s", what, r.Data)
		}
		for _, e := range r.Errors {
			if c := e.Code(); c != "UNAUTHENTICATED" && c != "FORBIDDEN" {
				t.Fatalf("%s on the old socket: error %s (%s), want UNAUTHENTICATED or FORBIDDEN", what, c, e.Message)
			}
		}
	}
	if code != want {
		t.Fatalf("%s: the old socket closed with %d, want %d", what, code, want)
	}
}

// queuedRun is a run that no worker takes, so a subscription to it runs
// until it is ended.
func queuedRun(t *testing.T, env *graphtest.Env, tenantID int) int {
	t.Helper()
	return env.Client.SyncRun.Create().SetKind(syncrun.KindOaImport).SetStatus(syncrun.StatusQueued).
		SaveX(viewer.System(dbtest.Bootstrap(), "test", tenantID)).ID
}

const (
	createTokenMutation = `mutation { createAPIToken(input: {name: "from an old socket", scopes: ["read", "integration:write"]}) { secret } }`
	importOneDepartment = `mutation { importDirectory(input: {departments: [{externalID: "OLD", name: "from an old socket"}], users: []}) { run { id } } }`
	updateAdminMutation = `mutation($id: ID!, $in: UpdateAdminInput!) { updateAdmin(id: $id, input: $in) { id } }`
)

// TestOldSocketsEndWithTheirCredentials: for each way credentials end, a
// query and a mutation sent afterwards on a socket opened before are refused
// and the socket closes with 4401, and a subscription that was running ends
// with the same close code. The periodic check is off: the announcement of
// the change closes running subscriptions on its own, and the check of each
// operation refuses it on its own (the clock is moved past how long a check
// is trusted). Among them the reproduction: a deleted tenant admin's old
// socket must not mint an API token.
func TestOldSocketsEndWithTheirCredentials(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true, SocketCheckEvery: -1})
	tn, boss, _ := env.Tenant("acme")
	run := queuedRun(t, env, tn.ID)
	n := 0
	// newAdmin creates a tenant admin of acme and returns its session and id.
	newAdmin := func() (*graphtest.Caller, string, string) {
		n++
		name := fmt.Sprintf("old-%d", n)
		c := env.Admin(name, admin.RoleTenantAdmin, tn.ID)
		return c, adminID(t, boss, name), name
	}
	// newToken creates an API token through the API and returns its caller and id.
	newToken := func(expiresAt *time.Time) (*graphtest.Caller, string) {
		in := map[string]any{"name": "old-token", "scopes": []string{"read", "directory:write"}}
		if expiresAt != nil {
			in["expiresAt"] = expiresAt.Format(time.RFC3339)
		}
		var r struct {
			CreateAPIToken struct {
				Secret   string
				APIToken struct{ ID string }
			}
		}
		boss.MustDo(`mutation($in: CreateAPITokenInput!) { createAPIToken(input: $in) { secret apiToken { id } } }`, map[string]any{"in": in}, &r)
		return env.Bearer(r.CreateAPIToken.Secret), r.CreateAPIToken.APIToken.ID
	}

	for _, tc := range []struct {
		name string
		// setup returns the principal whose old sockets are tested, the event
		// that ends its credentials, and a check run after it.
		setup func(t *testing.T) (c *graphtest.Caller, event, after func())
		// mutation is sent on the old socket; it would succeed before the event.
		mutation string
		// announced events close running subscriptions by themselves; the
		// others (expiry) at the next periodic check, called here by hand.
		announced bool
	}{
		{"logout", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			c, _, _ := newAdmin()
			return c, func() { logout(t, env, c) }, nil
		}, createTokenMutation, true},
		{"own password changed in another session", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			c, id, name := newAdmin()
			current := env.Login(name, "Correct-Horse-9")
			kept := openLive(t, current, 0)
			return c, func() {
					current.MustDo(updateAdminMutation, map[string]any{"id": id, "in": map[string]any{"password": "Another-Horse-10"}}, nil)
				}, func() {
					// The session that changed the password stays, sockets included.
					current.MustDo(`{ corps { totalCount } }`, nil, nil)
					if r, err := kept.query.Do(`{ corps { totalCount } }`, nil); err != nil || len(r.Errors) > 0 || nullData(r.Data) {
						t.Fatalf("the current session's socket was refused: %+v %v", r, err)
					}
					if code, _ := c.ErrCode(`{ corps { totalCount } }`, nil); code != "UNAUTHENTICATED" {
						t.Fatalf("the other session still works over HTTP: %s", code)
					}
				}
		}, createTokenMutation, true},
		{"password reset by another admin", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			c, id, _ := newAdmin()
			return c, func() {
				boss.MustDo(updateAdminMutation, map[string]any{"id": id, "in": map[string]any{"password": "Another-Horse-10"}}, nil)
			}, nil
		}, createTokenMutation, true},
		{"admin disabled", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			c, id, _ := newAdmin()
			return c, func() {
				boss.MustDo(updateAdminMutation, map[string]any{"id": id, "in": map[string]any{"disabled": true}}, nil)
			}, nil
		}, createTokenMutation, true},
		{"admin deleted", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			c, id, _ := newAdmin()
			return c, func() {
				boss.MustDo(`mutation($id: ID!) { deleteAdmin(id: $id) { deletedID } }`, map[string]any{"id": id}, nil)
			}, nil
		}, createTokenMutation, true},
		{"role changed", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			c, id, _ := newAdmin()
			return c, func() {
				boss.MustDo(updateAdminMutation, map[string]any{"id": id, "in": map[string]any{"role": "viewer"}}, nil)
			}, nil
		}, createTokenMutation, true},
		{"token revoked", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			c, id := newToken(nil)
			return c, func() {
				boss.MustDo(`mutation($id: ID!) { deleteAPIToken(id: $id) { deletedID } }`, map[string]any{"id": id}, nil)
			}, nil
		}, importOneDepartment, true},
		{"token expired", func(t *testing.T) (*graphtest.Caller, func(), func()) {
			at := env.Clock.Now().Add(time.Hour)
			c, _ := newToken(&at)
			return c, func() { env.Clock.Advance(2 * time.Hour) }, nil
		}, importOneDepartment, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, event, after := tc.setup(t)
			live := openLive(t, c, run)
			event()
			env.Clock.Advance(time.Minute) // past how long a check is trusted
			refusedOnOldSocket(t, live.query, "a query", `{ corps { totalCount } }`, nil, graph.CloseUnauthorized)
			refusedOnOldSocket(t, live.mutation, "a mutation", tc.mutation, nil, graph.CloseUnauthorized)
			if !tc.announced {
				env.Resolver.Sockets.CheckAll(context.Background())
			}
			if code, results := live.sub.Ended(); code != graph.CloseUnauthorized {
				t.Fatalf("the running subscription closed with %d (after %d results), want %d", code, len(results), graph.CloseUnauthorized)
			}
			if after != nil {
				after()
			}
		})
	}
}

// TestSocketRefusesOperationsWithoutAnnouncement: credentials that end
// without any announcement (changed by hand, or announced by a process whose
// message was lost) are still refused by the next operation once the last
// check is older than it is trusted for, and the periodic check ends the
// running subscription.
func TestSocketRefusesOperationsWithoutAnnouncement(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true, SocketCheckEvery: -1})
	tn, boss, _ := env.Tenant("acme")
	run := queuedRun(t, env, tn.ID)
	op := env.Admin("op", admin.RoleTenantAdmin, tn.ID)
	id, err := strconv.Atoi(adminID(t, boss, "op"))
	if err != nil {
		t.Fatal(err)
	}
	live := openLive(t, op, run)
	if err := env.Client.Admin.UpdateOneID(id).SetDisabled(true).Exec(dbtest.Bootstrap()); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Minute)
	// The refusal is sent before the close, so the client reads why.
	if err := live.query.Start(`{ corps { totalCount } }`, nil); err != nil {
		t.Fatal(err)
	}
	code, results := live.query.Ended()
	if len(results) == 0 || len(results[0].Errors) == 0 || results[0].Errors[0].Code() != "UNAUTHENTICATED" || !nullData(results[0].Data) {
		t.Fatalf("the query was not refused with UNAUTHENTICATED: %+v", results)
	}
	if code != graph.CloseUnauthorized {
		t.Fatalf("closed with %d, want %d", code, graph.CloseUnauthorized)
	}
	refusedOnOldSocket(t, live.mutation, "a mutation", createTokenMutation, nil, graph.CloseUnauthorized)
	env.Resolver.Sockets.CheckAll(context.Background())
	if code, _ := live.sub.Ended(); code != graph.CloseUnauthorized {
		t.Fatalf("the running subscription closed with %d, want %d", code, graph.CloseUnauthorized)
	}
}

// TestPeriodicSocketCheck: with nothing announced and no operation sent, the
// periodic check alone ends a subscription whose token was deleted.
func TestPeriodicSocketCheck(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true, SocketCheckEvery: 20 * time.Millisecond})
	tn, _, _ := env.Tenant("acme")
	run := queuedRun(t, env, tn.ID)
	tok := env.Token(tn.ID, "watcher", viewer.ScopeRead)
	sub, err := tok.Subscribe(runProgress, map[string]any{"id": run})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	if r, _, err := sub.Next(); err != nil || nullData(r.Data) {
		t.Fatalf("subscription: %+v %v", r, err)
	}
	if _, err := env.Client.APIToken.Delete().Exec(dbtest.Bootstrap()); err != nil {
		t.Fatal(err)
	}
	if code, _ := sub.Ended(); code != graph.CloseUnauthorized {
		t.Fatalf("closed with %d, want %d", code, graph.CloseUnauthorized)
	}
}

// TestSocketOfDeletedTenantIsForbidden: a super admin's socket acting in a
// tenant that is then deleted no longer has the access it was opened with:
// refused and closed with 4403 (the session itself still works).
func TestSocketOfDeletedTenantIsForbidden(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true, SocketCheckEvery: -1})
	empty, _ := dbtest.Tenant(t, env.Client, "empty")
	root := env.Admin("root", admin.RoleSuperAdmin, 0)
	inEmpty := *root
	inEmpty.Tenant = strconv.Itoa(empty.ID)
	live := openLive(t, &inEmpty, 0)
	root.MustDo(`mutation($id: ID!) { deleteTenant(id: $id) { deletedID } }`, map[string]any{"id": empty.ID}, nil)
	env.Clock.Advance(time.Minute)
	refusedOnOldSocket(t, live.query, "a query", `{ corps { totalCount } }`, nil, graph.CloseForbidden)
	refusedOnOldSocket(t, live.mutation, "a mutation", createTokenMutation, nil, graph.CloseForbidden)
	env.Resolver.Sockets.CheckAll(context.Background())
	if code, _ := live.sub.Ended(); code != graph.CloseForbidden {
		t.Fatalf("the idle socket closed with %d, want %d", code, graph.CloseForbidden)
	}
	root.MustDo(`{ tenants { totalCount } }`, nil, nil)
}

func adminID(t *testing.T, c *graphtest.Caller, username string) string {
	t.Helper()
	var list struct {
		Admins struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	c.MustDo(`query($u: String!) { admins(where: {username: $u}) { edges { node { id } } } }`, map[string]any{"u": username}, &list)
	if len(list.Admins.Edges) != 1 {
		t.Fatalf("admin %s: %+v", username, list)
	}
	return list.Admins.Edges[0].Node.ID
}

func logout(t *testing.T, env *graphtest.Env, c *graphtest.Caller) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/auth/logout", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	c.AuthorizeForTest(req.Header)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
}

// TestSocketsOnAnotherAPIProcessEnd: credentials ended through one API
// process close the sockets another process holds (nothing is shared in
// memory: the announcement goes through Redis, the state is in Redis and the
// database). The periodic check is off, so only the announcement can do it.
func TestSocketsOnAnotherAPIProcessEnd(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true, SocketCheckEvery: -1})
	other := env.AnotherAPI()
	tn, boss, _ := env.Tenant("acme")
	run := queuedRun(t, env, tn.ID)
	deleted := env.Admin("deleted", admin.RoleOperator, tn.ID)
	loggedOut := env.Admin("logged-out", admin.RoleOperator, tn.ID)
	var tok struct {
		CreateAPIToken struct {
			Secret   string
			APIToken struct{ ID string }
		}
	}
	boss.MustDo(`mutation { createAPIToken(input: {name: "revoked", scopes: ["read"]}) { secret apiToken { id } } }`, nil, &tok)
	revoked := env.Bearer(tok.CreateAPIToken.Secret)

	subs := map[string]*graphtest.Subscription{}
	for name, c := range map[string]*graphtest.Caller{"deleted admin": deleted, "logged out admin": loggedOut, "revoked token": revoked} {
		s, err := c.On(other).Subscribe(runProgress, map[string]any{"id": run})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defer s.Close()
		if r, _, err := s.Next(); err != nil || nullData(r.Data) {
			t.Fatalf("%s: subscription: %+v %v", name, r, err)
		}
		subs[name] = s
	}
	boss.MustDo(`mutation($id: ID!) { deleteAdmin(id: $id) { deletedID } }`, map[string]any{"id": adminID(t, boss, "deleted")}, nil)
	logout(t, env, loggedOut)
	boss.MustDo(`mutation($id: ID!) { deleteAPIToken(id: $id) { deletedID } }`, map[string]any{"id": tok.CreateAPIToken.APIToken.ID}, nil)
	for name, s := range subs {
		if code, _ := s.Ended(); code != graph.CloseUnauthorized {
			t.Errorf("%s: the other process's socket closed with %d, want %d", name, code, graph.CloseUnauthorized)
		}
	}
}
