package feishu_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
)

// versionStore is the caller's side of NextApprovalVersion's contract:
// the last version of each instance, advanced atomically.
type versionStore struct {
	mu   sync.Mutex
	last map[string]int64
}

func (s *versionStore) next(id string, now time.Time, seen ...int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := platform.NextApprovalVersion(now, append(seen, s.last[id])...)
	s.last[id] = v
	return v
}

// Many changes of one instance synced at once, with a clock that stands
// still and steps back, arriving in any order: each change gets a newer
// version than the one before, and Feishu ends up holding the last
// change, whatever order the syncs arrived in. A stale retry changes
// nothing.
func TestConcurrentSyncsNeverGoBackwards(t *testing.T) {
	e := newApprovalEnv(t, nil)
	code := e.definition("k")
	store := &versionStore{last: map[string]int64{}}
	var clockMu sync.Mutex
	wall := time.UnixMilli(1_700_000_000_000)
	clock := func(i int) time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		if i%7 == 3 {
			wall = wall.Add(-5 * time.Second) // NTP steps the clock back
		}
		return wall // otherwise it stands still: many changes in one millisecond
	}

	const changes = 40
	type sent struct {
		version int64
		title   string
	}
	order := make(chan sent, changes)
	var wg sync.WaitGroup
	var allocMu sync.Mutex // versions are allocated as changes happen, in order
	for i := range changes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			allocMu.Lock()
			in := leave(code, "wf-1", store.next("wf-1", clock(i)))
			in.Title = fmt.Sprintf("change %d", i)
			order <- sent{in.Version, in.Title}
			allocMu.Unlock()
			time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond) // arrive in any order
			if err := e.client.SyncInstance(testCtx(t), in); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	close(order)
	var prev sent
	var last sent
	for s := range order {
		if s.version <= prev.version {
			t.Fatalf("version %d (%s) allocated after %d (%s)", s.version, s.title, prev.version, prev.title)
		}
		prev, last = s, s
	}
	got, _ := e.sim.ApprovalInstance(e.appID, "wf-1")
	if got.UpdateTime != last.version || got.Title != last.title {
		t.Fatalf("Feishu holds %q at %d, want the last change %q at %d", got.Title, got.UpdateTime, last.title, last.version)
	}
	if got.Syncs+got.Ignored != changes {
		t.Fatalf("%d applied + %d ignored, want %d", got.Syncs, got.Ignored, changes)
	}

	stale := leave(code, "wf-1", last.version-1)
	stale.Title = "a late retry"
	if err := e.client.SyncInstance(testCtx(t), stale); err != nil {
		t.Fatal(err)
	}
	if got, _ = e.sim.ApprovalInstance(e.appID, "wf-1"); got.Title != last.title {
		t.Fatalf("a stale retry replaced the last change: %q", got.Title)
	}
}

