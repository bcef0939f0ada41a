package main

import (
	"context"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/syncprofile"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/worker"
	"imbridge/worker/oaimport"
	"imbridge/worker/orgsync"
)

// demoSyncScript runs the demo's sync story on the first start (tests of
// other parts of the demo turn it off).
var demoSyncScript = true

// demoDrop is how many people the demo's later OA import drops: more than
// the demo profile's threshold, so the brake holds the run for approval.
const (
	demoDrop      = 40
	demoThreshold = 20
)

// syncStory shows the org sync on the demo tenant once the first pull is
// in (issue 8, "done means"): a dry run OA → Feishu (模拟同步, the merged
// tree in the seed's colours), the apply of that plan with live progress,
// a dry run of its undo, an im_to_oa run that delivers signed webhooks to
// the demo's OA receiver, and finally an OA import that drops 40 people,
// whose sync the deletion brake holds in awaiting_approval until the
// story's admin approves it (the run history shows both). Each step is an
// ordinary run through the worker, and the story ends with nothing
// waiting: a new admin's "Sync to Feishu" dry run and apply just work.
func (d *demo) syncStory(ctx context.Context, a *app) error {
	sys := viewer.System(ctx, "demo", d.tenID)
	db := a.db.Client
	if n, err := db.SyncRun.Query().Where(syncrun.CorpID(d.corp.ID), syncrun.KindIn(syncrun.KindOaToIm, syncrun.KindImToOa)).Count(sys); err != nil || n > 0 {
		return err
	}
	if err := waitUntil(ctx, 5*time.Minute, func() (bool, error) {
		return db.SyncRun.Query().Where(syncrun.CorpID(d.corp.ID), syncrun.KindEQ(syncrun.KindImPull), syncrun.StatusEQ(syncrun.StatusSucceeded)).Exist(sys)
	}); err != nil {
		return fmt.Errorf("waiting for the first pull: %w", err)
	}
	prof, err := db.SyncProfile.Query().Where(syncprofile.CorpID(d.corp.ID)).Only(sys)
	if err != nil {
		return err
	}
	setMode := func(m syncprofile.Mode) error {
		return prof.Update().SetMode(m).SetPermission(syncprofile.PermissionReadWrite).SetCreateUsers(true).
			SetAutoBindField("mobile").SetThresholdCount(demoThreshold).Exec(sys)
	}
	if err := setMode(syncprofile.ModeOaToIm); err != nil {
		return err
	}
	dry, err := d.syncRun(sys, a, orgsync.Request{CorpID: d.corp.ID, DryRun: true, By: "demo"})
	if err != nil {
		return fmt.Errorf("dry run: %w", err)
	}
	applied, err := orgsync.CreateApply(sys, db, dry.ID, "demo")
	if err != nil {
		return err
	}
	if applied, err = d.wait(sys, a, applied); err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	if _, err := d.syncRun(sys, a, orgsync.Request{CorpID: d.corp.ID, DryRun: true, Purpose: syncrun.PurposeUndo, UndoOf: applied.ID, By: "demo"}); err != nil {
		return fmt.Errorf("undo dry run: %w", err)
	}
	// The OA follows Feishu for one run: its changes reach the demo OA as webhooks.
	if err := setMode(syncprofile.ModeImToOa); err != nil {
		return err
	}
	if _, err := d.syncRun(sys, a, orgsync.Request{CorpID: d.corp.ID, By: "demo"}); err != nil {
		return fmt.Errorf("im_to_oa: %w", err)
	}
	if err := setMode(syncprofile.ModeOaToIm); err != nil {
		return err
	}
	// The OA's next import says 40 bound people left: the brake holds the sync.
	left, err := db.User.Query().Where(user.CorpIDIsNil(), user.StatusEQ(user.StatusActive), user.HasOaBindings()).
		Order(ent.Asc(user.FieldExternalID)).Limit(demoDrop).All(sys)
	if err != nil {
		return err
	}
	var in oaimport.Input
	for _, u := range left {
		in.Users = append(in.Users, oaimport.User{ExternalID: u.ExternalID, Name: u.Name, Mobile: u.Mobile, Email: u.Email,
			EmployeeNo: u.EmployeeNo, Title: u.Title, Status: user.StatusResigned})
	}
	if err := importOA(sys, db, in); err != nil {
		return fmt.Errorf("the demo's shrunken OA import: %w", err)
	}
	held, err := orgsync.Create(sys, db, orgsync.Request{CorpID: d.corp.ID, By: "demo"})
	if err != nil {
		return err
	}
	if held, err = d.wait(sys, a, held); err != nil || held.Status != syncrun.StatusAwaitingApproval {
		return fmt.Errorf("the brake's run %d is %s, not held for approval: %w", held.ID, held.Status, err)
	}
	// The story's admin approves it, as one would in the console: the run
	// stays in the history as held by the brake, then approved, and the
	// tenant is free for the next "Sync to Feishu" (a run left waiting
	// would refuse every other writing run of the corp until someone
	// approved or rejected it).
	if held, err = orgsync.Approve(sys, db, held.ID, demoApprover); err != nil {
		return err
	}
	if err := a.jobs.EnqueueSyncApply(sys, worker.RunPayload{TenantID: held.TenantID, RunID: held.ID}); err != nil {
		return err
	}
	_, err = d.waitOnly(sys, a, held)
	return err
}

