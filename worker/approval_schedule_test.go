package worker

import (
	"encoding/json"
	"testing"

	"imbridge/ent/database/dbtest"
	"imbridge/worker/broker"
)

// Each app that created an approval definition gets the periodic drift
// check of its approval-center instances; other apps get none.
func TestApprovalCheckScheduledPerApp(t *testing.T) {
	db := dbtest.Open(t)
	tn, ctx := dbtest.Tenant(t, db.Client, "acme")
	c := db.Client.Corp.Create().SetName("Acme").SetPlatform("feishu").SaveX(ctx)
	with := db.Client.App.Create().SetCorpID(c.ID).SetName("审批").SetAppID("cli_a").SetApprovalDefinitionCode("DEF-1").SaveX(ctx)
	db.Client.App.Create().SetCorpID(c.ID).SetName("其他").SetAppID("cli_b").SaveX(ctx)
	cfgs, err := scheduleProvider{db: db.Client, broker: broker.OpenTest(t)}.GetConfigs()
	if err != nil {
		t.Fatal(err)
	}
	var checks []pushPayload
	for _, cfg := range cfgs {
		if cfg.Task.Type() != TypePushApprovalCheck {
			continue
		}
		var p pushPayload
		if err := json.Unmarshal(cfg.Task.Payload(), &p); err != nil {
			t.Fatal(err)
		}
		if cfg.Cronspec != ApprovalCheckSpec {
			t.Errorf("spec %q", cfg.Cronspec)
		}
		checks = append(checks, p)
	}
	if len(checks) != 1 || checks[0].AppID != with.ID || checks[0].TenantID != tn.ID {
		t.Fatalf("approval checks: %+v", checks)
	}
}
