package orgsync

import (
	"testing"
	"time"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/detail"
	"imbridge/ent/syncrun"
)

// The shrink check's basis (seed 003 §4.2.3 (3)) is the OA's head count
// before the OA imports since the previous applied run, not the previous
// run's figures.
func TestPreviousImport(t *testing.T) {
	db := dbtest.Open(t)
	_, ctx := dbtest.Tenant(t, db.Client, "acme")
	c := db.Client
	corp := mustDo(c.Corp.Create().SetName("Acme").SetPlatform("feishu").Save(ctx))
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	n := func(v int) *int { return &v }
	imp := func(h int, before, after *int) {
		mustDo(c.SyncRun.Create().SetKind(syncrun.KindOaImport).SetStatus(syncrun.StatusSucceeded).
			SetStartedAt(at(h)).SetFinishedAt(at(h)).SetCounters(detail.Counters{OAUsers: after, OAUsersBefore: before}).Save(ctx))
	}
	want := func(step string, corpID, users int) {
		t.Helper()
		got, err := previousImport(ctx, c, corpID)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case users < 0 && got != nil:
			t.Errorf("%s: basis %d, want none", step, got.Users)
		case users >= 0 && (got == nil || got.Users != users):
			t.Errorf("%s: basis %+v, want %d", step, got, users)
		}
	}
	want("no import", corp.ID, -1)
	imp(1, n(0), n(500))
	imp(2, n(500), n(460))
	want("no run yet: before the newest import", corp.ID, 500)
	// an applied run after both imports; a dry run and a failed run later
	mustDo(c.SyncRun.Create().SetCorpID(corp.ID).SetKind(syncrun.KindOaToIm).SetStatus(syncrun.StatusSucceeded).SetStartedAt(at(3)).Save(ctx))
	mustDo(c.SyncRun.Create().SetCorpID(corp.ID).SetKind(syncrun.KindOaToIm).SetDryRun(true).SetStatus(syncrun.StatusSucceeded).SetStartedAt(at(5)).Save(ctx))
	mustDo(c.SyncRun.Create().SetCorpID(corp.ID).SetKind(syncrun.KindOaToIm).SetStatus(syncrun.StatusFailed).SetStartedAt(at(5)).Save(ctx))
	want("no import since the applied run: nothing to check", corp.ID, -1)
	// the bridge added 60 people to the OA meanwhile (an im_to_oa run),
	// then two imports dropped 40 and 20
	imp(4, n(520), n(480))
	imp(6, n(480), n(460))
	want("after the run: before the first import since", corp.ID, 520)
	other := mustDo(c.Corp.Create().SetName("Other").SetPlatform("feishu").Save(ctx))
	want("a corp without runs: before the newest import", other.ID, 480)
	imp(7, nil, nil)
	want("the newest import recorded without its counts", other.ID, -1)
}

func mustDo[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
