package graph_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/ent/admin"
	"imbridge/ent/auditevent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/viewer"
	"imbridge/ent/webhookdelivery"
	"imbridge/graph/graphtest"
	"imbridge/worker/webhook"
)

const createWebhook = `mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { secret endpoint { id name url enabled eventTypes secretHint } } }`

type createdWebhook struct {
	CreateWebhookEndpoint struct {
		Secret   string
		Endpoint struct {
			ID, Name, URL, SecretHint string
			Enabled                   bool
			EventTypes                []string
		}
	}
}

// oaReceiver verifies signatures with the secret it is given and answers
// with code (200 by default).
type oaReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
	code   int
	events []string
	bad    int
}

func newOAReceiver(t *testing.T) *oaReceiver {
	rc := &oaReceiver{code: 200}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		defer rc.mu.Unlock()
		if err := webhook.Verify(rc.secret, r.Header.Get(webhook.HeaderSignature), r.Header.Get(webhook.HeaderTimestamp), body, time.Now(), webhook.DefaultTolerance); err != nil {
			rc.bad++
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"error":"invalid signature"}`))
			return
		}
		rc.events = append(rc.events, r.Header.Get(webhook.HeaderEvent)+" "+r.Header.Get(webhook.HeaderDelivery))
		w.WriteHeader(rc.code)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *oaReceiver) set(secret string, code int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.secret, rc.code = secret, code
}

// An endpoint's secret is generated, shown once, and never again: not in
// queries, the audit log or the logs.
func TestWebhookEndpointSecretShownOnce(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	var out createdWebhook
	adm.MustDo(createWebhook, map[string]any{"in": map[string]any{"name": "OA", "url": "http://127.0.0.1:9/hook", "eventTypes": []string{"user.*", "department.created", "user.*"}}}, &out)
	ep := out.CreateWebhookEndpoint.Endpoint
	secret := out.CreateWebhookEndpoint.Secret
	if !strings.HasPrefix(secret, webhook.SecretPrefix) || len(secret) < 40 || ep.SecretHint != "****"+secret[len(secret)-4:] {
		t.Fatalf("secret %q hint %q", secret, ep.SecretHint)
	}
	if !ep.Enabled || strings.Join(ep.EventTypes, ",") != "user.*,department.created" {
		t.Errorf("endpoint %+v", ep)
	}
	var rot struct {
		RotateWebhookSecret struct {
			Secret   string
			Endpoint struct{ PreviousSecretExpiresAt *time.Time }
		}
	}
	adm.MustDo(`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { previousSecretExpiresAt } } }`, map[string]any{"id": ep.ID}, &rot)
	if rot.RotateWebhookSecret.Secret == secret || rot.RotateWebhookSecret.Endpoint.PreviousSecretExpiresAt == nil {
		t.Fatalf("rotation: %+v", rot)
	}
	r := adm.Do(`query { webhookEndpoints { edges { node { id name url description enabled eventTypes secretHint previousSecretExpiresAt createdAt updatedAt } } }
		auditEvents(first: 100) { edges { node { action summary } } } }`, nil)
	for _, s := range []string{secret, rot.RotateWebhookSecret.Secret} {
		if strings.Contains(string(r.Data), s) || strings.Contains(env.Logs.String(), s) {
			t.Fatalf("a secret appears in a query or the logs")
		}
	}
	if !strings.Contains(string(r.Data), "rotateWebhookSecret") {
		t.Errorf("the rotation is not audited: %s", r.Data)
	}
}

// Bad input is refused with the field and the rule, and stores nothing.
func TestWebhookEndpointInput(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	cases := []struct {
		in    map[string]any
		field string
		rule  string
	}{
		{map[string]any{"name": "OA", "url": "ftp://oa.example/hook"}, "input.url", "https"},
		{map[string]any{"name": "OA", "url": "https://10.1.2.3/hook"}, "input.url", webhook.Setting},
		{map[string]any{"name": "OA", "url": "http://oa.example/hook"}, "input.url", webhook.Setting},
		{map[string]any{"name": "OA", "url": "https://oa.example/hook", "eventTypes": []string{"user.created", "user.renamed"}}, "input.eventTypes[1]", "not an event type"},
		{map[string]any{"name": "", "url": "https://oa.example/hook"}, "input.name", ""},
		{map[string]any{"name": strings.Repeat("名", 101), "url": "https://oa.example/hook"}, "input.name", ""},
	}
	for _, c := range cases {
		code, e := adm.ErrCode(createWebhook, map[string]any{"in": c.in})
		if code != "BAD_USER_INPUT" || e.Extensions["field"] != c.field || !strings.Contains(e.Message, c.rule) {
			t.Errorf("%v: %s %v %q, want BAD_USER_INPUT on %s about %q", c.in, code, e.Extensions["field"], e.Message, c.field, c.rule)
		}
	}
	if n := env.Client.WebhookEndpoint.Query().CountX(viewer.System(t.Context(), "test", tn.ID)); n != 0 {
		t.Fatalf("%d endpoints stored", n)
	}
	var out createdWebhook
	adm.MustDo(createWebhook, map[string]any{"in": map[string]any{"name": "OA", "url": "https://oa.example/hook"}}, &out)
	const update = `mutation($id: ID!, $in: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $in) { id url } }`
	if code, e := adm.ErrCode(update, map[string]any{"id": out.CreateWebhookEndpoint.Endpoint.ID, "in": map[string]any{"url": "https://192.168.1.1/x"}}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.url" {
		t.Errorf("update to a private URL: %s %v", code, e)
	}
	if code, e := adm.ErrCode(`mutation($id: ID!) { rotateWebhookSecret(id: $id, input: {keepPreviousHours: 169}) { secret } }`, map[string]any{"id": out.CreateWebhookEndpoint.Endpoint.ID}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.keepPreviousHours" {
		t.Errorf("rotation overlap: %s %v", code, e)
	}
}

// Only integration:write may manage endpoints; the console's operators and
// read tokens are refused.
func TestWebhookPermissions(t *testing.T) {
	env := graphtest.New(t)
	tn, _, _ := env.Tenant("acme")
	op := env.Admin("op", admin.RoleOperator, tn.ID)
	reader := env.Token(tn.ID, "reader", viewer.ScopeRead)
	integ := env.Token(tn.ID, "integ", viewer.ScopeIntegrationWrite)
	in := map[string]any{"in": map[string]any{"name": "OA", "url": "https://oa.example/hook"}}
	for _, c := range []*graphtest.Caller{op, reader} {
		if code, _ := c.ErrCode(createWebhook, in); code != "FORBIDDEN" {
			t.Errorf("%s: %s", c, code)
		}
	}
	var out createdWebhook
	integ.MustDo(`mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { secret endpoint { id } } }`, in, &out)
	if out.CreateWebhookEndpoint.Secret == "" {
		t.Fatal("no secret")
	}
	var types struct {
		WebhookEventTypes []struct{ Name, Description string }
	}
	reader.MustDo(`{ webhookEventTypes { name description } }`, nil, &types)
	if len(types.WebhookEventTypes) != len(webhook.Types) || types.WebhookEventTypes[0].Name != "ping" {
		t.Errorf("event types %+v", types)
	}
}

// A test event is signed and its outcome returned at once: ok, or the
// receiver's status and short message.
func TestSendWebhookTest(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	rc := newOAReceiver(t)
	var out createdWebhook
	adm.MustDo(createWebhook, map[string]any{"in": map[string]any{"name": "OA", "url": rc.URL + "/hook", "enabled": false}}, &out)
	const send = `mutation($id: ID!) { sendWebhookTest(id: $id) { eventID ok httpStatus error durationMs } }`
	type result struct {
		SendWebhookTest struct {
			EventID    string
			Ok         bool
			HTTPStatus *int
			Error      *string
		}
	}
	var res result
	rc.set("whsec_wrong", 200)
	adm.MustDo(send, map[string]any{"id": out.CreateWebhookEndpoint.Endpoint.ID}, &res)
	if res.SendWebhookTest.Ok || *res.SendWebhookTest.HTTPStatus != 401 || *res.SendWebhookTest.Error != "HTTP 401: the receiver refused the signature or the credentials" {
		t.Fatalf("with a receiver holding another secret: %+v", res.SendWebhookTest)
	}
	rc.set(out.CreateWebhookEndpoint.Secret, 200)
	adm.MustDo(send, map[string]any{"id": out.CreateWebhookEndpoint.Endpoint.ID}, &res)
	if !res.SendWebhookTest.Ok || *res.SendWebhookTest.HTTPStatus != 200 || res.SendWebhookTest.Error != nil || !strings.HasPrefix(res.SendWebhookTest.EventID, "ping_") {
		t.Fatalf("with the right secret: %+v", res.SendWebhookTest)
	}
	if rc.events[len(rc.events)-1] != "ping "+res.SendWebhookTest.EventID {
		t.Fatalf("receiver got %v", rc.events)
	}
}

// Events published by the engine reach the receiver through the worker;
// dead letters are listed, filtered and replayed through the API; deleting
// the endpoint deletes its deliveries.
func TestWebhookDeadLettersThroughTheAPI(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	rc := newOAReceiver(t)
	var out createdWebhook
	adm.MustDo(createWebhook, map[string]any{"in": map[string]any{"name": "OA", "url": rc.URL + "/hook", "eventTypes": []string{"user.*"}}}, &out)
	ep := out.CreateWebhookEndpoint.Endpoint
	rc.set(out.CreateWebhookEndpoint.Secret, http.StatusGone) // a 4xx: dead at once

	ctx := viewer.System(t.Context(), "sync", tn.ID)
	pub := &webhook.Publisher{DB: env.Client}
	for _, id := range []string{"run-1:c1", "run-1:c2"} {
		if err := pub.Publish(ctx, tn.ID, webhook.Event{ID: id, Type: webhook.TypeUserUpdated, Subject: "user:U1", Payload: webhook.UserData{ID: "U1", Name: "张三"}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := pub.Publish(ctx, tn.ID, webhook.Event{ID: "run-1:d1", Type: webhook.TypeDepartmentCreated, Payload: webhook.DepartmentData{ID: "D1"}}); err != nil {
		t.Fatal(err)
	}
	const list = `query($where: WebhookDeliveryWhereInput) { webhookDeliveries(where: $where, orderBy: [{field: SEQUENCE}]) { totalCount edges { node { id eventID type status attempts lastHTTPStatus lastError sequence endpoint { id } } } } }`
	type listed struct {
		WebhookDeliveries struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID, EventID, Status, LastError string
					Attempts, Sequence             int
					LastHTTPStatus                 *int
				}
			}
		}
	}
	dead := map[string]any{"where": map[string]any{"status": "dead", "endpointID": ep.ID}}
	graphtest.Eventually(t, 20*time.Second, func() bool {
		var l listed
		adm.MustDo(list, dead, &l)
		return l.WebhookDeliveries.TotalCount == 2
	}, "both user events dead")
	var l listed
	adm.MustDo(list, dead, &l)
	n := l.WebhookDeliveries.Edges[0].Node
	if n.EventID != "run-1:c1" || n.Sequence != 1 || *n.LastHTTPStatus != 410 || n.LastError != "HTTP 410: no receiver at this URL" || n.Attempts != 1 {
		t.Fatalf("dead letter %+v", n)
	}
	var all listed
	adm.MustDo(list, map[string]any{"where": map[string]any{"typeIn": []string{"user.updated", "department.created"}}}, &all)
	if all.WebhookDeliveries.TotalCount != 2 {
		t.Errorf("the department event was queued for an endpoint that receives user.* only: %d", all.WebhookDeliveries.TotalCount)
	}
	audited, _ := env.Client.AuditEvent.Query().Where(auditevent.Action("job.webhook_dead")).Count(dbtest.Bootstrap())
	if audited != 2 {
		t.Errorf("%d dead letters audited, want 2", audited)
	}

	// A replay of one, then of the rest, once the receiver is fixed.
	rc.set(out.CreateWebhookEndpoint.Secret, http.StatusOK)
	var one struct{ ReplayWebhookDelivery struct{ Status string } }
	adm.MustDo(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, map[string]any{"id": n.ID}, &one)
	if one.ReplayWebhookDelivery.Status != "pending" {
		t.Fatalf("replayed: %+v", one)
	}
	var rest struct{ ReplayDeadWebhookDeliveries struct{ Count int } }
	adm.MustDo(`mutation($id: ID!) { replayDeadWebhookDeliveries(endpointID: $id) { count } }`, map[string]any{"id": ep.ID}, &rest)
	if rest.ReplayDeadWebhookDeliveries.Count != 1 {
		t.Fatalf("replayed %d, want the other one", rest.ReplayDeadWebhookDeliveries.Count)
	}
	graphtest.Eventually(t, 20*time.Second, func() bool {
		var d listed
		adm.MustDo(list, map[string]any{"where": map[string]any{"status": "delivered"}}, &d)
		return d.WebhookDeliveries.TotalCount == 2
	}, "both delivered after the replay")
	if code, _ := adm.ErrCode(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { status } }`, map[string]any{"id": n.ID}); code != "CONFLICT" {
		t.Errorf("replaying a delivered event: %s", code)
	}
	rc.mu.Lock()
	got := strings.Join(rc.events, ",")
	rc.mu.Unlock()
	if !strings.HasSuffix(got, "user.updated run-1:c1,user.updated run-1:c2") {
		t.Errorf("receiver got %s", got)
	}

	adm.MustDo(`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedID } }`, map[string]any{"id": ep.ID}, nil)
	if left := env.Client.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(atoi(t, ep.ID))).CountX(ctx); left != 0 {
		t.Errorf("%d deliveries outlived their endpoint", left)
	}
}
