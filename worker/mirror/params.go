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
