package mirror

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/platform"
)

// Params of a run. ctx must carry a viewer of the Corp's tenant (the system).
type Params struct {
	// Client writes the mirror. Each write batch commits on its own, so a
	// killed run keeps its progress.
	Client *ent.Client
	CorpID int
	// RunID stamps the rows the run sees.
	RunID int
	Dir   platform.Directory
	// InFlight bounds the directory reads running at once (0: 8). Each
	// still waits on the platform's shared limiter: more in flight hides
	// the round trip, never exceeds the budget.
	InFlight int
	// Top is the department the mirrored tree starts at; platform.RootDepartmentID for all.
	Top string
	// Tops, when set, replace Top: the mirrored tree is these departments'
	// subtrees. It is for an app whose contact range (通讯录权限范围) is not
	// all members: Feishu refuses the root to it (40004), so a pull must
	// start from what the range grants (platform.ContactRange
	// DepartmentIDs). Each keeps its parent when the mirror holds that row
	// (from a pull with a wider range), else it is top-level. A non-nil
	// empty Tops is a range that grants no department (people only).
	Tops []string
	// Users are the users the app's contact range grants one by one
	// (platform.ContactRange UserIDs): each is read and mirrored wherever
	// it sits, with memberships only in the mirrored departments.
	Users []string
	// Checkpoint is where a resumed run continues (nil: from the start).
	Checkpoint []byte
	// Save stores a checkpoint; called after each committed batch.
	Save func(ctx context.Context, checkpoint []byte) error
	// Report receives progress.
	Report func(Progress)
}

// Progress of a run. Total grows as departments are discovered.
type Progress struct {
	Phase    string
	Total    int
	Done     int
	Counters detail.Counters
}

// Result of a run.
type Result struct {
	Counters detail.Counters
	Errors   []detail.RunError
}

// Phases.
const (
	PhaseDepartments = "departments"
	PhaseUsers       = "users"
	PhaseFinalize    = "finalize"
)

// maxErrors bounds the errors kept on a run.
const maxErrors = 1000

// tops are the departments the mirrored tree starts at.
func (p Params) tops() []string {
	if p.Tops != nil {
		return p.Tops
	}
	return []string{p.Top}
}