// demoApprover is who approves the story's held run.
const demoApprover = "demo (the story's admin)"

// importOA applies an OA import as importDirectory does and records it as
// an oa_import run with the OA's head count, which the next oa_to_im run's
// deletion brake compares with (seed 003 §4.2.3 (3)).
func importOA(ctx context.Context, db *ent.Client, in oaimport.Input) error {
	started := time.Now()
	counters, err := oaimport.Run(ctx, db, in, func(oaimport.Progress) {})
	if err != nil {
		return err
	}
	return db.SyncRun.Create().SetKind(syncrun.KindOaImport).SetTrigger(syncrun.TriggerManual).SetCreatedBy("demo OA").
		SetStatus(syncrun.StatusSucceeded).SetCounters(counters).SetTotal(len(in.Departments) + len(in.Users)).
		SetDone(len(in.Departments) + len(in.Users)).SetStartedAt(started).SetFinishedAt(time.Now()).Exec(ctx)
}

// syncRun creates a run, enqueues it and waits for it to end.
func (d *demo) syncRun(ctx context.Context, a *app, r orgsync.Request) (*ent.SyncRun, error) {
	run, err := orgsync.Create(ctx, a.db.Client, r)
	if err != nil {
		return nil, err
	}
	return d.wait(ctx, a, run)
}

func (d *demo) wait(ctx context.Context, a *app, run *ent.SyncRun) (*ent.SyncRun, error) {
	if err := a.jobs.EnqueueRun(ctx, worker.TypeSync, worker.QueueDefault, worker.RunPayload{TenantID: run.TenantID, RunID: run.ID}); err != nil {
		return nil, err
	}
	return d.waitOnly(ctx, a, run)
}

// waitOnly waits for an enqueued run to end.
func (d *demo) waitOnly(ctx context.Context, a *app, run *ent.SyncRun) (*ent.SyncRun, error) {
	err := waitUntil(ctx, 10*time.Minute, func() (bool, error) {
		var err error
		run, err = a.db.Client.SyncRun.Get(ctx, run.ID)
		return err == nil && run.Status != syncrun.StatusQueued && run.Status != syncrun.StatusRunning, err
	})
	if err == nil && run.Status == syncrun.StatusFailed {
		err = fmt.Errorf("run %d failed: %s", run.ID, run.Error)
	}
	return run, err
}

func waitUntil(ctx context.Context, limit time.Duration, ok func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	for {
		done, err := ok()
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still waiting after %s", limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
