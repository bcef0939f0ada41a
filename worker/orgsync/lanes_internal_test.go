package orgsync

import (
	"testing"
	"time"

	"imbridge/worker/orgsync/plan"
)

func readyOf(actions ...plan.Action) *readySet {
	r := &readySet{lanes: FeishuLanes(), heaps: map[string]*intHeap{}, busy: map[string]int{}, left: map[string]int{}, next: map[string]time.Time{}}
	for i, a := range actions {
		r.items = append(r.items, &item{c: plan.Change{Action: a}})
		r.count(i, 1)
		r.push(i)
	}
	return r
}

// TestLanesStartTheLongPoleFirstAndPaceItsNeighbours: a ready move goes
// before earlier updates, at most two moves are in flight, and updates are
// spaced while moves are left — not once they are done.
func TestLanesStartTheLongPoleFirstAndPaceItsNeighbours(t *testing.T) {
	r := readyOf(plan.ActionUpdateUser, plan.ActionUpdateUser, plan.ActionCreateUser, plan.ActionMoveUser, plan.ActionMoveUser, plan.ActionDisableUser)
	now := time.Unix(1000, 0)
	var order []int
	for range 4 {
		i, ok, _ := r.pop(now)
		if !ok {
			t.Fatalf("nothing to start after %v", order)
		}
		r.start(i)
		order = append(order, i)
	}
	// Moves 3 and 4 (lane of 2), then the create (lane of 4), then one
	// update (paced).
	if want := []int{3, 4, 2, 0}; !equal(order, want) {
		t.Fatalf("start order %v, want %v", order, want)
	}
	if _, ok, wait := r.pop(now); ok || wait != time.Minute/900 {
		t.Fatalf("second update started at once (ok %v, wait %s): it must wait its pace", ok, wait)
	}
	// The moves finish: the disable may go, and updates are no longer paced.
	for _, i := range []int{3, 4} {
		r.end(i)
		r.count(i, -1)
	}
	i, _, _ := r.pop(now)
	r.start(i)
	r.end(i)
	r.count(i, -1)
	if i != 5 {
		t.Fatalf("started %d, want the disable (5)", i)
	}
	if i, ok, _ := r.pop(now); !ok || i != 1 {
		t.Fatalf("with no 1 QPS change left, the update waits: %d %v", i, ok)
	}
}

// TestCreatesNeverHoldEverySlot: creates waiting on a spent per-minute
// budget hold at most four slots, so a move that becomes ready still
// starts, before the creates waiting their turn.
func TestCreatesNeverHoldEverySlot(t *testing.T) {
	var actions []plan.Action
	for range 10 {
		actions = append(actions, plan.ActionCreateUser)
	}
	r := readyOf(actions...)
	now := time.Unix(1000, 0)
	for n := range 4 {
		i, ok, _ := r.pop(now)
		if !ok || i != n {
			t.Fatalf("create %d: started %d (%v)", n, i, ok)
		}
		r.start(i)
	}
	if i, ok, _ := r.pop(now); ok {
		t.Fatalf("a fifth create (%d) started: creates would fill every slot", i)
	}
	r.items = append(r.items, &item{c: plan.Change{Action: plan.ActionMoveUser}})
	r.count(10, 1)
	r.push(10)
	r.end(0) // a create finished: its lane has room again, but the move goes first
	r.count(0, -1)
	if i, ok, _ := r.pop(now); !ok || i != 10 {
		t.Fatalf("started %d (%v), want the move (10)", i, ok)
	}
	if i, ok, _ := r.pop(now); !ok || i != 4 {
		t.Fatalf("started %d (%v), want the next create (4)", i, ok)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