// The drift check finds what Feishu lost or holds at another version;
// repaired by a full sync at a version newer than both sides', the check
// then finds nothing.
func TestCheckInstancesFindsAndRepairsDrift(t *testing.T) {
	e := newApprovalEnv(t, nil)
	code := e.definition("k")
	store := &versionStore{last: map[string]int64{}}
	now := time.UnixMilli(1_700_000_000_000)
	want := map[string]platform.ApprovalInstance{}
	var versions []platform.ApprovalVersion
	for _, id := range []string{"a", "b", "c", "d"} {
		in := leave(code, id, store.next(id, now))
		if err := e.client.SyncInstance(testCtx(t), in); err != nil {
			t.Fatal(err)
		}
		want[id] = in
	}
	versionOf := func(id string) platform.ApprovalVersion {
		in := want[id]
		v := platform.ApprovalVersion{InstanceID: id, Version: in.Version}
		for _, tk := range in.Tasks {
			v.TaskIDs = append(v.TaskIDs, tk.ID)
		}
		return v
	}
	for _, id := range []string{"a", "b", "c", "d"} {
		versions = append(versions, versionOf(id))
	}
	if d, err := e.client.CheckInstances(testCtx(t), versions); err != nil || len(d) != 0 {
		t.Fatalf("before drift: %+v %v", d, err)
	}

	e.sim.LoseApprovalInstance(e.appID, "a")
	e.sim.LoseApprovalTask(e.appID, "b", "b-t2")
	future := now.Add(time.Hour).UnixMilli()
	e.sim.RewriteApprovalInstance(e.appID, "c", "APPROVED", "APPROVED", future) // written elsewhere, ahead of us
	drifts, err := e.client.CheckInstances(testCtx(t), versions)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%+v", drifts)
	wantDrift := fmt.Sprintf("%+v", []platform.ApprovalDrift{
		{InstanceID: "a", Missing: true},
		{InstanceID: "b", Version: want["b"].Version, Tasks: []platform.ApprovalTaskVersion{{TaskID: "b-t2"}}},
		{InstanceID: "c", Version: future, Tasks: []platform.ApprovalTaskVersion{{TaskID: "c-t1", Version: future}, {TaskID: "c-t2", Version: future}}},
	})
	if got != wantDrift {
		t.Fatalf("drift\n got %s\nwant %s", got, wantDrift)
	}
	states, err := e.client.InstanceStates(testCtx(t), []string{"a", "c"})
	if err != nil || len(states) != 1 || states[0].InstanceID != "c" || states[0].Status != platform.ApprovalApproved ||
		states[0].Version != future || states[0].DefinitionCode != code || len(states[0].Tasks) != 2 ||
		states[0].Tasks[0].Status != platform.TaskApproved {
		t.Fatalf("states %+v %v", states, err)
	}

	// Repair: the OA's truth, in full, newer than what either side holds.
	for _, d := range drifts {
		in := want[d.InstanceID]
		in.Version, in.Replace = store.next(d.InstanceID, now, d.Version), true
		if err := e.client.SyncInstance(testCtx(t), in); err != nil {
			t.Fatal(err)
		}
		want[d.InstanceID] = in
	}
	versions = versions[:0]
	for _, id := range []string{"a", "b", "c", "d"} {
		versions = append(versions, versionOf(id))
	}
	if d, err := e.client.CheckInstances(testCtx(t), versions); err != nil || len(d) != 0 {
		t.Fatalf("after the repair: %+v %v", d, err)
	}
	if c, _ := e.sim.ApprovalInstance(e.appID, "c"); c.Status != "PENDING" || c.UpdateTime <= future || c.Tasks[0].Status != "PENDING" {
		t.Fatalf("c after the repair %+v", c)
	}
}

// Long lists go in batches: check 100 instances a request, states 20.
func TestCheckAndStatesBatch(t *testing.T) {
	e := newApprovalEnv(t, nil)
	code := e.definition("k")
	var want []platform.ApprovalVersion
	var ids []string
	for i := range 45 {
		id := fmt.Sprint("wf-", i)
		if err := e.client.SyncInstance(testCtx(t), leave(code, id, 7)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i := range 250 {
		want = append(want, platform.ApprovalVersion{InstanceID: fmt.Sprint("missing-", i), Version: 7})
	}
	drifts, err := e.client.CheckInstances(testCtx(t), want)
	if err != nil || len(drifts) != 250 || !drifts[249].Missing {
		t.Fatalf("%d drifts, %v", len(drifts), err)
	}
	states, err := e.client.InstanceStates(testCtx(t), ids)
	if err != nil || len(states) != 45 {
		t.Fatalf("%d states, %v", len(states), err)
	}
	if c, s := e.apiCalls(feishu.APIExternalInstanceCheck), e.apiCalls(feishu.APIExternalTaskList); c != 3 || s != 3 {
		t.Fatalf("%d check and %d list requests, want 3 and 3", c, s)
	}
}
