package oaimport

import "imbridge/ent/detail"

// Progress is what Run reports while it works.
type Progress struct {
	// Phase is one of "validate", "departments", "users", "memberships", "resign".
	Phase string
	// Total is the number of input departments, users and memberships; Done
	// counts those processed and only grows, reaching Total at the end.
	Total, Done int
	// Counters are the changes so far.
	Counters detail.Counters
}

// The phases, in the order Run goes through them.
const (
	PhaseValidate    = "validate"
	PhaseDepartments = "departments"
	PhaseUsers       = "users"
	PhaseMemberships = "memberships"
	PhaseResign      = "resign"
)

// reportSteps is how many reports a run makes at most besides the phase
// starts: one per 1% of the items. Reports go to Redis pub/sub and on to
// browsers, so a 200k-item import must not report per row.
const reportSteps = 100

// tracker throttles progress reports and holds the run's counters.
type tracker struct {
	report   func(Progress)
	p        Progress
	step     int
	reported int
}

func newTracker(report func(Progress), total int) *tracker {
	return &tracker{report: report, p: Progress{Total: total}, step: max(1, total/reportSteps)}
}

// counters are updated in place by the phases and sent with each report.
func (t *tracker) counters() *detail.Counters { return &t.p.Counters }

// phase starts a phase and always reports, so watchers see the switch.
func (t *tracker) phase(name string) {
	t.p.Phase = name
	t.emit()
}

// advance marks n more items processed and reports when a step is crossed
// or the run reaches its total.
func (t *tracker) advance(n int) {
	if n <= 0 {
		return
	}
	t.p.Done = min(t.p.Done+n, t.p.Total)
	if t.p.Done-t.reported >= t.step || (t.p.Done == t.p.Total && t.reported != t.p.Done) {
		t.emit()
	}
}

// finish reports the final state: everything done, final counters.
func (t *tracker) finish() {
	t.p.Done = t.p.Total
	t.emit()
}

func (t *tracker) emit() {
	t.reported = t.p.Done
	if t.report != nil {
		t.report(t.p)
	}
}
