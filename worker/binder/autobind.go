package binder

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/user"
)

// AutoBindResult counts what an auto-bind pass did.
type AutoBindResult struct {
	Bound     int // new bindings (method auto)
	Ambiguous int // IM users whose value several OA users share: left unbound, never guessed
	NotFound  int // IM users with a value no OA user has
	Taken     int // the one candidate is bound to another IM user of the corp
	// Queued counts the ambiguous IM users put in the review queue (a
	// review item per person, not repeated while one is open).
	Queued int
}

// AutoBindInput says what to match by and which run asks.
type AutoBindInput struct {
	CorpID int
	Field  Field
	// RunID is the pull run; when set, every ambiguous IM user becomes an
	// open review item of that run (kind ambiguous, candidates the OA user
	// ids), resolved in one click by choosing the right one.
	RunID int
}

// AutoBind binds the unbound, current IM users of a corp to the OA users
// that have the same value of field, compared in canonical form
// (新用户关联系统账号 after a pull, seed 003 §4.2.1 and §4.3.1): exactly one
// unbound candidate binds (method auto), several are ambiguous. IM users
// without a value, resigned or out of scope are left alone; existing
// bindings are never changed. Each new binding is recorded in the history.
func AutoBind(ctx context.Context, db *ent.Client, in AutoBindInput) (AutoBindResult, error) {
	var res AutoBindResult
	corpID, field := in.CorpID, in.Field
	if !field.Valid() {
		return res, invalid("autoBindField", "unknown match field %q", field)
	}
	st, err := loadState(ctx, db, corpID, field)
	if err != nil {
		return res, err
	}
	var creates []pending
	var ambiguous []ambiguity
	for _, im := range st.imActive {
		if st.imBound[im.ID] != nil || im.Status == user.StatusResigned || im.OutOfScopeAt != nil {
			continue
		}
		key := imKey(field, im)
		if key == "" {
			continue
		}
		r := RowResult{}
		st.match(&r, im, key)
		switch r.Outcome {
		case Bound:
			creates = append(creates, pending{im: im, oa: r.OA})
			st.imBound[im.ID] = &ent.Binding{OaUserID: &r.OA.ID, Edges: ent.BindingEdges{OaUser: r.OA}}
			st.oaBound[r.OA.ID] = &ent.Binding{ImUserID: &im.ID, Edges: ent.BindingEdges{ImUser: im}}
		case Ambiguous:
			res.Ambiguous++
			ambiguous = append(ambiguous, ambiguity{im: im, key: key, candidates: st.oaByKey[key], reason: r.Reason})
		case NotFound:
			res.NotFound++
		case Conflict:
			res.Taken++
		}
	}
	if in.RunID != 0 && len(ambiguous) > 0 {
		n, err := queueAmbiguous(ctx, db, in.RunID, corpID, field, ambiguous)
		if err != nil {
			return res, err
		}
		res.Queued = n
	}
	if len(creates) == 0 {
		return res, nil
	}
	if _, err := createBindings(ctx, db, corpID, binding.MethodAuto, creates); err != nil {
		return res, err
	}
	res.Bound = len(creates)
	return res, nil
}

// imKey is an IM user's comparison key for field: its own value, and for
// the OA user id the IM user_id (which is the OA id when the bridge created
// the user with the OA id as user_id).
func imKey(f Field, im *ent.User) string {
	if f == FieldOAUserID {
		return im.ExternalID
	}
	return f.storedKey(im)
}
