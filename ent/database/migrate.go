package database

import (
	"context"
	"fmt"
	"log/slog"

	"entgo.io/ent/dialect"
	"imbridge/ent/migrate"
)

// migrationLock is the PostgreSQL advisory lock key serialising migrations
// when several processes start at once ("imbr" in ASCII).
const migrationLock = 0x696d6272

// applySchema applies ent's schema diff (Atlas engine) at start-up.
//
// Upgrades are additive: new tables, columns and indexes are created; columns
// and indexes that a release no longer uses are left in place (no
// WithDropColumn/WithDropIndex), so an older binary still running during a
// rolling upgrade keeps working and no data is ever dropped by a start-up.
// On PostgreSQL the diff runs under an advisory lock so that N processes
// starting together migrate once. Operators who want to review the SQL
// first run `imbridge migrate --dry-run`, which prints it without applying.
func applySchema(ctx context.Context, d *DB) error {
	if d.Dialect == dialect.Postgres {
		conn, err := d.SQL.Conn(ctx)
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", migrationLock) //nolint:errcheck // released with the connection anyway
	}
	if err := d.Client.Schema.Create(ctx, migrate.WithForeignKeys(true)); err != nil {
		return fmt.Errorf("migrating schema: %w", err)
	}
	if lost, err := moveLoginAutoBind(ctx, d); err != nil {
		return err
	} else if lost > 0 {
		slog.Warn("login auto-binding now uses the sync profile's auto-bind field; corps with login auto-binding but no sync profile lost it: create their sync profiles", "corps", lost)
	}
	if d.Dialect == dialect.Postgres {
		return applySearchIndexes(ctx, d)
	}
	return nil
}

// PlanMigration writes the SQL a migration would run, without running it.
func (d *DB) PlanMigration(ctx context.Context, w interface{ Write([]byte) (int, error) }) error {
	return d.Client.Schema.WriteTo(ctx, w)
}
