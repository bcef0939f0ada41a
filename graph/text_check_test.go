package graph_test

import (
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/graph/graphtest"
)

// Control characters are refused in every text argument, named by its path,
// before anything is stored (attack pass: a NUL in pushMessage's source was
// stored, and failed the insert as INTERNAL on PostgreSQL).
func TestTextArgumentsRefuseControlCharacters(t *testing.T) {
	env := graphtest.New(t)
	_, adm, tok := env.Tenant("acme")
	push := `mutation($in: PushMessageInput!) { pushMessage(input: $in) { id } }`
	base := func() map[string]any {
		return map[string]any{"idempotencyKey": "k1", "source": "审批", "title": "t",
			"recipients": map[string]any{"userIDs": []string{"u1"}}}
	}
	for _, c := range []struct{ field, value string }{
		{"source", "\u0000<script>"},
		{"title", "hi\u001b[2J"},
		{"title", "invoice \u202Efdp.exe"},
		{"title", "a\u0085b"},
		{"idempotencyKey", "k\u2066"},
	} {
		in := base()
		in[c.field] = c.value
		code, e := tok.ErrCode(push, map[string]any{"in": in})
		if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input."+c.field {
			t.Fatalf("%s=%q: %s %+v", c.field, c.value, code, e)
		}
	}
	// Nested in a list of an input object.
	in := base()
	in["recipients"] = map[string]any{"userIDs": []string{"u1", "u\u0000"}}
	if code, e := tok.ErrCode(push, map[string]any{"in": in}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.recipients.userIDs[1]" {
		t.Fatalf("nested: %s %+v", code, e)
	}
	if n := env.Client.Message.Query().CountX(dbtest.Bootstrap()); n != 0 {
		t.Fatalf("%d messages stored", n)
	}
	// Literal arguments too, and admin mutations (a token's name).
	if code, e := adm.ErrCode(`mutation { createAPIToken(input: {name: "ci\u0000", scopes: ["read"]}) { apiToken { id } } }`, nil); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.name" {
		t.Fatalf("token name: %s %+v", code, e)
	}
	// Filters: a NUL ended SQLite's LIKE pattern and matched every row.
	if code, e := tok.ErrCode(`query { messages(where: {titleContains: "\u0000"}) { totalCount } }`, nil); code != "BAD_USER_INPUT" || e.Extensions["field"] != "where.titleContains" {
		t.Fatalf("filter: %s %+v", code, e)
	}
	// Line breaks and tabs pass (message bodies, descriptions, PEM keys).
	in = base()
	in["content"] = "line 1\n\tline 2\r\n"
	var out struct{ PushMessage struct{ ID string } }
	tok.MustDo(push, map[string]any{"in": in}, &out)
	if out.PushMessage.ID == "" {
		t.Fatal("a body with line breaks was refused")
	}
}
