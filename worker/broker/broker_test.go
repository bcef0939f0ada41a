package broker

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// The embedded Redis is reachable only by this process: it listens on no
// port, and a connection without the password generated at start is
// refused (any local user could otherwise write a session key).
func TestEmbeddedRedisIsPrivate(t *testing.T) {
	ctx := context.Background()
	b, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Client.Set(ctx, b.Key("k"), "v", 0).Err(); err != nil {
		t.Fatalf("the broker's own client: %v", err)
	}
	if a := b.mini.Server().Addr(); a != nil {
		t.Fatalf("the embedded redis listens on %s", a)
	}
	for _, pw := range []string{"", "guess"} {
		c := redis.NewClient(&redis.Options{Addr: embeddedAddr, Password: pw, DisableIdentity: true, MaxRetries: -1,
			Dialer: func(context.Context, string, string) (net.Conn, error) { return b.mini.Dial() }})
		err := c.Set(ctx, b.Key("session", "forged"), "super-admin", 0).Err()
		c.Close()
		if err == nil || !(strings.Contains(err.Error(), "NOAUTH") || strings.Contains(err.Error(), "WRONGPASS")) {
			t.Fatalf("password %q: got %v, want the connection refused", pw, err)
		}
	}
	if n, err := b.Client.Exists(ctx, b.Key("session", "forged")).Result(); err != nil || n != 0 {
		t.Fatalf("forged key written: %d %v", n, err)
	}
	// Two embedded brokers do not share a password.
	b2, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if b.Client.Options().Password == b2.Client.Options().Password || len(b.Client.Options().Password) < 32 {
		t.Fatal("the password is not random")
	}
}

// BenchmarkEmbeddedRoundTrip compares a command's round trip to the
// embedded Redis over the in-memory pipe with one over a loopback TCP port
// (how it was reached before), single and 8 in parallel.
func BenchmarkEmbeddedRoundTrip(b *testing.B) {
	ctx := context.Background()
	pipe, err := Open(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	defer pipe.Close()
	m := miniredis.NewMiniRedis()
	if err := m.StartAddr("127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	tcp := redis.NewClient(&redis.Options{Addr: m.Addr()})
	defer tcp.Close()
	for _, c := range []struct {
		name string
		cl   *redis.Client
	}{{"pipe", pipe.Client}, {"tcp", tcp}} {
		c.cl.Set(ctx, "k", "v", 0)
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.cl.Get(ctx, "k").Err(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"-parallel", func(b *testing.B) {
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := c.cl.Get(ctx, "k").Err(); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
