package graph_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"imbridge/graph/graphtest"
)

const importMutation = `mutation($in: ImportDirectoryInput!) { importDirectory(input: $in) { run { id status total done counters { created updated unchanged removed } } } }`

type importResult struct {
	ImportDirectory struct {
		Run struct {
			ID, Status  string
			Total, Done int
			Counters    struct{ Created, Updated, Unchanged, Removed int }
		}
	}
}

func smallDirectory() map[string]any {
	return map[string]any{
		"complete": true,
		"departments": []any{
			map[string]any{"externalID": "D1", "name": "总部"},
			map[string]any{"externalID": "D2", "name": "研发部", "parentExternalID": "D1"},
		},
		"users": []any{
			map[string]any{"externalID": "U1", "name": "张三", "mobile": "13800000001", "email": "zhang@example.com",
				"memberships": []any{map[string]any{"departmentExternalID": "D2", "primary": true}, map[string]any{"departmentExternalID": "D1"}}},
			map[string]any{"externalID": "U2", "name": "李四", "mobile": "+8613800000002",
				"memberships": []any{map[string]any{"departmentExternalID": "D1"}}},
		},
	}
}

func TestImportDirectorySmallRunsInline(t *testing.T) {
	env := graphtest.New(t)
	_, _, tok := env.Tenant("acme")
	var r importResult
	tok.MustDo(importMutation, map[string]any{"in": smallDirectory()}, &r)
	run := r.ImportDirectory.Run
	if run.Status != "succeeded" || run.Counters.Created != 4 {
		t.Fatalf("run = %+v", run)
	}
	var users struct {
		Users struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Name        string
					Memberships []struct {
						Primary    bool
						Department struct{ Name string }
					}
				}
			}
		}
	}
	tok.MustDo(`{ users(where: {oaSide: true, search: "张"}) { totalCount edges { node { name memberships { primary department { name } } } } } }`, nil, &users)
	if users.Users.TotalCount != 1 || len(users.Users.Edges[0].Node.Memberships) != 2 {
		t.Fatalf("users = %+v", users)
	}
	// Idempotent: the same import again changes nothing.
	tok.MustDo(importMutation, map[string]any{"in": smallDirectory()}, &r)
	if r.ImportDirectory.Run.Counters.Unchanged != 4 || r.ImportDirectory.Run.Counters.Created != 0 {
		t.Fatalf("re-import counters = %+v", r.ImportDirectory.Run.Counters)
	}
}

func TestImportDirectoryInvalidWritesNothing(t *testing.T) {
	env := graphtest.New(t)
	_, _, tok := env.Tenant("acme")
	in := smallDirectory()
	in["departments"] = append(in["departments"].([]any),
		map[string]any{"externalID": "D3", "name": "A", "parentExternalID": "D4"},
		map[string]any{"externalID": "D4", "name": "B", "parentExternalID": "D3"},
		map[string]any{"externalID": "D5", "name": "C", "parentExternalID": "NOPE"},
	)
	in["users"] = append(in["users"].([]any),
		map[string]any{"externalID": "U1", "name": "dup"},
		map[string]any{"externalID": "U9", "name": "bad", "mobile": "123", "email": "not-an-email"},
	)
	r := tok.Do(importMutation, map[string]any{"in": in})
	if len(r.Errors) != 1 || r.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Fatalf("errors = %+v", r.Errors)
	}
	problems, _ := r.Errors[0].Extensions["problems"].([]any)
	fields := map[string]bool{}
	for _, p := range problems {
		fields[p.(map[string]any)["field"].(string)] = true
	}
	for _, want := range []string{"input.users[3].mobile", "input.users[3].email", "input.users[2].externalID", "input.departments[4].parentExternalID"} {
		if !fields[want] {
			t.Errorf("problem for %s missing; got %v", want, fields)
		}
	}
	if len(problems) < 6 {
		t.Errorf("expected every offending item (cycle, unknown parent, duplicate, mobile, email), got %d: %v", len(problems), fields)
	}
	var count struct{ Users, Departments struct{ TotalCount int } }
	tok.MustDo(`{ users { totalCount } departments { totalCount } }`, nil, &count)
	if count.Users.TotalCount != 0 || count.Departments.TotalCount != 0 {
		t.Fatalf("invalid import wrote rows: %+v", count)
	}
}

