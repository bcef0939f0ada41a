package mirror_test

import (
	"context"
	"encoding/json"
	"errors"
	"hash/fnv"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"imbridge/ent/user"
	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/mirror"
)

// gatedDir counts the user listings in flight. The first `gate` listings
// wait until `gate` of them are in flight at once, so a pull that lists one
// department at a time never gets past the first (the test then fails on
// the deadline, not on a timing). Later listings are delayed by an amount
// taken from the department id, so they finish out of order.
type gatedDir struct {
	platform.Directory
	gate     int32
	arrived  atomic.Int32
	open     chan struct{}
	once     sync.Once
	inFlight atomic.Int32
	most     atomic.Int32
	jitter   bool
	users    bool // gate User reads instead of listings
}

func newGatedDir(dir platform.Directory, gate int32, jitter bool) *gatedDir {
	return &gatedDir{Directory: dir, gate: gate, open: make(chan struct{}), jitter: jitter}
}

func (d *gatedDir) DepartmentUsers(ctx context.Context, id string, fn func([]platform.DirUser) error) error {
	if d.users {
		return d.Directory.DepartmentUsers(ctx, id, fn)
	}
	release, err := d.pass(ctx, id)
	if err != nil {
		return err
	}
	defer release()
	return d.Directory.DepartmentUsers(ctx, id, fn)
}

// User is gated instead of the listings when users is set.
func (d *gatedDir) User(ctx context.Context, id string) (platform.DirUser, error) {
	if !d.users {
		return d.Directory.User(ctx, id)
	}
	release, err := d.pass(ctx, id)
	if err != nil {
		return platform.DirUser{}, err
	}
	defer release()
	return d.Directory.User(ctx, id)
}

// pass counts a call in flight (release ends it) and holds it at the gate.
func (d *gatedDir) pass(ctx context.Context, id string) (release func(), err error) {
	n := d.inFlight.Add(1)
	release = func() { d.inFlight.Add(-1) }
	for {
		m := d.most.Load()
		if n <= m || d.most.CompareAndSwap(m, n) {
			break
		}
	}
	if d.arrived.Add(1) >= d.gate {
		d.once.Do(func() { close(d.open) })
	}
	select {
	case <-d.open:
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	case <-time.After(30 * time.Second):
		release()
		return nil, errors.New("the gate never opened: reads are not concurrent")
	}
	if d.jitter {
		h := fnv.New32a()
		h.Write([]byte(id))
		time.Sleep(time.Duration(h.Sum32()%4) * time.Millisecond)
	}
	return release, nil
}

// TestListingsRunConcurrentlyWithinTheBound: a pull keeps several user
// listings in flight (it would wait on the gate for ever with one), never
// more than Params.InFlight, and the mirror equals the directory.
func TestListingsRunConcurrentlyWithinTheBound(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 400, Departments: 60, Depth: 3, PartTimeRatio: 0.2, ResignedRatio: 0.02, Seed: 61}, feishusim.Config{})
	dir := newGatedDir(f.env.client, 4, true)
	f.run++
	res, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: dir, Top: platform.RootDepartmentID, InFlight: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	if most := dir.most.Load(); most > 4 || most < 4 {
		t.Fatalf("at most %d listings were in flight, want exactly the bound 4", most)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
}

// TestConcurrentListingsAreDeterministic: listings that finish out of
// order give the result of listings made one at a time — the same
// counters, the same item errors in the same order, the same mirror —
// with items that fail (a user without user_id, a department whose
// listing fails) among them.
func TestConcurrentListingsAreDeterministic(t *testing.T) {
	gen := feishusim.GenOptions{Users: 500, Departments: 70, Depth: 3, PartTimeRatio: 0.25, Seed: 62}
	type outcome struct {
		res  mirror.Result
		view []string
	}
	pull := func(inFlight int) outcome {
		f := setup(t, gen, feishusim.Config{})
		snap := f.org.Snapshot()
		var victims []string
		for _, u := range snap.Users {
			if !u.Resigned && len(victims) < 3 {
				victims = append(victims, u.UserID)
			}
		}
		var dir platform.Directory = noUserID{Directory: f.env.client, victim: victims[0]}
		dir = &failUsersOf{Directory: dir, dept: snap.Departments[5].DepartmentID}
		dir = editDir{Directory: dir, edit: func(u *platform.DirUser) {
			if u.ID == victims[1] || u.ID == victims[2] {
				u.Mobile = "+8613900000004" // one number, two people
			}
		}}
		if inFlight > 1 {
			dir = newGatedDir(dir, int32(inFlight), true)
		}
		f.run++
		res, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: dir, Top: platform.RootDepartmentID, InFlight: inFlight})
		if err != nil {
			t.Fatal(err)
		}
		return outcome{res: res, view: dbView(t, f.ctx, f.db, f.corpID)}
	}
	one, many := pull(1), pull(8)
	if len(one.res.Errors) < 3 {
		t.Fatalf("the failing items were not recorded: %+v", one.res.Errors)
	}
	if one.res.Counters != many.res.Counters {
		t.Fatalf("counters differ: one at a time %+v, concurrent %+v", one.res.Counters, many.res.Counters)
	}
	if !slices.Equal(one.res.Errors, many.res.Errors) {
		t.Fatalf("item errors differ:\none at a time %+v\nconcurrent   %+v", one.res.Errors, many.res.Errors)
	}
	sameView(t, one.view, many.view)
}

