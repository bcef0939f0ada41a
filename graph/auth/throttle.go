package auth

import (
	"context"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/worker/broker"
)

// Brute-force throttling: at most maxFailures login attempts for one account
// from one address within the window, and maxAddrFailures from one address
// for any accounts (password spraying); then the pair, or the address, is
// refused with 429 until the window ends. An attempt is counted before its
// password is checked, atomically, so a burst of parallel attempts cannot all
// pass the check before the first failure is recorded; a successful login
// takes its own attempt back and clears the account's count for that
// address. Counters live in Redis, shared by all API processes.
const (
	throttleWindow  = 15 * time.Minute
	maxFailures     = 5
	maxAddrFailures = 30
)

type throttle struct {
	b *broker.Broker
	// name prefixes the counters' keys: "login" for the console's form;
	// other password forms (graph/sso's OA binding) count apart.
	name string
}

// Throttle is the same brute-force throttle for another password form:
// the QR login's OA binding form (graph/sso) is held to the console
// login's budget, counted under its own name.
type Throttle struct{ t throttle }

// NewThrottle returns a throttle counting under name.
func NewThrottle(b *broker.Broker, name string) *Throttle {
	return &Throttle{throttle{b: b, name: name}}
}

// Attempt counts an attempt for account from ip before its password is
// checked; it returns how long to wait when the budget is spent (then the
// attempt is not counted), else 0.
func (t *Throttle) Attempt(ctx context.Context, account, ip string) (time.Duration, error) {
	return t.t.attempt(ctx, account, ip)
}

// Refund takes back an attempt whose password was never checked.
func (t *Throttle) Refund(ctx context.Context, account, ip string) { t.t.refund(ctx, account, ip) }

// Succeed clears the account's failures from ip.
func (t *Throttle) Succeed(ctx context.Context, account, ip string) { t.t.succeed(ctx, account, ip) }

// NormalizeUsername is the form of a username that login looks up (case
// insensitively) and that its attempts are counted under: " Alice\t" and
// "alice" are one account and one budget.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// keys are the account's counter for this address and the address's counter.
// The account part is hashed: a key's size does not depend on what an
// anonymous client sends.
func (t throttle) keys(name, ip string) []string {
	return []string{t.b.Key(t.name+"-attempts", HashToken(name), ip), t.b.Key(t.name+"-attempts-ip", ip)}
}

// attemptScript refuses (answering the milliseconds left of the window) when
// either counter is full, and otherwise counts the attempt on both, starting
// a window on a new counter (answering 0).
var attemptScript = redis.NewScript(`
for i, k in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', k) or '0')
  if n >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', k)
    if ttl <= 0 then ttl = tonumber(ARGV[3]) end
    return ttl
  end
end
for _, k in ipairs(KEYS) do
  if redis.call('INCR', k) == 1 then redis.call('PEXPIRE', k, ARGV[3]) end
end
return 0
`)

// attempt counts a login attempt before its password is checked. It returns
// how long the caller must wait when the budget is spent (the attempt is then
// not counted), else 0.
func (t throttle) attempt(ctx context.Context, name, ip string) (time.Duration, error) {
	ms, err := attemptScript.Run(ctx, t.b.Client, t.keys(name, ip), maxFailures, maxAddrFailures, throttleWindow.Milliseconds()).Int64()
	if err != nil {
		return 0, err
	}
	return time.Duration(ms) * time.Millisecond, nil
}

// takeBackScript uncounts one attempt on each key (never below zero); with
// ARGV[1] = "clear" the first key (the account's) is deleted instead.
var takeBackScript = redis.NewScript(`
for i, k in ipairs(KEYS) do
  if i == 1 and ARGV[1] == 'clear' then
    redis.call('DEL', k)
  elseif redis.call('EXISTS', k) == 1 and redis.call('DECR', k) <= 0 then
    redis.call('DEL', k)
  end
end
return 0
`)

// refund takes back an attempt whose password was never checked (the server
// was busy or failing).
func (t throttle) refund(ctx context.Context, name, ip string) {
	_ = takeBackScript.Run(ctx, t.b.Client, t.keys(name, ip), "").Err()
}

// succeed clears the account's failures from this address and takes back the
// successful attempt from the address's count, which keeps counting failures.
func (t throttle) succeed(ctx context.Context, name, ip string) {
	_ = takeBackScript.Run(ctx, t.b.Client, t.keys(name, ip), "clear").Err()
}
