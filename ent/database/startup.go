package database

import (
	"context"
	"fmt"
	"sync"

	"entgo.io/ent/dialect"
)

// startupLock is the PostgreSQL advisory lock key held while a process
// prepares the database at start ("imbs" in ASCII); migrationLock is
// another key, so `imbridge migrate` and a start wait for each other only
// through it.
const startupLock = 0x696d6273

// memoryStartup serialises starts on in-memory SQLite databases, which only
// one process can see.
var memoryStartup sync.Mutex

// StartupLock serialises what processes do at start (migration, the
// bootstrap super admin, demo seeding) across every process on this
// database, so N processes started together on a fresh database do it
// once: the first creates, the others find it done. On PostgreSQL it is a
// session advisory lock on a connection of its own; on an SQLite file, an
// exclusive flock on "<file>.startup.lock" next to it (SQLite's own locks
// are per statement or transaction, not per start-up). release ends it;
// it is also ended when the process dies (the session or the file closes).
func (d *DB) StartupLock(ctx context.Context) (release func(), err error) {
	switch {
	case d.Dialect == dialect.Postgres:
		conn, err := d.SQL.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("start-up lock: %w", err)
		}
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", startupLock); err != nil {
			conn.Close()
			return nil, fmt.Errorf("start-up lock: %w", err)
		}
		return func() {
			_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", startupLock)
			conn.Close()
		}, nil
	case d.path == ":memory:" || d.path == "":
		memoryStartup.Lock()
		return memoryStartup.Unlock, nil
	}
	return lockFile(ctx, d.path+".startup.lock")
}
