package ratelimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// slidingScript admits a call when fewer than ARGV[1] calls were admitted in
// the last ARGV[2] milliseconds (on Redis's clock), recording it in a sorted
// set; otherwise it returns how many milliseconds until the oldest recorded
// call leaves the window. This is the exact "at most N in any window" rule,
// so a long job runs at the full budget (GCRA would have to trade its burst
// against its sustained rate).
var slidingScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + window - now + 1
`)

// allowSliding tries to admit one call; it returns 0 when admitted, or how
// long to wait before trying again.
func (l *Limiter) allowSliding(ctx context.Context, rkey string, lim Limit) (time.Duration, error) {
	var id [8]byte
	_, _ = rand.Read(id[:])
	// Slack (a call, or Limit.Margin of time), as for GCRA limits: the
	// platform counts the call a little later than Redis recorded it.
	n, window := lim.window()
	ms, err := slidingScript.Run(ctx, l.b.Client, []string{rkey + ":sliding"}, n, window.Milliseconds(), hex.EncodeToString(id[:])).Int64()
	if err != nil {
		return 0, fmt.Errorf("ratelimit %s %s: %w", rkey, lim, err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}
