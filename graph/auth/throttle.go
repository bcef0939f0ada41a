package auth

import (
	"context"
	"strings"
	"time"

	"imbridge/worker/broker"
)

// Brute-force throttling: after maxFailures failed logins for one username
// from one address within the window, that pair is refused until the window
// ends; an address is refused after maxAddrFailures failures for any names
// (password spraying). Counters live in Redis, shared by all API processes.
const (
	throttleWindow  = 15 * time.Minute
	maxFailures     = 5
	maxAddrFailures = 30
)

type throttle struct{ b *broker.Broker }

func (t throttle) keys(username, ip string) (string, string) {
	return t.b.Key("login-fail", strings.ToLower(username), ip), t.b.Key("login-fail-ip", ip)
}

// blocked returns how long the caller must wait, or 0.
func (t throttle) blocked(ctx context.Context, username, ip string) time.Duration {
	k1, k2 := t.keys(username, ip)
	for _, k := range []struct {
		key string
		max int
	}{{k1, maxFailures}, {k2, maxAddrFailures}} {
		n, err := t.b.Client.Get(ctx, k.key).Int()
		if err == nil && n >= k.max {
			ttl, _ := t.b.Client.TTL(ctx, k.key).Result()
			if ttl <= 0 {
				ttl = throttleWindow
			}
			return ttl
		}
	}
	return 0
}

func (t throttle) fail(ctx context.Context, username, ip string) {
	k1, k2 := t.keys(username, ip)
	for _, k := range []string{k1, k2} {
		n, err := t.b.Client.Incr(ctx, k).Result()
		if err == nil && n == 1 {
			t.b.Client.Expire(ctx, k, throttleWindow)
		}
	}
}

func (t throttle) succeed(ctx context.Context, username, ip string) {
	k1, _ := t.keys(username, ip)
	t.b.Client.Del(ctx, k1)
}
