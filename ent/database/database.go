// Package database opens the ent client on the embedded SQLite file or on
// PostgreSQL, and brings the schema up to date.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // PostgreSQL driver "postgres"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"

	"imbridge/ent"
	_ "imbridge/ent/runtime" // registers schema hooks and privacy policies
)

// DB is an open database: the ent client and what it runs on.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
	// path is the SQLite file (":memory:" for an in-memory database).
	path string
}

// Close closes the client and the connection pool.
func (d *DB) Close() error { return d.Client.Close() }

// Open connects to url: a postgres:// URL, or empty for the embedded SQLite
// file data/imbridge.db under dataDir. A "sqlite:" URL names another SQLite
// file (or ":memory:").
func Open(url, dataDir string) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		db, err := sql.Open("postgres", url)
		if err != nil {
			return nil, fmt.Errorf("opening postgres: %w", err)
		}
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(10)
		return wrap(db, dialect.Postgres), nil
	case url == "":
		if err := os.MkdirAll(dataDir, 0o700); err != nil {
			return nil, fmt.Errorf("creating data dir: %w", err)
		}
		return openSQLite(filepath.Join(dataDir, "imbridge.db"))
	case strings.HasPrefix(url, "sqlite:"):
		return openSQLite(strings.TrimPrefix(url, "sqlite:"))
	}
	return nil, fmt.Errorf("IMBRIDGE_DATABASE_URL: unsupported scheme in %q (want postgres:// or empty for embedded SQLite)", redact(url))
}

// openSQLite opens a SQLite file with foreign keys on (ent's migrator
// requires it), WAL so readers do not wait for the writer, and a busy
// timeout so concurrent writers queue instead of failing. SQLite has one
// writer at a time, so the pool is kept small.
func openSQLite(path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	if path == ":memory:" {
		dsn = "file::memory:?mode=memory&cache=shared&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening sqlite: %w", err)
	}
	if path == ":memory:" {
		// Every connection to a shared in-memory database must stay open, or it vanishes.
		db.SetMaxOpenConns(1)
	} else {
		db.SetMaxOpenConns(4)
	}
	d := wrap(db, dialect.SQLite)
	d.path = path
	return d, nil
}

func wrap(db *sql.DB, d string) *DB {
	drv := entsql.OpenDB(d, db)
	return &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: db, Dialect: d}
}

// redact hides the password of a database URL for error messages and logs.
func redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 {
		return url
	}
	userinfo := url[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return url[:scheme+3] + userinfo[:i] + ":****" + url[at:]
	}
	return url
}

// Redact is redact for callers that log the URL.
func Redact(url string) string { return redact(url) }

// Migrate brings the schema up to date; see migrate.go.
func (d *DB) Migrate(ctx context.Context) error { return applySchema(ctx, d) }
