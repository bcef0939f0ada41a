package push

import (
	"context"
	"fmt"
	"strings"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/message"
)

// nobody is why a message planned no delivery at all (issue 9 brief h9
// item 3): without it such a push ended "delivered" with every counter 0,
// and the OA could not tell it from a success.
type nobody struct {
	status message.Status // StatusNoMatchingRule or StatusNoRecipients
	reason string         // Message.status_reason
}

// maxNamed bounds the department ids a reason names.
const maxNamed = 10

// whyNobody explains an empty plan: no enabled rule for the source (nor an
// all-sources rule), or rules whose recipients resolved to nobody —
// department ids the OA directory does not hold, departments without
// members, nobody bound on the targets' corps.
func whyNobody(ctx context.Context, db *ent.Client, m *ent.Message, rules []*ent.PushRule) (*nobody, error) {
	if len(rules) == 0 {
		return &nobody{message.StatusNoMatchingRule,
			fmt.Sprintf("no enabled push rule matches the source %q, and no enabled rule takes every source", m.Source)}, nil
	}
	targets := 0
	for _, r := range rules {
		targets += len(r.Edges.Targets)
	}
	if targets == 0 {
		return &nobody{message.StatusNoRecipients, "the matching push rules have no targets"}, nil
	}
	r := m.Recipients
	var why []string
	if len(r.DepartmentIDs) > 0 {
		known, err := db.Department.Query().Where(department.CorpIDIsNil(), department.RemovedAtIsNil(),
			department.ExternalIDIn(r.DepartmentIDs...)).Select(department.FieldExternalID).Strings(ctx)
		if err != nil {
			return nil, fmt.Errorf("push: reading OA departments: %w", err)
		}
		has := map[string]bool{}
		for _, k := range known {
			has[k] = true
		}
		var unknown []string
		for _, id := range r.DepartmentIDs {
			if !has[id] {
				unknown = append(unknown, id)
			}
		}
		if len(unknown) > 0 {
			why = append(why, "unknown OA department ids: "+named(unknown))
		}
		if len(known) > 0 {
			why = append(why, "no members in OA departments "+named(known))
		}
	}
	if r.Everyone {
		why = append(why, "nobody is bound on the targets' corps")
	}
	if len(why) == 0 {
		why = append(why, "the recipients name nobody")
	}
	return &nobody{message.StatusNoRecipients, "the recipients resolved to nobody: " + strings.Join(why, "; ")}, nil
}

// named lists ids, at most maxNamed of them.
func named(ids []string) string {
	if len(ids) <= maxNamed {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:maxNamed], ", "), len(ids)-maxNamed)
}
