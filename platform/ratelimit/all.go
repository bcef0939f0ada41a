package ratelimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Budget is one key's limits, for WaitAll.
type Budget struct {
	Key    string
	Limits []Limit
}

// allScript admits one call only when every budget named admits it, and
// then takes exactly one slot of each, in one atomic step on Redis's
// clock. KEYS are the limits' state keys; ARGV holds, per key, its kind
// ("g" GCRA or "s" sliding) and two numbers (GCRA: burst, rate, period in
// seconds as three; sliding: the count and the window in ms), then the
// sliding member id last. The state is the one Wait keeps (redis_rate's
// theoretical arrival time in seconds since 2017 under "rate:"+key; the
// sliding window's sorted set in ms under key+":sliding"), so Wait and
// WaitAll on the same key share one budget. It returns {1} when admitted,
// else {0, seconds to wait} (the longest of the refusing limits).
var allScript = redis.NewScript(`
redis.replicate_commands()
local t = redis.call('TIME')
local nowS = (t[1] - 1483228800) + (t[2] / 1000000)
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local member = ARGV[#ARGV]
local wait = 0
local commits = {}
local a = 1
for i, key in ipairs(KEYS) do
  local kind = ARGV[a]
  if kind == 'g' then
    local burst, rate, period = tonumber(ARGV[a+1]), tonumber(ARGV[a+2]), tonumber(ARGV[a+3])
    a = a + 4
    local interval = period / rate
    local tat = tonumber(redis.call('GET', key) or nowS)
    tat = math.max(tat, nowS)
    local newTat = tat + interval
    local diff = nowS - (newTat - interval * burst)
    if diff < 0 then
      wait = math.max(wait, -diff)
    else
      commits[#commits+1] = {'g', key, newTat, math.ceil(newTat - nowS)}
    end
  else
    local n, window = tonumber(ARGV[a+1]), tonumber(ARGV[a+2])
    a = a + 3
    redis.call('ZREMRANGEBYSCORE', key, '-inf', nowMs - window)
    if redis.call('ZCARD', key) < n then
      commits[#commits+1] = {'s', key, window}
    else
      local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
      wait = math.max(wait, (tonumber(oldest[2]) + window - nowMs + 1) / 1000)
    end
  end
end
if wait > 0 then
  return {0, tostring(wait)}
end
for _, c in ipairs(commits) do
  if c[1] == 'g' then
    if c[4] > 0 then
      redis.call('SET', c[2], c[3], 'EX', c[4])
    end
  else
    redis.call('ZADD', c[2], nowMs, member)
    redis.call('PEXPIRE', c[2], c[3])
  end
end
return {1}
`)

// WaitAll blocks until every budget admits one call, or ctx ends, and then
// the call has taken exactly one slot of each limit of each budget, all at
// the same instant (for example a message: the app's 50/s and 1000/min and
// the recipient's 5/s). Taking them one after the other (Wait per budget)
// would hold the first budget's slot while waiting for the next: a slot
// taken early and used late lets the platform count more in a window than
// the limiter did, and giving it back and taking it again costs the long
// windows a slot each time. Here a call that waits holds nothing.
//
// Budgets without limits are ignored; when none has any, WaitAll returns
// at once without reaching Redis. Redis errors are returned (fail closed).
func (l *Limiter) WaitAll(ctx context.Context, budgets ...Budget) error {
	var keys []string
	var args []any
	for _, b := range budgets {
		for _, lim := range b.Limits {
			if !lim.valid() {
				return fmt.Errorf("ratelimit %s: invalid limit %+v", b.Key, lim)
			}
			rkey := l.b.Key("ratelimit", b.Key, lim.Per.String())
			if lim.Sliding {
				keys = append(keys, rkey+":sliding")
				n, window := lim.window()
				args = append(args, "s", n, window.Milliseconds())
				continue
			}
			g := lim.gcra()
			keys = append(keys, redisRatePrefix+rkey)
			args = append(args, "g", g.Burst, g.Rate, g.Period.Seconds())
		}
	}
	if len(keys) == 0 {
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var id [8]byte
		_, _ = rand.Read(id[:])
		res, err := allScript.Run(ctx, l.b.Client, keys, append(args, hex.EncodeToString(id[:]))...).Slice()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("ratelimit %v: %w", keys, err)
		}
		if len(res) == 1 {
			return nil
		}
		s, _ := res[1].(string)
		secs, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("ratelimit %v: the script answered %v", keys, res)
		}
		if err := l.clock.Sleep(ctx, max(time.Duration(secs*float64(time.Second)), minSleep)); err != nil {
			return err
		}
	}
}

// redisRatePrefix is the prefix redis_rate puts before its keys: WaitAll
// reads and writes the GCRA state Wait keeps through it.
const redisRatePrefix = "rate:"
