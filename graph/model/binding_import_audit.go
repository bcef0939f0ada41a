package model

import (
	"encoding/json"
	"fmt"
	"strings"
)

// maxAuditProblems bounds the problem rows an import's audit event keeps
// (the event's after is bounded too: 16 KiB in ent/audit).
const maxAuditProblems = 200

// AuditAfter is what the audit log keeps of a binding import (the
// importBindings event's after): the counts by outcome, the rows by
// reason code, and the first rows that were not bound as "row:REASON"
// (e.g. "7:OA_USER_BOUND_TO_OTHER"), so the report can be read again after
// the page that showed it is closed. The codes are BindingImportReason's.
func (r *BindingImportReport) AuditAfter() string {
	byReason := map[string]int{}
	var problems []string
	for _, row := range r.Rows {
		byReason[string(row.ReasonCode)]++
		if row.Outcome != BindingImportOutcomeBound && row.Outcome != BindingImportOutcomeAlreadyBound && len(problems) < maxAuditProblems {
			problems = append(problems, fmt.Sprintf("%d:%s", row.Row, row.ReasonCode))
		}
	}
	out := map[string]any{"dryRun": r.DryRun, "counts": r.Counts, "reasons": byReason}
	if len(problems) > 0 {
		out["problemRows"] = strings.Join(problems, ", ")
	}
	b, err := json.Marshal(out)
	if err != nil {
		return ""
	}
	return string(b)
}
