package detail

import "time"

// Outcomes of a RunAttempt.
const (
	AttemptRunning             = "running"
	AttemptSucceeded           = "succeeded"
	AttemptSucceededWithErrors = "succeeded_with_errors"
	AttemptFailed              = "failed"
	// AttemptRetrying: the attempt failed with an error worth retrying;
	// another attempt follows.
	AttemptRetrying = "retrying"
	// AttemptInterrupted: the process running it stopped (killed, lost);
	// another attempt resumed the run from its last checkpoint. Its
	// counters and end are those of that checkpoint.
	AttemptInterrupted = "interrupted"
)

// RunAttempt is one attempt at a run: a worker process taking the run up
// (from the start, or from the checkpoint the previous attempt left) until
// it finished, failed or was stopped. A run's counters are the sum of its
// attempts'.
type RunAttempt struct {
	Number int `json:"number"`
	// Worker names the process: host and process id.
	Worker    string     `json:"worker"`
	StartedAt time.Time  `json:"startedAt"`
	EndedAt   *time.Time `json:"endedAt,omitempty"`
	Outcome   string     `json:"outcome"`
	// Counters are what this attempt changed.
	Counters Counters `json:"counters"`
	// Error is why the attempt ended, when it failed.
	Error string `json:"error,omitempty"`
}

// Add returns the sum of two sets of counters. OAUsers and OAUsersBefore
// are states, not sums: the later attempt's head count after, the first
// one's before.
func (c Counters) Add(o Counters) Counters {
	people, before := c.OAUsers, c.OAUsersBefore
	if o.OAUsers != nil {
		people = o.OAUsers
	}
	if before == nil {
		before = o.OAUsersBefore
	}
	return Counters{
		Created: c.Created + o.Created, Updated: c.Updated + o.Updated, Moved: c.Moved + o.Moved,
		Unchanged: c.Unchanged + o.Unchanged, Removed: c.Removed + o.Removed,
		OutOfScope: c.OutOfScope + o.OutOfScope, Failed: c.Failed + o.Failed, OAUsers: people, OAUsersBefore: before,
	}
}
