package main

import (
	"context"
	"fmt"
	"log/slog"

	"imbridge/ent/database"
	"imbridge/ent/seal"
	"imbridge/graph/auth"
)

// prepare does what a process does to the database at start: migrate the
// schema, create the bootstrap super admin, seed the demo tenant (role
// "all" with the demo on). Everything runs under the database's start-up
// lock, so N processes starting together on a fresh database (one API and
// two workers, as docker-compose.yml starts them) do each thing once: the
// first does it, the others find it done. It returns the super admin's
// password when this process created it ("" otherwise) and the demo, if
// any.
func prepare(ctx context.Context, db *database.DB, cfg config, sealer *seal.Sealer, log *slog.Logger) (string, *demo, error) {
	release, err := db.StartupLock(ctx)
	if err != nil {
		return "", nil, err
	}
	defer release()
	if err := db.Migrate(ctx); err != nil {
		return "", nil, err
	}
	password, err := auth.EnsureSuperAdmin(ctx, db.Client, cfg.AdminPassword)
	if err != nil {
		return "", nil, err
	}
	if !cfg.demoEnabled() || cfg.Role != "all" {
		return password, nil, nil
	}
	d := newDemo()
	if err := d.seed(ctx, db.Client, sealer, log); err != nil {
		return "", nil, fmt.Errorf("seeding the demo tenant: %w", err)
	}
	return password, d, nil
}
