package dbtest_test

import (
	"context"
	"imbridge/ent/viewer"
	"testing"

	"imbridge/ent/database/dbtest"
)

func TestOpen(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	c, err := db.Client.Corp.Create().SetName("x").SetPlatform("feishu").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(c.ID, c.TenantID)
	t2, _ := dbtest.Tenant(t, db.Client, "other")
	ctx2 := viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindAdmin, Role: viewer.RoleTenantAdmin, TenantID: t2.ID, Scopes: viewer.RoleScopes(viewer.RoleTenantAdmin)})
	n, err := db.Client.Corp.Query().Count(ctx2)
	if err != nil || n != 0 {
		t.Fatalf("another tenant counts %d corps (%v), want 0", n, err)
	}
	// Positive control: the owner counts its corp.
	if n, err := db.Client.Corp.Query().Count(ctx); err != nil || n != 1 {
		t.Fatalf("the owner counts %d corps (%v), want 1", n, err)
	}
	if _, err := db.Client.App.Create().SetCorpID(c.ID).SetName("a").SetAppID("cli").Save(ctx2); err == nil {
		t.Fatal("foreign edge allowed")
	} else {
		t.Log(err)
	}
}
