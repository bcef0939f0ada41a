package auth

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/worker/broker"
)

// SessionTTL is how long a console session lasts without use.
const SessionTTL = 12 * time.Hour

// sessions stores console sessions in Redis, so every API process accepts
// them and logout or disabling an admin takes effect everywhere. Only the
// hash of the session id is stored: session:<hash> holds the admin id, and
// admin-sessions:<admin id> the set of that admin's session hashes, so all
// of them can be ended at once.
type sessions struct{ b *broker.Broker }

func (s sessions) key(hash string) string { return s.b.Key("session", hash) }

func (s sessions) adminKey(adminID int) string {
	return s.b.Key("admin-sessions", strconv.Itoa(adminID))
}

func (s sessions) create(ctx context.Context, adminID int) (string, error) {
	id := newSessionID()
	_, err := s.b.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.key(HashToken(id)), adminID, SessionTTL)
		p.SAdd(ctx, s.adminKey(adminID), HashToken(id))
		p.Expire(ctx, s.adminKey(adminID), SessionTTL)
		return nil
	})
	return id, err
}

// get returns the admin id of the session with this hash (0: none) and
// extends the session (sliding expiry). The admin's set of sessions is
// extended with it: were it to expire first, ending all of the admin's
// sessions would miss this one.
func (s sessions) get(ctx context.Context, hash string) (int, error) {
	v, err := s.b.Client.GetEx(ctx, s.key(hash), SessionTTL).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return v, s.b.Client.Expire(ctx, s.adminKey(v), SessionTTL).Err()
}

// peek is get without extending the session: a check of an open WebSocket
// is not a use.
func (s sessions) peek(ctx context.Context, hash string) (int, error) {
	v, err := s.b.Client.Get(ctx, s.key(hash)).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return v, err
}

func (s sessions) delete(ctx context.Context, hash string) error {
	return s.b.Client.Del(ctx, s.key(hash)).Err()
}

// deleteAll ends every session of an admin except the one hashing to keep
// ("" ends all): disabled, deleted, role or password changed.
func (s sessions) deleteAll(ctx context.Context, adminID int, keep string) error {
	hashes, err := s.b.Client.SMembers(ctx, s.adminKey(adminID)).Result()
	if err != nil {
		return err
	}
	var keys []string
	var ended []any
	for _, h := range hashes {
		if h != keep {
			keys = append(keys, s.key(h))
			ended = append(ended, h)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	_, err = s.b.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, keys...)
		p.SRem(ctx, s.adminKey(adminID), ended...)
		return nil
	})
	return err
}
