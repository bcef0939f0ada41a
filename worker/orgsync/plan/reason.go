package plan

// ReasonCode classifies why a change or review item exists; the console
// filters on it.
type ReasonCode string

// Reason codes.
const (
	ReasonNewInSource      ReasonCode = "new_in_source"     // in the source, not in the target
	ReasonMatchedByName    ReasonCode = "matched_by_name"   // department: same level, same name (§4.3.2.2)
	ReasonMatchedByField   ReasonCode = "matched_by_field"  // user: the auto-bind field (§4.2.4 (2))
	ReasonRehired          ReasonCode = "rehired"           // a new source record takes over a left person's account
	ReasonChangedInSource  ReasonCode = "changed_in_source" // mapped fields, name or order differ
	ReasonMovedInSource    ReasonCode = "moved_in_source"   // departments or parent differ
	ReasonReactivated      ReasonCode = "reactivated"       // active in the source again: same account re-enabled
	ReasonDisabledInSource ReasonCode = "disabled_in_source"
	ReasonResigned         ReasonCode = "resigned_in_source"  // left the company
	ReasonRemoved          ReasonCode = "removed_in_source"   // deleted from the source directory
	ReasonLeftScope        ReasonCode = "left_scope"          // outside the profile's scope: not "left the company"
	ReasonDisabledDept     ReasonCode = "disabled_department" // the department offboarded users are moved into
	ReasonDisabledLongAgo  ReasonCode = "disabled_long_ago"   // disabled ≥ DeleteAfterDays days ago
	ReasonUndo             ReasonCode = "undo"
	// ReasonStaleBinding: the bound IM account no longer exists (the IM
	// answers "no such user"); the person gets a new one.
	ReasonStaleBinding ReasonCode = "stale_binding"
)

// Reason says why, as a code and a sentence for people.
type Reason struct {
	Code ReasonCode `json:"code"`
	Text string     `json:"text"`
}
