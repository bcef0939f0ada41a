package database

import (
	"context"
	"fmt"
	"log/slog"
)

// trigramIndexes serve the Directory search (graph: UserWhereInput.search,
// `ILIKE '%…%'` on each column) on PostgreSQL: GIN indexes of pg_trgm
// trigrams, so a search of three characters or more reads the matching rows
// instead of every row of the tenant. ent's schema cannot say "USING gin …
// gin_trgm_ops", so they are created here, after the schema, and like the
// schema only ever added.
var trigramIndexes = []struct{ name, column string }{
	{"user_name_trgm", "name"},
	{"user_mobile_trgm", "mobile"},
	{"user_email_trgm", "email"},
	{"user_employee_no_trgm", "employee_no"},
	{"user_external_id_trgm", "external_id"},
}

// SearchCharsIndex indexes the characters of a person's searchable text,
// for searches of one or two characters, which trigrams cannot serve (a
// surname: "王"). graph's user search writes the same expression.
const SearchCharsIndex = `CREATE INDEX IF NOT EXISTS user_search_chars ON users USING gin ((string_to_array(lower(name || ' ' || coalesce(mobile, '') || ' ' || coalesce(email, '') || ' ' || coalesce(employee_no, '') || ' ' || external_id), NULL)))`

// applySearchIndexes creates pg_trgm (a trusted extension since PostgreSQL
// 13: the database's owner may create it) and the trigram indexes. Without
// the right to create the extension, search still works, scanning rows; the
// server says so and starts.
func applySearchIndexes(ctx context.Context, d *DB) error {
	if _, err := d.SQL.ExecContext(ctx, SearchCharsIndex); err != nil {
		return fmt.Errorf("creating the search index user_search_chars: %w", err)
	}
	if _, err := d.SQL.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm"); err != nil {
		slog.Warn("directory search without trigram indexes: cannot create the pg_trgm extension; ask the database's owner to run CREATE EXTENSION pg_trgm", "err", err)
		return nil
	}
	for _, ix := range trigramIndexes {
		q := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON users USING gin (%s gin_trgm_ops)", ix.name, ix.column)
		if _, err := d.SQL.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("creating the search index %s: %w", ix.name, err)
		}
	}
	return nil
}
