package worker

import (
	"fmt"
	"os"
	"slices"
	"time"

	"imbridge/ent"
	"imbridge/ent/detail"
)

// processName names this process in the attempts it runs: host and pid.
func processName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown-host"
	}
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

// beginAttempt returns the run's attempts with a new one running. An
// attempt still marked running belongs to a process that stopped without
// saying so (kill -9, a lost machine): it is closed as interrupted at the
// run's last write (its last checkpoint), keeping the counters stored then.
func beginAttempt(run *ent.SyncRun, worker string, now time.Time) []detail.RunAttempt {
	attempts := slices.Clone(run.Attempts)
	if n := len(attempts); n > 0 && attempts[n-1].Outcome == detail.AttemptRunning {
		ended := run.UpdatedAt
		attempts[n-1].EndedAt = &ended
		attempts[n-1].Outcome = detail.AttemptInterrupted
	}
	return append(attempts, detail.RunAttempt{Number: len(attempts) + 1, Worker: worker, StartedAt: now, Outcome: detail.AttemptRunning})
}

// runTotals returns the run's attempts with the current (last) one's
// counters set to c, and the run's counters: the sum over its attempts.
func runTotals(run *ent.SyncRun, c detail.Counters) ([]detail.RunAttempt, detail.Counters) {
	attempts := slices.Clone(run.Attempts)
	if len(attempts) == 0 { // not started through runHandler (a test)
		return nil, c
	}
	attempts[len(attempts)-1].Counters = c
	var total detail.Counters
	for _, a := range attempts {
		total = total.Add(a.Counters)
	}
	return attempts, total
}

// endAttempt returns the run's attempts with the current one ended, and the
// run's counters.
func endAttempt(run *ent.SyncRun, outcome string, c detail.Counters, msg string, now time.Time) ([]detail.RunAttempt, detail.Counters) {
	attempts, total := runTotals(run, c)
	if n := len(attempts); n > 0 {
		attempts[n-1].EndedAt = &now
		attempts[n-1].Outcome = outcome
		attempts[n-1].Error = msg
	}
	return attempts, total
}

// saveCheckpoint stores a checkpoint of the run's current attempt with the
// progress p it last reported: the attempt's counters, the run's (the sum
// over attempts), phase, total and done. A RunFunc that checkpoints calls
// it after each committed batch, so a process that dies leaves the run
// with its counters as of that batch.
func saveCheckpoint(run *ent.SyncRun, cp []byte, p Progress) *ent.SyncRunUpdateOne {
	attempts, total := runTotals(run, p.Counters)
	upd := run.Update().SetPhase(p.Phase).SetTotal(p.Total).SetDone(p.Done).SetCounters(total)
	if cp != nil { // nil: the run's checkpoint lives elsewhere (a sync run's changes)
		upd.SetCheckpoint(cp)
	}
	if attempts != nil {
		upd.SetAttempts(attempts)
	}
	return upd
}

// settleInterrupted corrects the attempt before the current one when it
// was interrupted (closed by beginAttempt at the run's last write): its
// work is read back from what it recorded, as finished returns it for a
// time window — the counters of everything it recorded, and when it
// recorded the last of it. That is its end (without any, the run's last
// write stays its end: the sweeper or the next attempt found it dead
// after it); the counters replace those of its last checkpoint, which
// miss what it recorded after. It returns the attempts and the run's
// counters, or ok false when there is nothing to correct.
func settleInterrupted(run *ent.SyncRun, finished func(from, to time.Time) (detail.Counters, time.Time, error)) ([]detail.RunAttempt, detail.Counters, bool, error) {
	n := len(run.Attempts)
	if n < 2 || run.Attempts[n-2].Outcome != detail.AttemptInterrupted {
		return nil, detail.Counters{}, false, nil
	}
	attempts := slices.Clone(run.Attempts)
	prev, cur := &attempts[n-2], attempts[n-1]
	c, last, err := finished(prev.StartedAt, cur.StartedAt)
	if err != nil {
		return nil, detail.Counters{}, false, err
	}
	prev.Counters = c
	if !last.IsZero() {
		prev.EndedAt = &last
	}
	var total detail.Counters
	for _, a := range attempts {
		total = total.Add(a.Counters)
	}
	return attempts, total, true, nil
}
