package database

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"
)

// moveLoginAutoBind moves the auto-bind field that login settings once kept
// (login_settings.auto_bind_field) into the corp's sync profile, the one
// home of that setting (seed 003 §4.2.4 (2): one setting shown in two
// places). A profile that already auto-binds keeps its field; a login
// value moved is reset to none, so the move happens once. Corps with login
// auto-binding but no sync profile lose it (none can hold it): the count
// is returned for the start-up log. Columns are never dropped (see
// applySchema), so the old column stays, unused.
func moveLoginAutoBind(ctx context.Context, d *DB) (lost int, err error) {
	q := `SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'login_settings' AND column_name = 'auto_bind_field'`
	if d.Dialect == dialect.SQLite {
		q = `SELECT COUNT(*) FROM pragma_table_info('login_settings') WHERE name = 'auto_bind_field'`
	}
	var n int
	if err := d.SQL.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("looking for login_settings.auto_bind_field: %w", err)
	}
	if n == 0 {
		return 0, nil // a database created after the move
	}
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	if _, err := tx.ExecContext(ctx, `UPDATE sync_profiles SET auto_bind_field = (
		SELECT ls.auto_bind_field FROM login_settings ls WHERE ls.corp_id = sync_profiles.corp_id)
		WHERE auto_bind_field = 'none' AND EXISTS (
		SELECT 1 FROM login_settings ls WHERE ls.corp_id = sync_profiles.corp_id AND ls.auto_bind_field <> 'none')`); err != nil {
		return 0, fmt.Errorf("moving login auto-binding to the sync profiles: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_settings ls WHERE ls.auto_bind_field <> 'none'
		AND NOT EXISTS (SELECT 1 FROM sync_profiles p WHERE p.corp_id = ls.corp_id)`).Scan(&lost); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE login_settings SET auto_bind_field = 'none' WHERE auto_bind_field <> 'none'`); err != nil {
		return 0, err
	}
	return lost, tx.Commit()
}