// TestLargeImportRunsAsJobWithLiveProgress follows a 5,000-user import over
// graphql-transport-ws: the current state first, then progress, then the end.
func TestLargeImportRunsAsJobWithLiveProgress(t *testing.T) {
	env := graphtest.New(t)
	_, _, tok := env.Tenant("acme")
	deps := []any{map[string]any{"externalID": "ROOT", "name": "总部"}}
	for d := 0; d < 50; d++ {
		deps = append(deps, map[string]any{"externalID": fmt.Sprintf("D%d", d), "name": fmt.Sprintf("部门%d", d), "parentExternalID": "ROOT"})
	}
	var users []any
	for u := 0; u < 5000; u++ {
		users = append(users, map[string]any{"externalID": fmt.Sprintf("U%05d", u), "name": fmt.Sprintf("用户%d", u), "mobile": fmt.Sprintf("139%08d", u),
			"memberships": []any{map[string]any{"departmentExternalID": fmt.Sprintf("D%d", u%50), "primary": true}}})
	}
	var r importResult
	tok.MustDo(importMutation, map[string]any{"in": map[string]any{"departments": deps, "users": users}}, &r)
	if r.ImportDirectory.Run.Status != "queued" {
		t.Fatalf("large import status = %s, want queued", r.ImportDirectory.Run.Status)
	}
	sub, err := tok.Subscribe(`subscription($id: ID!) { syncRunProgress(id: $id) { id status phase total done counters { created } } }`, map[string]any{"id": r.ImportDirectory.Run.ID})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	var states []string
	lastDone := -1
	for {
		resp, done, err := sub.Next()
		if err != nil {
			t.Fatalf("after %v: %v", states, err)
		}
		if done {
			break
		}
		if len(resp.Errors) > 0 {
			t.Fatalf("subscription error: %+v", resp.Errors)
		}
		var ev struct {
			SyncRunProgress struct {
				Status, Phase string
				Total, Done   int
				Counters      struct{ Created int }
			}
		}
		if err := json.Unmarshal(resp.Data, &ev); err != nil {
			t.Fatal(err)
		}
		p := ev.SyncRunProgress
		states = append(states, p.Status)
		if p.Done < lastDone {
			t.Fatalf("progress went backwards: %d after %d", p.Done, lastDone)
		}
		lastDone = p.Done
		if p.Status == "succeeded" {
			if p.Counters.Created != 5051 {
				t.Fatalf("created = %d", p.Counters.Created)
			}
		}
	}
	if len(states) < 3 || states[len(states)-1] != "succeeded" {
		t.Fatalf("states = %v, want the current state, progress, then succeeded", states)
	}
	var count struct{ Users struct{ TotalCount int } }
	tok.MustDo(`{ users { totalCount } }`, nil, &count)
	if count.Users.TotalCount != 5000 {
		t.Fatalf("users = %d", count.Users.TotalCount)
	}
}

func TestSubscriptionRefusedWithout4401(t *testing.T) {
	env := graphtest.New(t)
	_, err := env.Anonymous().Subscribe(`subscription { syncRunProgress(id: 1) { id } }`, nil)
	if graphtest.CloseStatus(err) != 4401 {
		t.Fatalf("close status = %d (%v), want 4401", graphtest.CloseStatus(err), err)
	}
}

// TestImportDirectoryCanonicalContacts: through the API, mobiles are checked
// for their country (defaultRegion for numbers without a country code),
// stored in E.164, refused when two people would share one in any spelling,
// and found by search in any spelling.
func TestImportDirectoryCanonicalContacts(t *testing.T) {
	env := graphtest.New(t)
	_, _, tok := env.Tenant("acme")
	var r importResult
	tok.MustDo(importMutation, map[string]any{"in": smallDirectory()}, &r)

	bad := map[string]any{"defaultRegion": "HK", "users": []any{
		map[string]any{"externalID": "U3", "name": "王五", "mobile": "9123 4567"},
		map[string]any{"externalID": "U4", "name": "赵六", "mobile": "+86 138 0000 0001"}, // U1's, who is not sent
		map[string]any{"externalID": "U5", "name": "孙七", "mobile": "+8612345", "email": "ZHANG@example.com"},
	}}
	res := tok.Do(importMutation, map[string]any{"in": bad})
	if len(res.Errors) != 1 || res.Errors[0].Code() != "BAD_USER_INPUT" {
		t.Fatalf("errors = %+v", res.Errors)
	}
	got := map[string]string{}
	for _, p := range res.Errors[0].Extensions["problems"].([]any) {
		got[p.(map[string]any)["field"].(string)] = p.(map[string]any)["message"].(string)
	}
	want := map[string]string{
		"input.users[1].mobile": `mobile "+86 138 0000 0001" (+8613800000001) is already the mobile of OA user "U1" (张三), who is not in this import: two people cannot share one; correct either, or send both`,
		"input.users[2].mobile": `mobile "+8612345" is not a valid number for CN`,
		"input.users[2].email":  `e-mail ZHANG@example.com is already the e-mail of OA user "U1" (张三), who is not in this import: two people cannot share one; correct either, or send both`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("problems:\n%v\nwant\n%v", got, want)
	}
	res = tok.Do(importMutation, map[string]any{"in": map[string]any{"defaultRegion": "ZZZ", "users": []any{}}})
	if len(res.Errors) != 1 || res.Errors[0].Extensions["field"] != "input.defaultRegion" {
		t.Fatalf("unknown region: errors = %+v", res.Errors)
	}

	tok.MustDo(importMutation, map[string]any{"in": map[string]any{"defaultRegion": "hk", "users": []any{
		map[string]any{"externalID": "U3", "name": "王五", "mobile": "9123 4567"},
	}}}, &r)
	var users struct {
		Users struct {
			Edges []struct{ Node struct{ Name, Mobile string } }
		}
	}
	for q, want := range map[string]string{
		"+86 138-0000-0001": "张三 +8613800000001", "13800000001": "张三 +8613800000001",
		"+852 9123 4567": "王五 +85291234567", "91234567": "王五 +85291234567",
	} {
		tok.MustDo(`query($q: String) { users(where: {oaSide: true, search: $q}) { edges { node { name mobile } } } }`, map[string]any{"q": q}, &users)
		if len(users.Users.Edges) != 1 || users.Users.Edges[0].Node.Name+" "+users.Users.Edges[0].Node.Mobile != want {
			t.Errorf("search %q found %+v, want %s", q, users.Users.Edges, want)
		}
	}
}
