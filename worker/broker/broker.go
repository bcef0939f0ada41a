// Package broker connects to Redis: the server at IMBRIDGE_REDIS_URL, or an
// in-process miniredis when none is configured. Jobs, progress, sessions,
// token caches and rate-limit buckets all live there, shared by every process.
package broker

import (
	"context"
	"fmt"
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

// openEmbedded starts miniredis on a loopback port. miniredis does not expire
// keys by itself, so a ticker advances its clock once a second: asynq's
// heartbeats, unique locks and our TTLs then behave as on a real server.
func openEmbedded() (*Broker, error) {
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr("127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("starting embedded redis: %w", err)
	}
	b := &Broker{
		Client:    redis.NewClient(&redis.Options{Addr: m.Addr()}),
		Embedded:  true,
		Namespace: "imbridge",
		mini:      m,
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	go b.tick()
	return b, nil
}

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

// Addr is the address of the Redis server.
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
