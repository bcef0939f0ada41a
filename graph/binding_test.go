package graph_test

import (
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

func TestBindAndUnbindUsers(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	var r importResult
	adm.MustDo(importMutation, map[string]any{"in": smallDirectory()}, &r)
	var c struct {
		CreateCorp struct {
			ID int `json:",string"`
		}
	}
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "飞书"}}, &c)
	sys := viewer.System(dbtest.Bootstrap(), "test", tn.ID)
	im, err := env.Client.User.Create().SetCorpID(c.CreateCorp.ID).SetExternalID("ou_1").SetName("张三").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	var oa struct {
		Users struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	adm.MustDo(`{ users(where: {oaSide: true, externalID: "U1"}) { edges { node { id } } } }`, nil, &oa)
	oaID := oa.Users.Edges[0].Node.ID

	const bind = `mutation($in: BindUsersInput!) { bindUsers(input: $in) { id method createdBy oaUser { name } imUser { name } } }`
	var b struct {
		BindUsers struct {
			ID, Method, CreatedBy string
			OaUser, ImUser        struct{ Name string }
		}
	}
	adm.MustDo(bind, map[string]any{"in": map[string]any{"oaUserID": oaID, "imUserID": im.ID}}, &b)
	if b.BindUsers.Method != "manual" || b.BindUsers.CreatedBy != "admin:acme-admin" || b.BindUsers.ImUser.Name != "张三" {
		t.Fatalf("binding = %+v", b.BindUsers)
	}
	if code, _ := adm.ErrCode(bind, map[string]any{"in": map[string]any{"oaUserID": oaID, "imUserID": im.ID}}); code != "CONFLICT" {
		t.Fatalf("second binding of the same IM user: %s", code)
	}
	if code, e := adm.ErrCode(bind, map[string]any{"in": map[string]any{"oaUserID": im.ID, "imUserID": im.ID}}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "input.oaUserID" {
		t.Fatalf("IM user as OA user: %s %+v", code, e)
	}
	adm.MustDo(`mutation($id: ID!) { unbind(id: $id) { deletedID } }`, map[string]any{"id": b.BindUsers.ID}, nil)
	var left struct{ Bindings struct{ TotalCount int } }
	adm.MustDo(`{ bindings { totalCount } }`, nil, &left)
	if left.Bindings.TotalCount != 0 {
		t.Fatalf("bindings left: %d", left.Bindings.TotalCount)
	}
}
