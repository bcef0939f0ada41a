package main

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/alicebob/miniredis/v2"

	"imbridge/ent/admin"
	"imbridge/ent/corp"
	"imbridge/ent/database"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/seal"
	"imbridge/ent/tenant"
)

// startTogether runs fn in n goroutines released at the same moment and
// returns their errors.
func startTogether(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			errs[i] = fn(i)
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
	return errs
}

// TestProcessesPrepareTogether: several processes (each with its own
// connection pool, sharing the data dir) prepare one fresh database at
// the same moment — migration, bootstrap super admin, demo seeding — on
// SQLite, and on PostgreSQL when IMBRIDGE_TEST_DATABASE_URL is set. None
// fails, and there is exactly one super admin, one demo tenant with one
// corp, one secret key, and one process told the password.
func TestProcessesPrepareTogether(t *testing.T) {
	url := dbtest.FreshURL(t)
	dataDir := t.TempDir()
	cfg := config{DatabaseURL: url, DataDir: dataDir, Demo: "on", Role: "all"}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const n = 4
	passwords := make([]string, n)
	keys := make([]string, n)
	tenants := make([]int, n)
	errs := startTogether(n, func(i int) error {
		db, err := database.Open(url, dataDir)
		if err != nil {
			return err
		}
		t.Cleanup(func() { db.Close() })
		key, _, err := seal.LoadKey("", dataDir)
		if err != nil {
			return err
		}
		keys[i] = string(key)
		sealer, err := seal.New(key)
		if err != nil {
			return err
		}
		pw, d, err := prepare(context.Background(), db, cfg, sealer, log)
		if err != nil {
			return err
		}
		passwords[i], tenants[i] = pw, d.tenID
		return nil
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	told := 0
	for i := range n {
		if passwords[i] != "" {
			told++
		}
		if keys[i] != keys[0] {
			t.Errorf("process %d sealed with another secret key", i)
		}
		if tenants[i] != tenants[0] {
			t.Errorf("process %d seeded demo tenant %d, process 0 %d", i, tenants[i], tenants[0])
		}
	}
	if told != 1 {
		t.Errorf("%d processes printed a super admin password, want 1", told)
	}
	db, err := database.Open(url, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := dbtest.Bootstrap()
	if c, err := db.Client.Admin.Query().Where(admin.RoleEQ(admin.RoleSuperAdmin)).Count(ctx); err != nil || c != 1 {
		t.Errorf("%d super admins (%v), want 1", c, err)
	}
	if c, err := db.Client.Tenant.Query().Where(tenant.Slug(demoSlug)).Count(ctx); err != nil || c != 1 {
		t.Errorf("%d demo tenants (%v), want 1", c, err)
	}
	if c, err := db.Client.Corp.Query().Where(corp.PlatformEQ(corp.PlatformFeishu)).Count(ctx); err != nil || c != 1 {
		t.Errorf("%d demo corps (%v), want 1", c, err)
	}
}

// TestAPIAndWorkersStartTogether reproduces docker-compose.yml's start: one
// --role=api and two --role=worker processes at the same moment on one
// fresh database. All three start (the workers used to exit with a
// duplicate "admins_username_key").
func TestAPIAndWorkersStartTogether(t *testing.T) {
	url := dbtest.FreshURL(t)
	dataDir := t.TempDir()
	redis := miniredis.RunT(t) // split roles share one Redis; a private one, so no other test's jobs are seen
	roles := []string{"api", "worker", "worker"}
	apps := make([]*app, len(roles))
	errs := startTogether(len(roles), func(i int) error {
		cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + dataDir, "--database-url=" + url, "--redis-url=redis://" + redis.Addr(), "--role=" + roles[i], "--log-level=error"})
		if err != nil {
			return err
		}
		cfg.SecretKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		apps[i], err = start(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		return err
	})
	for i, a := range apps {
		if a != nil {
			defer a.shutdown()
		}
		if errs[i] != nil {
			t.Errorf("--role=%s: %v", roles[i], errs[i])
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	if c, err := apps[0].db.Client.Admin.Query().Where(admin.RoleEQ(admin.RoleSuperAdmin)).Count(dbtest.Bootstrap()); err != nil || c != 1 {
		t.Errorf("%d super admins (%v), want 1", c, err)
	}
}
