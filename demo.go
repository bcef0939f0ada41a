package main

import (
	"context"
	"fmt"
	"log/slog"

	"imbridge/ent"
	"imbridge/ent/privacy"
	"imbridge/ent/tenant"
	"imbridge/ent/viewer"
	"imbridge/worker/oaimport"
)

// demoSlug is the demo tenant's slug; seeding is skipped when it exists.
const demoSlug = "demo"

// seedDemo creates the demo tenant with an OA directory, so a fresh
// `make run` has something to look at.
func seedDemo(ctx context.Context, db *ent.Client, log *slog.Logger) error {
	boot := privacy.DecisionContext(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "demo"}), privacy.Allow)
	exists, err := db.Tenant.Query().Where(tenant.Slug(demoSlug)).Exist(boot)
	if err != nil || exists {
		return err
	}
	t, err := db.Tenant.Create().SetName("Demo 演示企业").SetSlug(demoSlug).Save(boot)
	if err != nil {
		return err
	}
	sys := viewer.System(ctx, "demo", t.ID)
	tx, err := db.Tx(sys)
	if err != nil {
		return err
	}
	counters, err := oaimport.Run(ent.NewTxContext(sys, tx), tx.Client(), oaimport.Generate(500, 40, 7), func(oaimport.Progress) {})
	if err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("importing the demo OA directory: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	log.Info("seeded the demo tenant", "tenant", t.ID, "oa_users_created", counters.Created)
	return nil
}
