package auth

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"
	"time"
)

// ErrBusy is returned when every password hashing slot stayed taken for the
// whole wait: the caller answers 503 with Retry-After instead of queueing.
var ErrBusy = errors.New("too many password checks at once")

// busyRetryAfter is the Retry-After of a login refused because the server
// was busy hashing.
const busyRetryAfter = time.Second

// loginHashWait is how long a login waits for a hashing slot: a few hashes'
// time, so a short burst is absorbed and a flood is refused at once.
const loginHashWait = time.Second

// maxHashes is how many argon2id hashes this process computes at once. Each
// holds argonMemory (64 MiB) while it runs and uses argonThreads cores, so
// the bound keeps a login flood to a few hundred MiB: 2 to 4 slots, with the
// cores there are.
func maxHashes() int { return max(2, min(runtime.GOMAXPROCS(0), 4)) }

// hashGate bounds the argon2id hashes computed at once, process-wide.
type hashGate struct {
	slots chan struct{}
	// wait is how long a login waits for a slot.
	wait     time.Duration
	inFlight atomic.Int32
	// observe, when set (tests), is called with the number of hashes in
	// flight each time one starts.
	observe func(inFlight int)
}

func newHashGate(n int, wait time.Duration) *hashGate {
	return &hashGate{slots: make(chan struct{}, n), wait: wait}
}

// hashes is the process's gate; every password hash goes through it.
var hashes = newHashGate(maxHashes(), loginHashWait)

// do runs f in a slot, waiting at most wait for one (wait < 0: as long as
// ctx lasts). It returns ErrBusy, or ctx's error, without running f.
func (g *hashGate) do(ctx context.Context, wait time.Duration, f func()) error {
	var expired <-chan time.Time
	if wait >= 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		expired = t.C
	}
	select {
	case g.slots <- struct{}{}:
	case <-expired:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-g.slots }()
	n := g.inFlight.Add(1)
	defer g.inFlight.Add(-1)
	if g.observe != nil {
		g.observe(int(n))
	}
	f()
	return nil
}