// TestCheckpointsCoverOnlyWrittenDepartments: with listings running ahead
// of the writes and finishing out of order, every checkpoint names a
// department up to which every listing finished and every user listed is
// written (stamped with the run); a run killed at a checkpoint resumes to
// the exact mirror.
func TestCheckpointsCoverOnlyWrittenDepartments(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 900, Departments: 160, Depth: 4, PartTimeRatio: 0.2, Seed: 63}, feishusim.Config{})
	snap := f.org.Snapshot()
	members := map[string][]string{} // department → user ids listed in it
	for _, u := range snap.Users {
		if u.Resigned {
			continue
		}
		for _, d := range u.DepartmentIDs {
			members[d] = append(members[d], u.UserID)
		}
	}
	var depts []string
	for _, d := range snap.Departments {
		depts = append(depts, d.DepartmentID)
	}
	slices.Sort(depts)
	errStop := errors.New("worker killed")
	var saved []byte
	saves := 0
	check := func(ctx context.Context, cp []byte) error {
		var c struct{ Phase, After string }
		if err := json.Unmarshal(cp, &c); err != nil {
			t.Fatal(err)
		}
		if c.Phase != mirror.PhaseUsers || c.After == "" {
			saved = append([]byte(nil), cp...)
			return nil
		}
		var want []string
		for _, d := range depts {
			if d > c.After {
				break
			}
			want = append(want, members[d]...)
		}
		n, err := f.db.User.Query().Where(user.CorpID(f.corpID), user.ExternalIDIn(want...), user.LastSeenRun(f.run)).Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		distinct := len(slices.Compact(slices.Sorted(slices.Values(want))))
		if n != distinct {
			t.Fatalf("checkpoint after %s: %d of the %d users listed up to it are written", c.After, n, distinct)
		}
		if saves++; saves == 2 {
			return errStop // killed before the checkpoint was stored
		}
		saved = append([]byte(nil), cp...)
		return nil
	}
	f.run++
	_, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: newGatedDir(f.env.client, 6, true),
		Top: platform.RootDepartmentID, InFlight: 6, Save: check})
	if !errors.Is(err, errStop) {
		t.Fatalf("the run was not killed at its second checkpoint: %v", err)
	}
	saves = -1 << 30 // no more kills
	res, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: newGatedDir(f.env.client, 6, true),
		Top: platform.RootDepartmentID, InFlight: 6, Checkpoint: saved, Save: check})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 {
		t.Fatalf("errors: %+v", res.Errors)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
}

// TestUnseenUsersAreReadConcurrently: the users a pull did not list are
// each read (resigned? moved out?) with several reads in flight, within
// the bound, and judged as one at a time would.
func TestUnseenUsersAreReadConcurrently(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 300, Departments: 30, Depth: 3, Seed: 64}, feishusim.Config{})
	if _, err := f.pull(t, nil, nil); err != nil {
		t.Fatal(err)
	}
	var resigned []string
	for _, u := range f.org.Snapshot().Users {
		if !u.Resigned && len(resigned) < 24 {
			resigned = append(resigned, u.UserID)
		}
	}
	for _, id := range resigned {
		if err := f.org.DeleteUser(id); err != nil {
			t.Fatal(err)
		}
	}
	dir := newGatedDir(f.env.client, 5, true)
	dir.users = true
	f.run++
	res, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: dir, Top: platform.RootDepartmentID, InFlight: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 || res.Counters.Removed != len(resigned) {
		t.Fatalf("counters %+v, errors %+v; %d resigned", res.Counters, res.Errors, len(resigned))
	}
	if most := dir.most.Load(); most != 5 {
		t.Fatalf("at most %d user reads were in flight, want exactly the bound 5", most)
	}
	sameView(t, simView(f.org.Snapshot()), dbView(t, f.ctx, f.db, f.corpID))
}
