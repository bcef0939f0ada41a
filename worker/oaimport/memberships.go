package oaimport

import (
	"context"
	"fmt"
	"slices"

	"imbridge/ent"
	"imbridge/ent/membership"
)

// linkChange says how a user's memberships change; it decides whether an
// otherwise unchanged user counts as updated or moved.
type linkChange uint8

const (
	linksSame    linkChange = iota
	linksChanged            // departments added or dropped, primary or order changed
	linksMoved              // the primary department is another one than before
)

// newLink is a membership to insert; user is an input index because new
// users get their row id only in the users phase.
type newLink struct {
	user, dept int
	primary    bool
	order      int
}

// linkUpdate rewrites the flags of a membership that stays.
type linkUpdate struct {
	id, user int
	primary  bool
	order    int
}

// membershipPlan is the membership diff of the whole import, computed before
// any user is written so the users phase can count moves.
type membershipPlan struct {
	inserts   []newLink
	deletes   []int
	updates   []linkUpdate
	change    []linkChange // by input user index
	unchanged int          // input memberships needing no write
}

// planMemberships diffs, for every input user that carries a membership
// list, that list against the user's stored memberships, matching them by
// department.
func (r *runner) planMemberships(users map[string]*oldUser, links map[int][]oldMembership) *membershipPlan {
	p := &membershipPlan{change: make([]linkChange, len(r.in.Users))}
	var kept []bool // reused: which stored memberships of the user stay
	for i, u := range r.in.Users {
		if u.Memberships == nil {
			continue
		}
		o := users[u.ExternalID]
		if o == nil {
			for _, m := range u.Memberships {
				p.inserts = append(p.inserts, newLink{user: i, dept: r.deptIDs[m.DepartmentExternalID], primary: m.Primary, order: m.Order})
			}
			continue
		}
		stored := links[o.id]
		kept = slices.Grow(kept[:0], len(stored))[:len(stored)]
		clear(kept)
		oldPrimary, newPrimary := 0, 0
		for _, m := range u.Memberships {
			dept := r.deptIDs[m.DepartmentExternalID]
			if m.Primary {
				newPrimary = dept
			}
			at := slices.IndexFunc(stored, func(s oldMembership) bool { return s.deptID == dept })
			switch {
			case at < 0:
				p.inserts = append(p.inserts, newLink{user: i, dept: dept, primary: m.Primary, order: m.Order})
				p.change[i] = linksChanged
			case stored[at].primary != m.Primary || stored[at].order != m.Order:
				kept[at] = true
				p.updates = append(p.updates, linkUpdate{id: stored[at].id, user: i, primary: m.Primary, order: m.Order})
				p.change[i] = linksChanged
			default:
				kept[at] = true
				p.unchanged++
			}
		}
		for k, s := range stored {
			if s.primary {
				oldPrimary = s.deptID
			}
			if !kept[k] {
				p.deletes = append(p.deletes, s.id)
				p.change[i] = linksChanged
			}
		}
		if oldPrimary != 0 && oldPrimary != newPrimary {
			p.change[i] = linksMoved
		}
	}
	return p
}

// memberships writes the plan: deletions and insertions in batches,
// flag changes row by row (they are rare: a primary switch touches two).
func (r *runner) memberships(ctx context.Context, p *membershipPlan) error {
	slices.Sort(p.deletes)
	err := batches(p.deletes, idBatch, func(b []int) error {
		if _, err := r.client.Membership.Delete().Where(membership.IDIn(b...)).Exec(ctx); err != nil {
			return fmt.Errorf("deleting %d memberships: %w", len(b), err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = batches(p.inserts, linkBatch, func(b []newLink) error {
		builders := make([]*ent.MembershipCreate, len(b))
		for k, l := range b {
			builders[k] = r.client.Membership.Create().
				SetUserID(r.userIDs[l.user]).
				SetDepartmentID(l.dept).
				SetPrimary(l.primary).
				SetOrder(l.order)
		}
		if err := r.client.Membership.CreateBulk(builders...).Exec(ctx); err != nil {
			return fmt.Errorf("creating memberships (of %s…): %w", userItem(b[0].user, r.in.Users[b[0].user].ExternalID), err)
		}
		r.prog.advance(len(b))
		return nil
	})
	if err != nil {
		return err
	}
	for _, l := range p.updates {
		err := r.client.Membership.Update().Where(membership.ID(l.id)).
			SetPrimary(l.primary).SetOrder(l.order).Exec(ctx)
		if err != nil {
			return fmt.Errorf("updating a membership of %s: %w", userItem(l.user, r.in.Users[l.user].ExternalID), err)
		}
		r.prog.advance(1)
	}
	r.prog.advance(p.unchanged)
	return nil
}
