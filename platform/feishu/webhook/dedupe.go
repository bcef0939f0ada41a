package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/worker/broker"
)

// dedupeTTL is how long an event_id is remembered. Feishu retries a failed
// push for hours (the schedule is unverified, reference §4.1); a day covers
// it with margin.
const dedupeTTL = 24 * time.Hour

// dedupe makes each event_id deliverable once per app across every API
// process: the first request to claim the id in Redis (SET NX) wins.
type dedupe struct{ b *broker.Broker }

func (d dedupe) key(appID int, eventID string) string {
	return d.b.Key("feishu", "event", strconv.Itoa(appID), eventID)
}

// claim returns a claim token and true when this request is the first with
// the id; false means a replay or a retry racing the original.
func (d dedupe) claim(ctx context.Context, appID int, eventID string) (string, bool, error) {
	var nb [12]byte
	_, _ = rand.Read(nb[:])
	tok := hex.EncodeToString(nb[:])
	ok, err := d.b.Client.SetNX(ctx, d.key(appID, eventID), tok, dedupeTTL).Result()
	if err != nil {
		return "", false, fmt.Errorf("feishu webhook: claim event id: %w", err)
	}
	return tok, ok, nil
}

// releaseScript deletes the key only if it still holds our claim token, so a
// release can never drop a claim another request made meanwhile.
var releaseScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
	return redis.call("DEL", KEYS[1])
end
return 0`)

// release forgets a claim after Deliver failed, so Feishu's retry of the
// same event_id is accepted instead of being mistaken for a replay.
func (d dedupe) release(ctx context.Context, appID int, eventID, tok string) error {
	if err := releaseScript.Run(ctx, d.b.Client, []string{d.key(appID, eventID)}, tok).Err(); err != nil {
		return fmt.Errorf("feishu webhook: release event id: %w", err)
	}
	return nil
}
