// Package broker connects to Redis: the server at IMBRIDGE_REDIS_URL, or an
// in-process miniredis when none is configured. Jobs, progress, sessions,
// token caches and rate-limit buckets all live there, shared by every process.
package broker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Broker is an open Redis connection and, in embedded mode, the server.
type Broker struct {
	Client   *redis.Client
	Embedded bool
	// Namespace prefixes every key, channel and queue name, so several
	// installations (or parallel test runs) can share one Redis server.
	Namespace string

	mini *miniredis.Miniredis
	stop chan struct{}
	done chan struct{}
}

// Open connects to url (redis://…), or starts an embedded Redis when url is empty.
func Open(ctx context.Context, url string) (*Broker, error) {
	if url == "" {
		return openEmbedded()
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("IMBRIDGE_REDIS_URL: %w", err)
	}
	c := redis.NewClient(opt)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		return nil, fmt.Errorf("connecting to redis at %s: %w", opt.Addr, err)
	}
	return &Broker{Client: c, Namespace: "imbridge"}, nil
}

// openEmbedded starts miniredis without a network listener: every
// connection is an in-memory pipe made by this process, so no other user of
// the machine can reach it (a loopback port would let any local user write
// a session key and become super admin). It also requires a password
// generated at start, so that a listener added later would not be open
// either. miniredis does not expire keys by itself, so a ticker advances
// its clock once a second: asynq's heartbeats, unique locks and our TTLs
// then behave as on a real server.
func openEmbedded() (*Broker, error) {
	pw := make([]byte, 32)
	if _, err := rand.Read(pw); err != nil {
		return nil, fmt.Errorf("starting embedded redis: %w", err)
	}
	m := miniredis.NewMiniRedis()
	m.RequireAuth(hex.EncodeToString(pw))
	b := &Broker{
		Client: redis.NewClient(&redis.Options{
			Addr:     embeddedAddr,
			Password: hex.EncodeToString(pw),
			Dialer:   func(context.Context, string, string) (net.Conn, error) { return m.Dial() },
		}),
		Embedded:  true,
		Namespace: "imbridge",
		mini:      m,
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	go b.tick()
	return b, nil
}

// embeddedAddr stands for the embedded server where an address is shown:
// it has none.
const embeddedAddr = "embedded:0"

func (b *Broker) tick() {
	defer close(b.done)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			b.mini.FastForward(time.Second)
		}
	}
}

// Key joins parts into a key of this installation's namespace.
func (b *Broker) Key(parts ...string) string {
	k := b.Namespace
	for _, p := range parts {
		k += ":" + p
	}
	return k
}

// Queue names a job queue of this installation.
func (b *Broker) Queue(name string) string {
	if b.Namespace == "imbridge" {
		return name
	}
	return b.Namespace + "-" + name
}

// Addr is the address of the Redis server ("embedded:0" for the embedded one,
// which has no network address).
func (b *Broker) Addr() string { return b.Client.Options().Addr }

// Close disconnects and, in embedded mode, stops the server.
func (b *Broker) Close() error {
	err := b.Client.Close()
	if b.mini != nil {
		close(b.stop)
		<-b.done
		b.mini.Close()
	}
	return err
}
