package push

import (
	"context"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/pushrule"
	"imbridge/ent/pushtarget"
)

// targetsOf are the targets of the message's rules by target key.
func targetsOf(ctx context.Context, db *ent.Client, m *ent.Message) (map[string]*ent.PushTarget, error) {
	ts, err := db.PushTarget.Query().
		Where(pushtarget.HasRuleWith(pushrule.Or(pushrule.Source(m.Source), pushrule.SourceIsNil(), pushrule.Source("")))).
		Order(ent.Asc(pushtarget.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*ent.PushTarget{}
	for _, t := range ts {
		if _, ok := out[targetKey(t)]; !ok {
			out[targetKey(t)] = t
		}
	}
	return out, nil
}

// targetFor is the approval target of the message on the app (for its
// templates), nil when the rule is gone.
func targetFor(ctx context.Context, db *ent.Client, m *ent.Message, appID int) *ent.PushTarget {
	s, err := targetsOf(ctx, db, m)
	if err != nil {
		return nil
	}
	return s[strconv.Itoa(appID)+":approval"]
}
