package graph_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"imbridge/ent/admin"
	"imbridge/graph/graphtest"
)

// A super admin's pick of a tenant that names none is refused, on HTTP and
// on a WebSocket, with the header named: without a pick a super admin acts
// across all tenants, so a mistyped or stale id must not quietly become
// that. An operator's header is still ignored (pinned to its own tenant).
func TestAPickOfNoTenantIsRefusedNotWidened(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	root := env.Admin("root", admin.RoleSuperAdmin, 0)

	for _, pick := range []string{"acme", "0", "-4", "99999999", "1x"} {
		c := *root
		c.Tenant = pick
		r := c.Do(`{ corps { totalCount } }`, nil)
		if r.Data != nil && string(r.Data) != "null" {
			t.Errorf("pick %q answered: %s", pick, r.Data)
		}
		if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "X-Imbridge-Tenant" ||
			!strings.Contains(r.Errors[0].Message, strconv.Quote(pick)) {
			t.Errorf("pick %q: want BAD_USER_INPUT naming X-Imbridge-Tenant and the value, got %+v", pick, r.Errors)
		}
		if s, err := c.Subscribe(`subscription { syncRunProgress(id: "1") { id } }`, nil); err == nil {
			s.Close()
			t.Errorf("pick %q: WebSocket accepted", pick)
		} else if !strings.Contains(err.Error(), "4400") {
			t.Errorf("pick %q: WebSocket closed with %v, want 4400", pick, err)
		}
	}

	// A real pick works; deleting the tenant turns the same pick into the refusal.
	c := *root
	c.Tenant = strconv.Itoa(tn.ID)
	c.MustDo(`{ corps { totalCount } }`, nil, nil)
	var made struct{ CreateTenant struct{ ID string } }
	root.MustDo(`mutation { createTenant(input: {name: "Globex", slug: "globex"}) { id } }`, nil, &made)
	c.Tenant = made.CreateTenant.ID
	c.MustDo(`{ corps { totalCount } }`, nil, nil)
	root.MustDo(`mutation($id: ID!) { deleteTenant(id: $id) { deletedID } }`, map[string]any{"id": made.CreateTenant.ID}, nil)
	if code, _ := c.ErrCode(`{ corps { totalCount } }`, nil); code != "BAD_USER_INPUT" {
		t.Errorf("pick of a deleted tenant: %s, want BAD_USER_INPUT", code)
	}

	// An operator's header is not a pick: it stays in its own tenant.
	op := *adm
	op.Tenant = "not-a-tenant"
	op.MustDo(`{ corps { totalCount } }`, nil, nil)
}

// A pick malformed by its form is refused too: the header sent empty or
// twice (which tenant is meant cannot be told), and a WebSocket `tenant`
// that is no string (a number, a list, an object, true) or is empty.
func TestAMalformedPickIsRefusedOnEitherTransport(t *testing.T) {
	env := graphtest.New(t)
	tn, _, _ := env.Tenant("acme")
	env.Tenant("globex")
	root := env.Admin("root", admin.RoleSuperAdmin, 0)
	id := strconv.Itoa(tn.ID)

	for name, values := range map[string][]string{"empty": {""}, "twice": {id, id}, "two tenants": {id, "1"}} {
		req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/query", strings.NewReader(`{"query":"{ corps { totalCount } }"}`))
		req.Header.Set("Content-Type", "application/json")
		root.AuthorizeForTest(req.Header)
		for _, v := range values {
			req.Header.Add("X-Imbridge-Tenant", v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), `"field":"X-Imbridge-Tenant"`) {
			t.Errorf("header %s: %d %s", name, resp.StatusCode, body)
		}
	}

	for name, tenant := range map[string]any{"number": tn.ID, "list": []string{id}, "object": map[string]any{"id": id}, "true": true, "empty": ""} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		h := http.Header{}
		root.AuthorizeForTest(h)
		conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(env.Server.URL, "http")+"/query",
			&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
		if err != nil {
			t.Fatal(err)
		}
		payload, _ := json.Marshal(map[string]any{"type": "connection_init", "payload": map[string]any{"tenant": tenant}})
		if err := conn.Write(ctx, websocket.MessageText, payload); err != nil {
			t.Fatal(err)
		}
		_, msg, err := conn.Read(ctx)
		if websocket.CloseStatus(err) != 4400 {
			t.Errorf("tenant %s: read %s, %v; want a close with 4400", name, msg, err)
		}
		conn.CloseNow()
		cancel()
	}
}
