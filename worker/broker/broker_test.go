package broker

import (
	"context"
	"net"
	"strings"
	"testing"

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
