// Package dbtest gives tests a fresh, migrated database: a temporary SQLite
// file by default, or a new PostgreSQL database on the server named by
// IMBRIDGE_TEST_DATABASE_URL (so CI runs the suite on the production path).
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"imbridge/ent"
	"imbridge/ent/database"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
)

// EnvURL names the PostgreSQL server used by tests when set.
const EnvURL = "IMBRIDGE_TEST_DATABASE_URL"

// Open returns a migrated database that is dropped when the test ends.
func Open(tb testing.TB) *database.DB {
	tb.Helper()
	db, err := database.Open(FreshURL(tb), "")
	if err != nil {
		tb.Fatalf("opening test database: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrating test database: %v", err)
	}
	return db
}

// FreshURL returns the URL of a new, empty (not migrated) database, dropped
// when the test ends: for tests of what processes do to a fresh database
// at start.
func FreshURL(tb testing.TB) string {
	tb.Helper()
	if base := os.Getenv(EnvURL); base != "" {
		return createPostgres(tb, base)
	}
	return "sqlite:" + filepath.Join(tb.TempDir(), "test.db")
}

// IsPostgres reports whether tests run on PostgreSQL.
func IsPostgres() bool { return os.Getenv(EnvURL) != "" }

// createPostgres creates a uniquely named database on the server and returns
// its URL; the database is dropped at cleanup.
func createPostgres(tb testing.TB, base string) string {
	tb.Helper()
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "imbridge_t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("postgres", base)
	if err != nil {
		tb.Fatalf("connecting to %s: %v", EnvURL, err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		tb.Fatalf("creating test database: %v", err)
	}
	tb.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u.Path = "/" + name
	return u.String()
}

// Bootstrap returns a context allowed to do anything, for test set-up.
func Bootstrap() context.Context {
	ctx := viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindSystem, Name: "test"})
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// Tenant creates a tenant and returns it with a system context scoped to it.
func Tenant(tb testing.TB, client *ent.Client, slug string) (*ent.Tenant, context.Context) {
	tb.Helper()
	t, err := client.Tenant.Create().SetName(slug).SetSlug(slug).Save(Bootstrap())
	if err != nil {
		tb.Fatalf("creating tenant: %v", err)
	}
	return t, viewer.System(context.Background(), "test", t.ID)
}
