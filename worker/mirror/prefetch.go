package mirror

import (
	"context"

	"imbridge/platform"
)

// aheadPerCall: finished listings that may wait per listing in flight.
const aheadPerCall = 8

// listing is one department's users as DepartmentUsers delivered them.
type listing struct {
	users []platform.DirUser
	err   error
}

// prefetch lists the users of ids[start:] with up to inFlight listings
// running at once and up to aheadPerCall·inFlight finished ones waiting,
// ahead of the caller, who takes them in order with next and says done
// when it has processed one. With inFlight ≤ 1 nothing runs ahead: the
// calls are exactly those of a serial loop (a fatal error stops the run
// before the next department is asked for). A pull is
// bound by the platform's limits, not by its round trip (DESIGN, rules):
// with several listings in flight the round trip overlaps, while the
// shared limiter still paces every call. stop cancels what is in flight.
func prefetch(ctx context.Context, dir platform.Directory, ids []string, start, inFlight int) (next func(i int) listing, done func(), stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	ch := make([]chan listing, len(ids))
	for i := start; i < len(ids); i++ {
		ch[i] = make(chan listing, 1)
	}
	inFlight = max(inFlight, 1)
	ahead := inFlight
	if inFlight > 1 {
		ahead = aheadPerCall * inFlight // the writes (database) overlap the listings too
	}
	slots, window := make(chan struct{}, inFlight), make(chan struct{}, ahead)
	go func() {
		for i := start; i < len(ids); i++ {
			for _, c := range []chan struct{}{window, slots} {
				select {
				case c <- struct{}{}:
				case <-ctx.Done():
					return
				}
			}
			go func(i int) {
				var l listing
				l.err = dir.DepartmentUsers(ctx, ids[i], func(page []platform.DirUser) error {
					l.users = append(l.users, page...)
					return nil
				})
				if inFlight > 1 {
					<-slots // the call is over; its result waits in the window
				}
				ch[i] <- l
			}(i)
		}
	}()
	next = func(i int) listing {
		select {
		case l := <-ch[i]:
			return l
		case <-ctx.Done():
			return listing{err: ctx.Err()}
		}
	}
	done = func() {
		if inFlight <= 1 {
			<-slots
		}
		<-window
	}
	return next, done, cancel
}
