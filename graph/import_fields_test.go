package graph_test

import (
	"testing"

	"imbridge/graph/graphtest"
)

// Gender and extra fields (what a sync field mapping reads as gender and
// attribute:<name>) arrive with the OA import; a bad gender and a field
// named twice are refused by field, and nothing is written.
func TestImportDirectoryGenderAndAttributes(t *testing.T) {
	env := graphtest.New(t)
	_, _, tok := env.Tenant("acme")
	user := func(gender string, attrs ...map[string]any) map[string]any {
		return map[string]any{"departments": []any{map[string]any{"externalID": "D1", "name": "总部"}},
			"users": []any{map[string]any{"externalID": "U1", "name": "张三", "gender": gender, "attributes": attrs,
				"memberships": []any{map[string]any{"departmentExternalID": "D1"}}}}}
	}
	r := tok.Do(importMutation, map[string]any{"in": user("男")})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Fatalf("gender 男: %+v", r.Errors)
	}
	problems, _ := r.Errors[0].Extensions["problems"].([]any)
	if len(problems) != 1 || problems[0].(map[string]any)["field"] != "input.users[0].gender" {
		t.Fatalf("gender 男: problems %v, want input.users[0].gender", problems)
	}
	code, e := tok.ErrCode(importMutation, map[string]any{"in": user("female", map[string]any{"name": "座机", "value": "1"}, map[string]any{"name": "座机", "value": "2"})})
	if code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.users[0].attributes[1].name" {
		t.Fatalf("a field twice: %s %+v", code, e)
	}
	var count struct{ Users struct{ TotalCount int } }
	tok.MustDo(`{ users { totalCount } }`, nil, &count)
	if count.Users.TotalCount != 0 {
		t.Fatalf("refused imports wrote %d users", count.Users.TotalCount)
	}

	tok.MustDo(importMutation, map[string]any{"in": user("Female", map[string]any{"name": "座机", "value": "8001"})}, nil)
	var got struct {
		Users struct {
			Edges []struct{ Node struct{ Gender string } }
		}
	}
	tok.MustDo(`{ users(where: {oaSide: true}) { edges { node { gender } } } }`, nil, &got)
	if len(got.Users.Edges) != 1 || got.Users.Edges[0].Node.Gender != "female" {
		t.Fatalf("stored: %+v, want gender female", got)
	}
	// The same import again changes nothing; without a gender it is cleared.
	var res importResult
	tok.MustDo(importMutation, map[string]any{"in": user("female", map[string]any{"name": "座机", "value": "8001"})}, &res)
	if res.ImportDirectory.Run.Counters.Updated != 0 {
		t.Fatalf("re-import updated %d", res.ImportDirectory.Run.Counters.Updated)
	}
	tok.MustDo(importMutation, map[string]any{"in": user("")}, &res)
	if res.ImportDirectory.Run.Counters.Updated != 1 {
		t.Fatalf("clearing gender and fields updated %d, want 1", res.ImportDirectory.Run.Counters.Updated)
	}
}
