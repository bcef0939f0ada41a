package orgsync

import (
	"context"
	"strings"
	"time"
)

// busyRetries is how often a transaction refused because the embedded
// SQLite's one writer slot stayed taken past its busy timeout is tried
// again before the run stops (and resumes on the job's retry).
const busyRetries = 3

// retryBusy runs fn again while it fails with SQLite's "database is
// locked" (SQLITE_BUSY): writers queue on one file, and under load a
// transaction may wait past the busy timeout. Other errors return at once.
func retryBusy(ctx context.Context, fn func() error) error {
	var err error
	for n := 0; n <= busyRetries; n++ {
		if err = fn(); err == nil || !busy(err) || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(50<<n) * time.Millisecond):
		}
	}
	return err
}

func busy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}
