package mirror

import (
	"context"
	"sync"
)

// defaultInFlight is how many directory reads a pull keeps in flight when
// Params.InFlight is 0. The platform's budget, not this number, sets the
// pace (every call waits on the shared limiter): it only has to cover the
// round trip, 50 calls a second × 160 ms for a slow server. More would
// only add waiters polling the limiter (each wake-up is a Redis script).
const defaultInFlight = 8

// aheadFactor bounds how far reads may run ahead of the writes, in
// multiples of the calls in flight: enough to keep reading while a batch is
// written on a busy database (with 4, a pull with a 40 ms round trip
// stalled on its writes: 1.30× its bound instead of 1.10×), little enough
// to bound the memory held by read results (256 departments' users).
const aheadFactor = 32

// inOrder reads n items with at most inFlight reads running at once, and
// hands each result to consume in index order, one at a time, on the
// caller's goroutine. A pull is bound by round trips when it reads one item
// at a time; this keeps the platform busy while everything that depends on
// order (which user is seen first, error order, checkpoints) stays exactly
// as if the reads were made one after the other: consume(i) runs only after
// consume(0..i-1), and a checkpoint taken in consume covers only items
// consumed. Reads run at most inFlight·aheadFactor items ahead of consume.
// consume is told whether the next result is already there (next): if not,
// it would wait anyway, a good moment to write.
//
// read must be safe for concurrent use and must not touch the run's state.
// When consume returns an error, or ctx ends, reads in flight are cancelled
// and waited for before inOrder returns that error.
func inOrder[T any](ctx context.Context, n, inFlight int, read func(ctx context.Context, i int) T, consume func(i int, v T, next bool) error) error {
	if n == 0 {
		return nil
	}
	inFlight = max(inFlight, 1)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	results := make([]chan T, n)
	for i := range results {
		results[i] = make(chan T, 1)
	}
	running := make(chan struct{}, inFlight)
	ahead := make(chan struct{}, inFlight*aheadFactor)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range n {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case running <- struct{}{}:
			case <-ctx.Done():
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				v := read(ctx, i)
				<-running
				results[i] <- v
			}()
		}
	}()
	for i := range n {
		var v T
		select {
		case v = <-results[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		<-ahead
		next := i+1 < n && len(results[i+1]) > 0
		if err := consume(i, v, next); err != nil {
			return err
		}
	}
	return nil
}
