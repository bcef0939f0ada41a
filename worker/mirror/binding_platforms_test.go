package mirror_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"imbridge/ent"
	entcorp "imbridge/ent/corp"
	"imbridge/ent/database/dbtest"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	wecomsim "imbridge/platform/sim/wecom"
	"imbridge/worker/binder"
	"imbridge/worker/broker"
	"imbridge/worker/mirror"
)

// Binding after a pull is the same on every platform: the IM people are
// mirrored through the platform's adapter, then auto-bound to the OA
// people by a field. A WeCom app created after 2022-06-20 gets no mobile
// or e-mail (path/96260): binding by mobile then finds nobody to bind,
// and the employee number (the custom field 工号, still given) binds
// everyone.
func TestAutoBindAfterAPullOnEveryPlatform(t *testing.T) {
	people := []struct{ id, name, mobile, empNo string }{
		{"zhangsan", "张三", "13800000001", "E001"},
		{"lisi", "李四", "13800000002", "E002"},
		{"wangwu", "王五", "13800000003", "E003"},
	}
	type corp struct {
		db     *ent.Client
		ctx    context.Context
		corpID int
	}
	newCorp := func(t *testing.T, platformName, corpID string) corp {
		db := dbtest.Open(t)
		_, ctx := dbtest.Tenant(t, db.Client, "acme")
		c, err := db.Client.Corp.Create().SetName("Acme").SetPlatform(entcorp.Platform(platformName)).SetCorpID(corpID).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return corp{db: db.Client, ctx: ctx, corpID: c.ID}
	}
	addOA := func(t *testing.T, c corp) { // the OA side, with every field
		for _, p := range people {
			if _, err := c.db.User.Create().SetExternalID("oa-" + p.id).SetName(p.name).SetMobile("+86" + p.mobile).SetEmployeeNo(p.empNo).Save(c.ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name string
		// pull mirrors the platform's people into a new corp.
		pull func(t *testing.T) corp
		// byMobile is how many a mobile binds.
		byMobile int
	}{
		{"feishu", func(t *testing.T) corp {
			org := feishusim.NewOrg("Acme", "tk-acme")
			for _, p := range people {
				if _, err := org.CreateUser(feishusim.User{UserID: p.id, Name: p.name, Mobile: "+86" + p.mobile, EmployeeNo: p.empNo,
					DepartmentIDs: []string{feishusim.RootDepartmentID}}); err != nil {
					t.Fatal(err)
				}
			}
			c := newCorp(t, "feishu", "")
			s := newSim(t, org, broker.OpenTest(t), feishusim.Config{})
			pullInto(t, c.ctx, c.db, c.corpID, s.client)
			return c
		}, 3},
		{"wecom", func(t *testing.T) corp {
			f := wecomSetup(t, wecomPeople(people))
			pullInto(t, f.ctx, f.db, f.corpID, f.client(t, "app"))
			return corp{db: f.db, ctx: f.ctx, corpID: f.corpID}
		}, 3},
		{"wecom, app created after 2022-06-20", func(t *testing.T) corp {
			f := wecomSetup(t, wecomPeople(people), wecomsim.App{AgentID: 1000002, Secret: "app", NewApp: true})
			pullInto(t, f.ctx, f.db, f.corpID, f.client(t, "app"))
			return corp{db: f.db, ctx: f.ctx, corpID: f.corpID}
		}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.pull(t)
			addOA(t, c)
			res, err := binder.AutoBind(c.ctx, c.db, binder.AutoBindInput{CorpID: c.corpID, Field: binder.FieldMobile})
			if err != nil {
				t.Fatal(err)
			}
			if res.Bound != tc.byMobile {
				t.Fatalf("bound by mobile: %+v, want %d", res, tc.byMobile)
			}
			res, err = binder.AutoBind(c.ctx, c.db, binder.AutoBindInput{CorpID: c.corpID, Field: binder.FieldEmployeeNo})
			if err != nil {
				t.Fatal(err)
			}
			if res.Bound != len(people)-tc.byMobile {
				t.Fatalf("bound by employee number: %+v, want %d", res, len(people)-tc.byMobile)
			}
			// Everyone is bound to the right OA person, whatever the field.
			var got []string
			for _, b := range c.db.Binding.Query().WithImUser().WithOaUser().AllX(c.ctx) {
				got = append(got, fmt.Sprintf("%s=%s", b.Edges.ImUser.ExternalID, b.Edges.OaUser.ExternalID))
			}
			sort.Strings(got)
			want := []string{"lisi=oa-lisi", "wangwu=oa-wangwu", "zhangsan=oa-zhangsan"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("bindings %v, want %v", got, want)
			}
		})
	}
}

func wecomPeople(people []struct{ id, name, mobile, empNo string }) *wecomsim.Org {
	org := wecomsim.NewOrg("Acme", "wwbinding000000001")
	for _, p := range people {
		org.AddUser(wecomsim.User{UserID: p.id, Name: p.name, Mobile: p.mobile, EmployeeNo: p.empNo, Departments: []int{1}, Enable: 1})
	}
	return org
}

func pullInto(t *testing.T, ctx context.Context, db *ent.Client, corpID int, dir platform.Directory) {
	t.Helper()
	res, err := mirror.Run(ctx, mirror.Params{Client: db, CorpID: corpID, RunID: 1, Dir: dir, Top: platform.RootDepartmentID})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("pull errors: %+v", res.Errors)
	}
}
