package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/worker/broker"
)

// DefaultEchoTTL is used by Remember when ttl ≤ 0: long enough for Feishu
// to push the echo of a write (seconds, or minutes when it retries), short
// enough that a stale entry cannot hide a real change for long.
const DefaultEchoTTL = 10 * time.Minute

// EchoGuard suppresses sync loops. Feishu pushes a contact event for every
// change, including those the bridge made itself through the API (reference
// §1.7); in two-way sync such an echo would be applied back to the OA and
// bounce again. The bridge calls Remember with a fingerprint of the state it
// wrote just before (or after) writing to Feishu; the event consumer calls
// IsEcho with the fingerprint of the state the event carries. A match is
// consumed, so only one echo is swallowed per write, and a later change by
// someone else (a different fingerprint) goes through.
//
// Entries live in Redis, because the process that writes is rarely the one
// that receives the callback. Each (app, object, fingerprint) is a counter:
// writing the same state twice expects two echoes.
type EchoGuard struct {
	Broker *broker.Broker
}

// NewEchoGuard returns a guard keeping its entries in b.
func NewEchoGuard(b *broker.Broker) *EchoGuard { return &EchoGuard{Broker: b} }

// key hashes the fingerprint, which may be a long canonical rendering of
// the object, to keep keys short; objectKey (e.g. "user:ou_…") stays
// readable for debugging.
func (g *EchoGuard) key(appID int, objectKey, fingerprint string) string {
	sum := sha256.Sum256([]byte(fingerprint))
	return g.Broker.Key("feishu", "echo", strconv.Itoa(appID), objectKey, hex.EncodeToString(sum[:16]))
}

var rememberScript = redis.NewScript(`
local n = redis.call("INCR", KEYS[1])
redis.call("PEXPIRE", KEYS[1], ARGV[1])
return n`)

// Remember records that the bridge is writing objectKey of app appID (our
// App row id) to Feishu in the state fingerprint; the echo is expected
// within ttl (DefaultEchoTTL when ttl ≤ 0).
func (g *EchoGuard) Remember(ctx context.Context, appID int, objectKey, fingerprint string, ttl time.Duration) error {
	if ttl <= 0 {
		ttl = DefaultEchoTTL
	}
	ms := max(ttl.Milliseconds(), 1)
	if err := rememberScript.Run(ctx, g.Broker.Client, []string{g.key(appID, objectKey, fingerprint)}, ms).Err(); err != nil {
		return fmt.Errorf("feishu echo guard: remember %s: %w", objectKey, err)
	}
	return nil
}

// consumeScript takes one expected echo atomically, so two processes seeing
// the same echo (a Feishu retry) cannot both consume a single entry.
var consumeScript = redis.NewScript(`
local n = tonumber(redis.call("GET", KEYS[1]) or "0")
if n <= 0 then
	return 0
end
if n == 1 then
	redis.call("DEL", KEYS[1])
else
	redis.call("DECR", KEYS[1])
end
return 1`)

// IsEcho reports whether an event about objectKey in state fingerprint is
// the echo of the bridge's own write, consuming the matching entry. On a
// Redis error it answers false: processing an echo once more costs an
// idempotent no-op write, while dropping a real change would lose data.
func (g *EchoGuard) IsEcho(ctx context.Context, appID int, objectKey, fingerprint string) bool {
	n, err := consumeScript.Run(ctx, g.Broker.Client, []string{g.key(appID, objectKey, fingerprint)}).Int()
	return err == nil && n == 1
}
