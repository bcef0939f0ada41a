package binder

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/binding"
)

// UnbindAll removes every user binding of a corp (批量解绑, seed 003 §4.2.4
// (5)), department bindings left alone (they belong to sync runs). The
// caller confirms with the count it was shown: when the corp holds another
// number of bindings now, nothing is removed (*ConflictError with the
// current count), so a confirmation never covers bindings made after it
// was given. Each removed binding is recorded in the history.
func UnbindAll(ctx context.Context, db *ent.Client, corpID, confirmCount int) (int, error) {
	if confirmCount < 0 {
		return 0, invalid("confirmCount", "must be 0 or more")
	}
	if _, err := db.Corp.Get(ctx, corpID); err != nil {
		return 0, err
	}
	bs, err := db.Binding.Query().
		Where(binding.CorpID(corpID), binding.KindEQ(binding.KindUser)).
		WithOaUser().WithImUser().Order(ent.Asc(binding.FieldID)).All(ctx)
	if err != nil {
		return 0, err
	}
	if len(bs) != confirmCount {
		return 0, conflict("the corp has %d user bindings, not %d: confirm again with the current count", len(bs), confirmCount)
	}
	if len(bs) == 0 {
		return 0, nil
	}
	ids := make([]int, len(bs))
	evs := make([]event, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
		evs[i] = event{action: ActionUnbind, binding: b.ID, corp: corpID, oa: b.Edges.OaUser, im: b.Edges.ImUser, method: string(b.Method)}
	}
	const batch = 1000
	for start := 0; start < len(ids); start += batch {
		if _, err := db.Binding.Delete().Where(binding.IDIn(ids[start:min(start+batch, len(ids))]...)).Exec(ctx); err != nil {
			return 0, err
		}
	}
	return len(bs), record(ctx, db, evs)
}
