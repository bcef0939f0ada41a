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
// hash of the session id is stored.
type sessions struct{ b *broker.Broker }

func (s sessions) key(id string) string { return s.b.Key("session", HashToken(id)) }

func (s sessions) adminKey(adminID int) string {
	return s.b.Key("admin-sessions", strconv.Itoa(adminID))
}

func (s sessions) create(ctx context.Context, adminID int) (string, error) {
	id := newSessionID()
	_, err := s.b.Client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.key(id), adminID, SessionTTL)
		p.SAdd(ctx, s.adminKey(adminID), HashToken(id))
		p.Expire(ctx, s.adminKey(adminID), SessionTTL)
		return nil
	})
	return id, err
}

// get returns the session's admin id and extends the session (sliding expiry).
func (s sessions) get(ctx context.Context, id string) (int, error) {
	v, err := s.b.Client.GetEx(ctx, s.key(id), SessionTTL).Int()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	return v, err
}

func (s sessions) delete(ctx context.Context, id string) error {
	return s.b.Client.Del(ctx, s.key(id)).Err()
}

// deleteAll ends every session of an admin (disabled, deleted, password changed).
func (s sessions) deleteAll(ctx context.Context, adminID int) error {
	hashes, err := s.b.Client.SMembers(ctx, s.adminKey(adminID)).Result()
	if err != nil {
		return err
	}
	keys := []string{s.adminKey(adminID)}
	for _, h := range hashes {
		keys = append(keys, s.b.Key("session", h))
	}
	return s.b.Client.Del(ctx, keys...).Err()
}
