package database_test

import (
	"context"
	"testing"

	"imbridge/ent/database/dbtest"
)

// A database from before login auto-binding moved to the sync profile: the
// start-up migration moves each corp's login value into its profile (unless
// the profile auto-binds already), once.
func TestLoginAutoBindMovesToTheSyncProfile(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	c := db.Client
	if _, err := db.SQL.ExecContext(context.Background(), `ALTER TABLE login_settings ADD COLUMN auto_bind_field VARCHAR(20) NOT NULL DEFAULT 'none'`); err != nil {
		t.Fatal(err)
	}
	var profiles []int
	for i, field := range []string{"none", "email"} { // corp 1's profile does not auto-bind, corp 2's does
		corp := c.Corp.Create().SetName("C").SetPlatform("feishu").SaveX(ctx)
		app := c.App.Create().SetCorpID(corp.ID).SetName("a").SetAppID("cli_" + string(rune('a'+i))).SaveX(ctx)
		profiles = append(profiles, c.SyncProfile.Create().SetCorpID(corp.ID).SetAppID(app.ID).SetAutoBindField(field).SaveX(ctx).ID)
		st := c.LoginSetting.Create().SetCorpID(corp.ID).SaveX(ctx)
		if _, err := db.SQL.ExecContext(context.Background(), `UPDATE login_settings SET auto_bind_field = 'mobile' WHERE id = $1`, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"mobile", "email"} {
		if got := c.SyncProfile.GetX(ctx, profiles[i]).AutoBindField; got != want {
			t.Errorf("profile %d: %q, want %q", i, got, want)
		}
	}
	var left int
	if err := db.SQL.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM login_settings WHERE auto_bind_field <> 'none'`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d login values left after the move (%v)", left, err)
	}
	// once: an admin turning the profile's off is not undone by a restart
	c.SyncProfile.UpdateOneID(profiles[0]).SetAutoBindField("none").ExecX(ctx)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := c.SyncProfile.GetX(ctx, profiles[0]).AutoBindField; got != "none" {
		t.Errorf("after a restart: %q, want none", got)
	}
}
