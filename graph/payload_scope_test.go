package graph_test

import (
	"strings"
	"testing"

	"imbridge/ent/auditevent"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

// failedAudits are the refused attempts recorded for action by actor.
func failedAudits(t *testing.T, env *graphtest.Env, action, actor string) []string {
	t.Helper()
	evs, err := env.Client.AuditEvent.Query().
		Where(auditevent.Action(action), auditevent.ActorName(actor), auditevent.Success(false)).
		All(dbtest.Bootstrap())
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Summary
	}
	return out
}

// TestMutationPayloadsNeedReadForEdges: a token may read through a
// mutation's result only what its scopes let it read through queries. The
// changed object's own fields are its writer's; every edge to another
// object needs the read permission. A refused read fails the mutation (it is
// rolled back) and is audited as a refused attempt.
func TestMutationPayloadsNeedReadForEdges(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	adm.MustDo(importMutation, map[string]any{"in": smallDirectory()}, nil)
	var c struct {
		CreateCorp struct {
			ID int `json:",string"`
		}
	}
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "飞书"}}, &c)
	sys := viewer.System(dbtest.Bootstrap(), "test", tn.ID)
	im, err := env.Client.User.Create().SetCorpID(c.CreateCorp.ID).SetExternalID("ou_1").SetName("王五").SetMobile("+8613900000009").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	var oa struct {
		Users struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	adm.MustDo(`{ users(where: {oaSide: true, externalID: "U1"}) { edges { node { id } } } }`, nil, &oa)
	bindVars := map[string]any{"in": map[string]any{"oaUserID": oa.Users.Edges[0].Node.ID, "imUserID": im.ID}}

	writer := env.Token(tn.ID, "writer", viewer.ScopeDirectoryWrite)
	integrator := env.Token(tn.ID, "integrator", viewer.ScopeIntegrationWrite)
	reader := env.Token(tn.ID, "reader-writer", viewer.ScopeRead, viewer.ScopeDirectoryWrite)

	refused := []struct {
		who   *graphtest.Caller
		query string
		vars  map[string]any
	}{
		// The reproduction: names, mobiles and e-mails through bindUsers.
		{writer, `mutation($in: BindUsersInput!) { bindUsers(input: $in) { id oaUser { name mobile email memberships { department { name } user { name } } } } }`, bindVars},
		{writer, `mutation($in: BindUsersInput!) { bindUsers(input: $in) { id imUser { name mobile } } }`, bindVars},
		{writer, `mutation($in: BindUsersInput!) { bindUsers(input: $in) { id corp { name apps { edges { node { name } } } } } }`, bindVars},
		{writer, `mutation($in: ImportDirectoryInput!) { importDirectory(input: $in) { run { id corp { name } } } }`, map[string]any{"in": smallDirectory()}},
		{integrator, `mutation($in: CreateCorpInput!) { createCorp(input: $in) { id tenant { name slug } } }`, map[string]any{"in": map[string]any{"platform": "feishu", "name": "另一个"}}},
		{integrator, `mutation($id: ID!) { updateCorp(id: $id, input: {name: "改名"}) { id apps(first: 5) { edges { node { name appID } } } } }`, map[string]any{"id": c.CreateCorp.ID}},
	}
	for _, r := range refused {
		resp := r.who.Do(r.query, r.vars)
		if len(resp.Errors) == 0 || resp.Errors[0].Code() != "FORBIDDEN" || !strings.Contains(resp.Errors[0].Message, "read permission") {
			t.Errorf("%s: %s: %s %+v, want FORBIDDEN", r.who, firstLine(r.query), resp.Data, resp.Errors)
		}
		for _, leak := range []string{"张三", "13800000001", "zhang@example.com", "王五", "13900000009", "acme", "总部"} {
			if strings.Contains(string(resp.Data), leak) {
				t.Errorf("%s: %s returned %q: %s", r.who, firstLine(r.query), leak, resp.Data)
			}
		}
	}
	// Refused mutations changed nothing.
	var counts struct {
		Bindings, Corps struct{ TotalCount int }
	}
	adm.MustDo(`{ bindings { totalCount } corps { totalCount } }`, nil, &counts)
	if counts.Bindings.TotalCount != 0 || counts.Corps.TotalCount != 1 {
		t.Fatalf("refused mutations were applied: %+v", counts)
	}
	var corp struct{ Node struct{ Name string } }
	adm.MustDo(`query($id: ID!) { node(id: $id) { ... on Corp { name } } }`, map[string]any{"id": c.CreateCorp.ID}, &corp)
	if corp.Node.Name != "飞书" {
		t.Fatalf("refused updateCorp renamed the corp to %q", corp.Node.Name)
	}
	// ...and were audited as refused.
	for _, a := range []struct{ action, actor string }{{"bindUsers", "writer"}, {"importDirectory", "writer"}, {"createCorp", "integrator"}, {"updateCorp", "integrator"}} {
		if got := failedAudits(t, env, a.action, a.actor); len(got) == 0 || !strings.Contains(got[0], "FORBIDDEN") {
			t.Errorf("%s by %s: refused attempts recorded %q", a.action, a.actor, got)
		}
	}

	// The changed object's own fields, and non-entity payload parts, are the writer's.
	var run importResult
	writer.MustDo(importMutation, map[string]any{"in": smallDirectory()}, &run)
	if run.ImportDirectory.Run.Status != "succeeded" {
		t.Fatalf("import by a write-only token: %+v", run)
	}
	integrator.MustDo(`mutation($id: ID!) { updateCorp(id: $id, input: {name: "飞书二"}) { id name platform } }`, map[string]any{"id": c.CreateCorp.ID}, nil)
	var b struct{ BindUsers struct{ ID string } }
	writer.MustDo(`mutation($in: BindUsersInput!) { bindUsers(input: $in) { id method oaUserID imUserID createdAt } }`, bindVars, &b)
	writer.MustDo(`mutation($id: ID!) { unbind(id: $id) { deletedID } }`, map[string]any{"id": b.BindUsers.ID}, nil)
	// With read, edges are readable as through a query.
	reader.MustDo(`mutation($in: BindUsersInput!) { bindUsers(input: $in) { id oaUser { name mobile memberships { department { name } } } } }`, bindVars, nil)
}

