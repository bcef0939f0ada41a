package oaimport

import (
	"context"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/ent/user"
)

// Batch sizes. Each stays far below PostgreSQL's 65,535 bind parameters per
// statement (users have 14 columns: 1,000 rows is 14,000 parameters) and
// SQLite's 32,766, while keeping round trips few.
const (
	createBatch = 1000
	linkBatch   = 2000 // memberships: 5 columns
	idBatch     = 5000 // ids in one "id IN (…)" update or delete
)

// Run validates the input and applies it to the tenant's OA directory. It
// writes through client, which may be a transaction's client; Run never opens
// a transaction itself, so the caller decides whether a failure rolls back
// everything. An invalid input returns a *ValidationError before any write.
// report, if not nil, receives progress at most every ~1% and at each phase.
func Run(ctx context.Context, client *ent.Client, in Input, report func(Progress)) (detail.Counters, error) {
	in = normalize(in)
	r := &runner{
		client: client,
		in:     in,
		now:    time.Now(),
		prog:   newTracker(report, len(in.Departments)+len(in.Users)+in.membershipCount()),
	}
	r.prog.phase(PhaseValidate)
	before, err := countPeople(ctx, client)
	if err != nil {
		return detail.Counters{}, err
	}
	old, err := loadDepartments(ctx, client)
	if err != nil {
		return detail.Counters{}, err
	}
	stored, err := loadContacts(ctx, client, in)
	if err != nil {
		return detail.Counters{}, err
	}
	if ps := validate(&in, old, stored); len(ps) > 0 {
		return detail.Counters{}, &ValidationError{Problems: ps}
	}
	if err := r.run(ctx, old); err != nil {
		return *r.counters(), err
	}
	people, err := countPeople(ctx, client)
	if err != nil {
		return *r.counters(), err
	}
	r.prog.finish()
	c := *r.counters()
	c.OAUsers, c.OAUsersBefore = &people, &before
	return c, nil
}

// countPeople is how many people the OA directory holds (active or
// disabled: neither resigned nor removed). The import's run keeps the
// count before and after it, and the next oa_to_im run's brake compares
// the OA's count with the one before its imports (用户减少数量阈值, seed 003
// §4.2.3 (3)).
func countPeople(ctx context.Context, client *ent.Client) (int, error) {
	n, err := client.User.Query().Where(user.CorpIDIsNil(), user.RemovedAtIsNil(), user.StatusNEQ(user.StatusResigned)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("counting the OA's people: %w", err)
	}
	return n, nil
}

// runner carries one import through its phases.
type runner struct {
	client *ent.Client
	in     Input
	// now stamps every removed_at and status_changed_at of the run, so the
	// rows one import changed share one time.
	now  time.Time
	prog *tracker
	// deptIDs maps the external id of every department the input may refer
	// to (existing and created) to its row id.
	deptIDs map[string]int
	// userIDs holds the row id of each input user, by input index.
	userIDs []int
}

func (r *runner) counters() *detail.Counters { return r.prog.counters() }

func (r *runner) run(ctx context.Context, old *oldDepts) error {
	r.prog.phase(PhaseDepartments)
	if err := r.departments(ctx, old); err != nil {
		return err
	}
	// Users and memberships are read only now: an invalid import never pays
	// for loading a 100k-user directory.
	users, err := loadUsers(ctx, r.client)
	if err != nil {
		return err
	}
	links, err := loadMemberships(ctx, r.client)
	if err != nil {
		return err
	}
	plan := r.planMemberships(users, links)
	r.prog.phase(PhaseUsers)
	if err := r.users(ctx, users, plan); err != nil {
		return err
	}
	r.prog.phase(PhaseMemberships)
	if err := r.memberships(ctx, plan); err != nil {
		return err
	}
	if r.in.Complete {
		r.prog.phase(PhaseResign)
		return r.resign(ctx, users)
	}
	return nil
}

// batches calls fn on consecutive chunks of at most size items of s.
func batches[T any](s []T, size int, fn func([]T) error) error {
	for len(s) > 0 {
		n := min(size, len(s))
		if err := fn(s[:n]); err != nil {
			return err
		}
		s = s[n:]
	}
	return nil
}
