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
	// Top is the department the mirrored tree starts at; platform.RootDepartmentID for all.
	Top string
	// Checkpoint is where a resumed run continues (nil: from the start).
	Checkpoint []byte
	// Save stores a checkpoint; called after each committed batch.
	Save func(ctx context.Context, checkpoint []byte) error
	// Report receives progress.
	Report func(Progress)
	// InFlight is how many departments' user listings may run at once
	// (ahead of the writes, which stay in department order); 0 or 1 lists
	// one at a time. The shared limiter paces the calls either way.
	InFlight int
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