// TestRefusedMutationsAreAudited: FORBIDDEN, another tenant's id
// (NOT_FOUND) and no credentials are recorded as failed audit events in the
// actor's tenant, once per actor, action and code however often repeated.
func TestRefusedMutationsAreAudited(t *testing.T) {
	env := graphtest.New(t)
	a, admA, _ := env.Tenant("a")
	_, admB, _ := env.Tenant("b")
	var c struct {
		CreateCorp struct{ ID string }
	}
	admB.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "B 的飞书"}}, &c)
	reader := env.Token(a.ID, "reader", viewer.ScopeRead)

	for range 5 {
		if code, _ := reader.ErrCode(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "x"}}); code != "FORBIDDEN" {
			t.Fatalf("reader createCorp: %s", code)
		}
		if code, _ := admA.ErrCode(`mutation($id: ID!) { updateCorp(id: $id, input: {name: "mine"}) { id } }`, map[string]any{"id": c.CreateCorp.ID}); code != "NOT_FOUND" {
			t.Fatalf("A renaming B's corp: %s", code)
		}
		if code, _ := env.Anonymous().ErrCode(`mutation { deleteTenant(id: "1") { deletedID } }`, nil); code != "UNAUTHENTICATED" {
			t.Fatalf("anonymous deleteTenant: %s", code)
		}
	}
	if code, _ := reader.ErrCode(`mutation($id: ID!) { deleteCorp(id: $id) { deletedID } }`, map[string]any{"id": c.CreateCorp.ID}); code != "FORBIDDEN" {
		t.Fatalf("reader deleteCorp: %s", code)
	}
	for _, want := range []struct {
		action, actor, code string
	}{
		{"createCorp", "reader", "FORBIDDEN"},
		{"deleteCorp", "reader", "FORBIDDEN"},
		{"updateCorp", "a-admin", "NOT_FOUND"},
		{"deleteTenant", "anonymous", "UNAUTHENTICATED"},
	} {
		got := failedAudits(t, env, want.action, want.actor)
		if len(got) != 1 || !strings.Contains(got[0], want.code) {
			t.Errorf("%s by %s: recorded %q, want one %s", want.action, want.actor, got, want.code)
		}
	}
	// Recorded in the actor's tenant, naming the id that was tried; B sees nothing of it.
	ev, err := env.Client.AuditEvent.Query().Where(auditevent.Action("updateCorp"), auditevent.Success(false)).Only(dbtest.Bootstrap())
	if err != nil {
		t.Fatal(err)
	}
	if ev.TenantID != a.ID || ev.TargetID != c.CreateCorp.ID {
		t.Fatalf("refused updateCorp recorded as %+v", ev)
	}
	var seen struct{ AuditEvents struct{ TotalCount int } }
	admB.MustDo(`{ auditEvents(where: {success: false}) { totalCount } }`, nil, &seen)
	if seen.AuditEvents.TotalCount != 0 {
		t.Fatalf("B sees %d refused attempts of others", seen.AuditEvents.TotalCount)
	}
}
