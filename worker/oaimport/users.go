package oaimport

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"imbridge/ent"
	"imbridge/ent/user"
)

// users applies the input's users: creates the new ones in batches and
// writes the changed fields of existing ones. It fills r.userIDs and counts
// each user once, using the membership plan: a user whose primary
// department changed is moved, one whose fields or memberships changed is
// updated.
func (r *runner) users(ctx context.Context, old map[string]*oldUser, plan *membershipPlan) error {
	r.userIDs = make([]int, len(r.in.Users))
	var fresh []int // input indexes of new users
	for i, u := range r.in.Users {
		if old[u.ExternalID] == nil {
			fresh = append(fresh, i)
		}
	}
	if err := batches(fresh, createBatch, func(b []int) error { return r.insertUsers(ctx, b) }); err != nil {
		return err
	}
	c := r.counters()
	for i, u := range r.in.Users {
		o := old[u.ExternalID]
		if o == nil {
			continue
		}
		r.userIDs[i] = o.id
		changed, err := r.updateUser(ctx, i, u, o)
		if err != nil {
			return err
		}
		switch {
		case plan.change[i] == linksMoved:
			c.Moved++
		case changed || plan.change[i] == linksChanged:
			c.Updated++
		default:
			c.Unchanged++
		}
		r.prog.advance(1)
	}
	return nil
}

// insertUsers creates one batch of users. Empty optional fields stay NULL,
// as they do when cleared by an update.
func (r *runner) insertUsers(ctx context.Context, idx []int) error {
	builders := make([]*ent.UserCreate, len(idx))
	for k, i := range idx {
		u := r.in.Users[i]
		b := r.client.User.Create().
			SetExternalID(u.ExternalID).
			SetName(u.Name).
			SetStatus(u.Status)
		if u.Mobile != "" {
			b.SetMobile(u.Mobile)
		}
		if u.Email != "" {
			b.SetEmail(u.Email)
		}
		if u.EmployeeNo != "" {
			b.SetEmployeeNo(u.EmployeeNo)
		}
		if u.Title != "" {
			b.SetTitle(u.Title)
		}
		if u.Gender != "" {
			b.SetGender(user.Gender(u.Gender))
		}
		if len(u.Attributes) > 0 {
			b.SetAttributes(u.Attributes)
		}
		// A user who arrives disabled or resigned has been so since now, as
		// far as the offboarding policy can know.
		if u.Status != user.StatusActive {
			b.SetStatusChangedAt(r.now)
		}
		builders[k] = b
	}
	rows, err := r.client.User.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return fmt.Errorf("creating users (%s…): %w", userItem(idx[0], r.in.Users[idx[0]].ExternalID), err)
	}
	for k, row := range rows {
		r.userIDs[idx[k]] = row.ID
	}
	r.counters().Created += len(rows)
	r.prog.advance(len(rows))
	return nil
}

// updateUser writes the fields of an existing user that differ from the
// input, and reports whether there were any.
func (r *runner) updateUser(ctx context.Context, i int, u User, o *oldUser) (bool, error) {
	upd := r.client.User.Update().Where(user.ID(o.id))
	changed := false
	set := func(have, want string, set func(string) *ent.UserUpdate, clear func() *ent.UserUpdate) {
		switch {
		case have == want:
		case want == "":
			clear()
			changed = true
		default:
			set(want)
			changed = true
		}
	}
	set(o.name, u.Name, upd.SetName, nil) // never empty: validation requires a name
	set(o.mobile, u.Mobile, upd.SetMobile, upd.ClearMobile)
	set(o.email, u.Email, upd.SetEmail, upd.ClearEmail)
	set(o.employeeNo, u.EmployeeNo, upd.SetEmployeeNo, upd.ClearEmployeeNo)
	set(o.title, u.Title, upd.SetTitle, upd.ClearTitle)
	set(o.gender, u.Gender, func(g string) *ent.UserUpdate { return upd.SetGender(user.Gender(g)) }, upd.ClearGender)
	if !maps.Equal(o.attributes, u.Attributes) {
		if len(u.Attributes) == 0 {
			upd.ClearAttributes()
		} else {
			upd.SetAttributes(u.Attributes)
		}
		changed = true
	}
	if o.status != u.Status {
		upd.SetStatus(u.Status).SetStatusChangedAt(r.now)
		changed = true
	}
	if !changed {
		return false, nil
	}
	if err := upd.Exec(ctx); err != nil {
		return false, fmt.Errorf("updating %s: %w", userItem(i, u.ExternalID), err)
	}
	return true, nil
}

// resign marks resigned the OA users a complete import left out, unless
// they already are.
func (r *runner) resign(ctx context.Context, old map[string]*oldUser) error {
	present := make(map[string]struct{}, len(r.in.Users))
	for _, u := range r.in.Users {
		present[u.ExternalID] = struct{}{}
	}
	var ids []int
	for ext, o := range old {
		if _, ok := present[ext]; !ok && o.status != user.StatusResigned {
			ids = append(ids, o.id)
		}
	}
	slices.Sort(ids) // a stable lock order for concurrent writers
	return batches(ids, idBatch, func(b []int) error {
		n, err := r.client.User.Update().Where(user.IDIn(b...)).
			SetStatus(user.StatusResigned).SetStatusChangedAt(r.now).Save(ctx)
		if err != nil {
			return fmt.Errorf("marking %d users resigned: %w", len(b), err)
		}
		r.counters().Removed += n
		return nil
	})
}
