package schema

import (
	"context"

	"entgo.io/ent"

	"imbridge/ent/identifier"
)

// canonicalIdentifiers stores every mobile and e-mail a create or an update
// sets in canonical form (package identifier), whichever code path writes
// it: the OA import, the mirror, events, tests, engines still to come. A
// value that is not valid is kept, trimmed: whether to refuse it is the
// writer's decision (the OA import refuses it with the field and the rule;
// the mirror keeps what the platform holds and flags it).
func canonicalIdentifiers() ent.Hook {
	type contactMutation interface {
		Mobile() (string, bool)
		SetMobile(string)
		Email() (string, bool)
		SetEmail(string)
	}
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if cm, ok := m.(contactMutation); ok {
				if v, set := cm.Mobile(); set {
					cm.SetMobile(identifier.NormalizeMobile(v))
				}
				if v, set := cm.Email(); set {
					cm.SetEmail(identifier.NormalizeEmail(v))
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}
