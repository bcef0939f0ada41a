package mirror

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/user"
	"imbridge/platform"
)

// userCreate builds the insert of a user the mirror does not have yet.
func (r *runner) userCreate(u platform.DirUser) *ent.UserCreate {
	return r.p.Client.User.Create().
		SetCorpID(r.p.CorpID).SetExternalID(u.ID).SetOpenID(u.OpenID).SetUnionID(u.UnionID).
		SetName(u.Name).SetMobile(u.Mobile).SetEmail(u.Email).SetEmployeeNo(u.EmployeeNo).SetTitle(u.Title).
		SetNillableGender(gender(u.Gender)).SetAttributes(u.Attributes).
		SetStatus(user.Status(u.Status)).SetLastSeenRun(r.p.RunID)
}

// gender is the column value of a platform gender; nil when the platform
// did not say.
func gender(g platform.Gender) *user.Gender {
	if g == "" || user.GenderValidator(user.Gender(g)) != nil {
		return nil
	}
	v := user.Gender(g)
	return &v
}

// createUsers inserts users in one statement; when the database refuses it
// because of an item (a value or a conflict), it writes them one by one so
// only the bad ones are lost, each recorded. It returns the rows created
// and the users they came from, in the same order, and the users another
// writer (a contact event) stored since the mirror was loaded: their rows
// are in the state, for the caller to bring up to date.
func (r *runner) createUsers(ctx context.Context, creates []*ent.UserCreate, from []platform.DirUser) ([]*ent.User, []platform.DirUser, []platform.DirUser, error) {
	created, err := r.p.Client.User.CreateBulk(creates...).Save(ctx)
	if err == nil {
		return created, from, nil, nil
	}
	if !itemProblem(err) {
		return nil, nil, nil, fmt.Errorf("creating users: %w", err)
	}
	var adopted []platform.DirUser
	created, ok := created[:0], from[:0:0]
	for _, u := range from {
		row, err := r.userCreate(u).Save(ctx)
		if err != nil {
			if !itemProblem(err) {
				return nil, nil, nil, fmt.Errorf("creating user %s: %w", u.ID, err)
			}
			if found, ferr := r.adoptUser(ctx, u.ID, err); ferr != nil {
				return nil, nil, nil, ferr
			} else if found {
				adopted = append(adopted, u)
				continue
			}
			r.itemError(kindUser, u.ID, err, false)
			continue
		}
		created, ok = append(created, row), append(ok, u)
	}
	return created, ok, adopted, nil
}

// userRef names a user for an error: its user_id, else its open_id.
func userRef(u platform.DirUser) string {
	if u.ID != "" {
		return u.ID
	}
	return u.OpenID
}

// deletedMeanwhile tells a department deleted since the listing (its users'
// listing then answers "no dept authority") from one outside the contact
// range: it asks for the department itself.
func (r *runner) deletedMeanwhile(ctx context.Context, id string, err error) bool {
	if platform.ClassOf(err) != platform.ClassOutOfRange {
		return false
	}
	d, derr := r.p.Dir.Department(ctx, id)
	return platform.ClassOf(derr) == platform.ClassNotFound || (derr == nil && d.Deleted)
}
