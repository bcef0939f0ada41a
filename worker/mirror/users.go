package mirror

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"imbridge/ent"
	"imbridge/ent/membership"
	"imbridge/ent/user"
	"imbridge/platform"
)

// progressStep is how many people a progress report may advance at most
// when the pull counts people: a page of Feishu's user listing (50).
const progressStep = 50

// flushUsers is how many users are buffered before they are written;
// flushIdle how many are written early while the next listing is awaited.
const (
	flushUsers = 500
	flushIdle  = 100
)

// users lists the users of every department seen by this run, in external id
// order (so a checkpoint is just the last department done), and writes each
// user once with all its memberships. Up to Params.InFlight listings run at
// once (inorder.go); their results are taken in department order, so the
// run's outcome and its checkpoints are those of one listing at a time.
func (r *runner) users(ctx context.Context) error {
	r.phase = PhaseUsers
	var ids []string
	for id, d := range r.st.depts {
		if d.LastSeenRun == r.p.RunID && d.RemovedAt == nil {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	start, _ := slices.BinarySearch(ids, r.cp.After)
	if r.cp.After != "" && start < len(ids) && ids[start] == r.cp.After {
		start++
	}
	// Progress in people, so that the bar advances steadily whatever the
	// departments' sizes: the total is what the mirror held after the last
	// pull (growing if this one finds more); the first pull, with nothing to
	// go by, counts departments.
	expected := r.expectedUsers()
	byPeople := expected > 0
	if byPeople {
		r.total, r.done = expected, r.seenUsers()
	} else {
		r.total, r.done = len(ids), start
	}
	r.report()
	todo := ids[start:]
	var buf []pendingUser
	queued := map[string]bool{}
	stepped := 0
	err := inOrder(ctx, len(todo), r.inFlight(), func(ctx context.Context, i int) listing {
		return listUsers(ctx, r.p.Dir, todo[i])
	}, func(i int, l listing, next bool) error {
		id := todo[i]
		for _, u := range l.users {
			// A part-time member is listed in every department; a resumed
			// run already wrote users stamped with its id.
			key := userRef(u.DirUser) // users without user_id are told apart by open_id
			if queued[key] {
				continue
			}
			if row := r.st.users[u.ID]; row != nil && row.LastSeenRun == r.p.RunID {
				continue
			}
			queued[key] = true
			buf = append(buf, u)
			if byPeople {
				r.done++
				// A department's listing arrives whole (listings run ahead
				// of the writes): report it in pages' worth of people so the
				// bar still moves in steady steps.
				if stepped++; stepped == progressStep {
					stepped = 0
					r.report()
				}
			}
		}
		if l.err != nil {
			if fatal(l.err) && !r.deletedMeanwhile(ctx, id, l.err) {
				return fmt.Errorf("listing the users of department %s: %w", id, l.err)
			}
			r.itemError(kindDepartment, id, l.err, true)
		}
		if !byPeople {
			r.done++
		}
		// Written when the batch is full, at a checkpoint, at the end, and
		// while waiting for the next listing when there is enough to write:
		// less is left to write after the last listing.
		if len(buf) >= flushUsers || (len(buf) >= flushIdle && !next) || (start+i)%checkpointEvery == checkpointEvery-1 || i == len(todo)-1 {
			if err := r.writeUsers(ctx, buf); err != nil {
				return err
			}
			buf = buf[:0]
			r.cp.After = id
			r.report() // the checkpoint stores the counters reported last
			if err := r.save(ctx); err != nil {
				return err
			}
		}
		r.report()
		return nil
	})
	if err != nil {
		return err
	}
	if err := r.grantedUsers(ctx, queued); err != nil {
		return err
	}
	r.reportDuplicates()
	r.cp.Phase = PhaseFinalize
	return r.save(ctx)
}

// listing is one department's users as listed, and the error that ended
// the listing, if any (the pages before it are kept).
// Users come in canonical form (canonical runs here, on the listing
// goroutines, in parallel with the writes).
type listing struct {
	users []pendingUser
	err   error
}

func listUsers(ctx context.Context, dir platform.Directory, id string) listing {
	var l listing
	l.err = dir.DepartmentUsers(ctx, id, func(page []platform.DirUser) error {
		for _, u := range page {
			l.users = append(l.users, canonical(u))
		}
		return nil
	})
	return l
}

func (r *runner) inFlight() int {
	if r.p.InFlight > 0 {
		return r.p.InFlight
	}
	return defaultInFlight
}

// writeUsers upserts a batch of users (canonical: see canonical) and their
// memberships.
func (r *runner) writeUsers(ctx context.Context, batch []pendingUser) error {
	var creates []*ent.UserCreate
	var createdFrom []platform.DirUser
	var seen []*ent.User
	now := time.Now()
	for _, p := range batch {
		u := p.DirUser
		if err := validUser(u); err != nil {
			// Without a user_id nobody can tell whether this user is one
			// the mirror has: read failures block removals.
			r.itemError(kindUser, userRef(u), err, u.ID == "")
			continue
		}
		for _, err := range p.problems {
			r.itemError(kindUser, u.ID, err, false)
		}
		row := r.st.users[u.ID]
		if row == nil {
			creates = append(creates, r.userCreate(u))
			createdFrom = append(createdFrom, u)
			continue
		}
		if sameUser(row, u) {
			seen = append(seen, row)
		} else {
			var err error
			if row, err = r.updateUser(ctx, row, u, now); err != nil {
				return err
			}
			if row == nil {
				continue // refused: recorded
			}
		}
		if err := r.syncUserMemberships(ctx, row.ID, u); err != nil {
			return err
		}
	}
	if len(seen) > 0 {
		ids := make([]int, len(seen))
		for i, row := range seen {
			ids[i] = row.ID
			row.LastSeenRun = r.p.RunID
		}
		if err := r.p.Client.User.Update().Where(user.IDIn(ids...)).SetLastSeenRun(r.p.RunID).Exec(ctx); err != nil {
			return fmt.Errorf("stamping users: %w", err)
		}
		r.counters.Unchanged += len(seen)
	}
	if len(creates) > 0 {
		created, from, adopted, err := r.createUsers(ctx, creates, createdFrom)
		if err != nil {
			return err
		}
		r.counters.Created += len(created)
		// Users an event wrote since the mirror was loaded: brought to what
		// this pull read, like the users it already had.
		for _, u := range adopted {
			row, err := r.updateUser(ctx, r.st.users[u.ID], u, now)
			if err != nil {
				return err
			}
			if row == nil {
				continue
			}
			if err := r.syncUserMemberships(ctx, row.ID, u); err != nil {
				return err
			}
		}
		var ms []*ent.MembershipCreate
		for i, row := range created {
			r.st.users[row.ExternalID] = row
			for _, want := range r.wantedMemberships(from[i]) {
				ms = append(ms, r.p.Client.Membership.Create().SetUserID(row.ID).SetDepartmentID(want.dept).SetPrimary(want.primary).SetOrder(want.order))
			}
		}
		for len(ms) > 0 {
			n := min(len(ms), 2000)
			if err := r.p.Client.Membership.CreateBulk(ms[:n]...).Exec(ctx); err != nil {
				if !ent.IsConstraintError(err) {
					return fmt.Errorf("creating memberships: %w", err)
				}
				// An event wrote some of them meanwhile: one by one.
				if err := r.createMemberships(ctx, ms[:n]); err != nil {
					return err
				}
			}
			ms = ms[n:]
		}
	}
	return nil
}

// updateUser writes what the directory says of a user the mirror holds.
// It returns the row, or nil when the database refused the item (then
// recorded).
func (r *runner) updateUser(ctx context.Context, row *ent.User, u platform.DirUser, now time.Time) (*ent.User, error) {
	status := user.Status(u.Status)
	upd := r.p.Client.User.UpdateOneID(row.ID).
		SetOpenID(u.OpenID).SetUnionID(u.UnionID).SetName(u.Name).SetMobile(u.Mobile).SetEmail(u.Email).
		SetEmployeeNo(u.EmployeeNo).SetTitle(u.Title).SetStatus(status).ClearRemovedAt().ClearOutOfScopeAt().SetLastSeenRun(r.p.RunID).
		SetAttributes(u.Attributes)
	if g := gender(u.Gender); g != nil {
		upd.SetGender(*g)
	} else {
		upd.ClearGender()
	}
	if row.Status != status {
		upd.SetStatusChangedAt(now)
	}
	updated, err := upd.Save(ctx)
	if err != nil {
		if !itemProblem(err) {
			return nil, fmt.Errorf("updating user %s: %w", u.ID, err)
		}
		r.itemError(kindUser, u.ID, err, false)
		return nil, nil
	}
	r.st.users[u.ID] = updated
	r.counters.Updated++
	return updated, nil
}

// syncUserMemberships is syncMemberships counting a move.
func (r *runner) syncUserMemberships(ctx context.Context, userID int, u platform.DirUser) error {
	moved, err := r.syncMemberships(ctx, userID, u)
	if err != nil {
		return err
	}
	if moved {
		r.counters.Moved++
	}
	return nil
}

func sameUser(row *ent.User, u platform.DirUser) bool {
	return row.RemovedAt == nil && row.OutOfScopeAt == nil && row.OpenID == u.OpenID && row.UnionID == u.UnionID && row.Name == u.Name &&
		row.Mobile == u.Mobile && row.Email == u.Email && row.EmployeeNo == u.EmployeeNo && row.Title == u.Title &&
		string(row.Status) == u.Status && sameGender(row.Gender, u.Gender) && maps.Equal(row.Attributes, u.Attributes)
}

func sameGender(row *user.Gender, g platform.Gender) bool {
	if v := gender(g); v != nil {
		return row != nil && *row == *v
	}
	return row == nil
}

type wantedMembership struct {
	dept    int
	primary bool
	order   int
}

// wantedMemberships are the user's departments that are part of the mirror.
func (r *runner) wantedMemberships(u platform.DirUser) []wantedMembership {
	var out []wantedMembership
	for _, did := range u.DepartmentIDs {
		d := r.st.depts[did]
		if d == nil || d.RemovedAt != nil || d.OutOfScopeAt != nil {
			continue // outside the mirrored tree (another top department)
		}
		out = append(out, wantedMembership{dept: d.ID, primary: did == u.PrimaryDepartmentID, order: u.Orders[did]})
	}
	return out
}

// syncMemberships makes a user's stored memberships match the directory,
// keeping the in-memory state in step, and reports whether the primary
// department changed.
func (r *runner) syncMemberships(ctx context.Context, userID int, u platform.DirUser) (moved bool, err error) {
	have := r.st.members[userID]
	if have == nil {
		have = map[int]*ent.Membership{}
		r.st.members[userID] = have
	}
	keep := map[int]bool{}
	for _, w := range r.wantedMemberships(u) {
		keep[w.dept] = true
		m := have[w.dept]
		switch {
		case m == nil:
			m, err = r.addMembership(ctx, userID, w)
			if err != nil {
				return false, fmt.Errorf("adding membership: %w", err)
			}
			have[w.dept] = m
			moved = moved || w.primary
		case m.Primary != w.primary || m.Order != w.order:
			if m, err = r.p.Client.Membership.UpdateOneID(m.ID).SetPrimary(w.primary).SetOrder(w.order).Save(ctx); err != nil {
				return false, fmt.Errorf("updating membership: %w", err)
			}
			have[w.dept] = m
			moved = moved || w.primary
		}
	}
	var gone []int
	for dept, m := range have {
		if !keep[dept] {
			gone = append(gone, m.ID)
			delete(have, dept)
		}
	}
	if len(gone) > 0 {
		if _, err := r.p.Client.Membership.Delete().Where(membership.IDIn(gone...)).Exec(ctx); err != nil {
			return false, fmt.Errorf("removing memberships: %w", err)
		}
	}
	return moved, nil
}

// expectedUsers is how many people the mirror held in scope before this
// run: the users phase's total when counting people.
func (r *runner) expectedUsers() int {
	n := 0
	for _, row := range r.st.users {
		if row.RemovedAt == nil && row.OutOfScopeAt == nil {
			n++
		}
	}
	return n
}

// seenUsers is how many people this run has already written (a resumed run
// starts its count there).
func (r *runner) seenUsers() int {
	n := 0
	for _, row := range r.st.users {
		if row.LastSeenRun == r.p.RunID {
			n++
		}
	}
	return n
}
