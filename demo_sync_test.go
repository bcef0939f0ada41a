package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
)

// TestDemoSyncStory: on a fresh start the demo tenant shows a dry run OA →
// Feishu with matched and new departments, its apply, an undo dry run, an
// im_to_oa run whose webhooks the demo OA received with valid signatures,
// and a sync held for approval after the OA import dropped people.
func TestDemoSyncStory(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole demo story")
	}
	cfg, err := parseConfig([]string{"--listen=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--demo=on", "--log-level=warn"})
	if err != nil {
		t.Fatal(err)
	}
	cfg.AdminPassword = "Demo-admin-pass-1"
	ctx := context.Background()
	a, err := start(ctx, cfg, slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		t.Fatal(err)
	}
	defer a.shutdown()
	sys := viewer.System(ctx, "test", a.demo.tenID)
	db := a.db.Client
	deadline := time.Now().Add(90 * time.Second)
	for {
		ok, err := db.SyncRun.Query().Where(syncrun.KindEQ(syncrun.KindOaToIm), syncrun.StatusEQ(syncrun.StatusAwaitingApproval)).Exist(sys)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			for _, r := range db.SyncRun.Query().AllX(sys) {
				t.Logf("run %d %s %s dry=%v purpose=%s phase=%s %d/%d err=%s", r.ID, r.Kind, r.Status, r.DryRun, r.Purpose, r.Phase, r.Done, r.Total, r.Error)
			}
			for _, c := range db.SyncChange.Query().Where(syncchange.Or(syncchange.StatusEQ(syncchange.StatusFailed), syncchange.TargetContains("OA-U0196"), syncchange.SourceContains("OA-U0196"))).Limit(20).AllX(sys) {
				t.Logf("change run=%d %s %s %s>%s %s: %s %s %v", c.RunID, c.Action, c.Name, c.Source, c.Target, c.Status, c.Code, c.Message, c.Diff)
			}
			t.Fatal("timed out waiting for the sync held for approval")
		}
		time.Sleep(100 * time.Millisecond)
	}
	runs, err := db.SyncRun.Query().Where(syncrun.KindIn(syncrun.KindOaToIm, syncrun.KindImToOa)).Order(syncrun.ByID()).All(sys)
	if err != nil || len(runs) != 5 {
		t.Fatalf("%d sync runs (%v), want 5", len(runs), err)
	}
	dry, apply, undo, toOA, held := runs[0], runs[1], runs[2], runs[3], runs[4]
	colours := map[string]int{}
	for _, n := range dry.Plan.Tree {
		colours[n.Status]++
	}
	if !dry.DryRun || dry.Status != syncrun.StatusSucceeded || colours["matched"] == 0 || colours["new"] == 0 {
		t.Fatalf("dry run %s, tree %v", dry.Status, colours)
	}
	if apply.DryRun || apply.Status != syncrun.StatusSucceeded || *apply.AppliesRunID != dry.ID || apply.Done != apply.Total {
		t.Fatalf("apply: %+v", apply)
	}
	if undo.Purpose != syncrun.PurposeUndo || !undo.DryRun || undo.Status != syncrun.StatusSucceeded {
		t.Fatalf("undo: %+v", undo)
	}
	if toOA.Kind != syncrun.KindImToOa || toOA.Status != syncrun.StatusSucceeded || toOA.Total == 0 {
		t.Fatalf("im_to_oa: %+v", toOA)
	}
	if !held.Plan.Brake.Tripped || held.Plan.Brake.Disable < demoDrop {
		t.Fatalf("held run: %+v", held.Plan.Brake)
	}
	waitFor(t, 60*time.Second, "the demo OA to receive the webhooks", func() bool {
		a.demo.oa.mu.Lock()
		defer a.demo.oa.mu.Unlock()
		verified := 0
		for _, e := range a.demo.oa.events {
			if e.Verified && e.Type != "ping" {
				verified++
			}
		}
		return verified > 0
	})
}

// testWriter logs through t.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
