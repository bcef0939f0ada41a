package graphtest

import (
	"sync"
	"time"
)

// Clock is the wall clock moved forward by the test: Now is time.Now plus
// everything Advance added. The API's authentication (token expiry) and its
// WebSocket guard (how long a check is trusted) read it, so a test makes
// "later" happen without sleeping.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}
