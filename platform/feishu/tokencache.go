package feishu

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	lark "github.com/larksuite/oapi-sdk-go/v3"
	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	"github.com/redis/go-redis/v9"

	"imbridge/worker/broker"
)

// tokenCache keeps the SDK's tokens in Redis, so every process of an
// installation uses (and renews) the same tenant_access_token. Keys are the
// SDK's own ("tenant_access_token-{app_id}-{tenant_key}",
// "app_access_token-{app_id}") under "{namespace}:feishu:token:". Values are
// tokens: this type never logs them.
type tokenCache struct{ b *broker.Broker }

var _ larkcore.Cache = (*tokenCache)(nil)

func (c *tokenCache) key(k string) string { return c.b.Key(PlatformName, "token", k) }

// Get returns "" for a missing key, as the SDK expects ("" = fetch a token).
func (c *tokenCache) Get(ctx context.Context, key string) (string, error) {
	v, err := c.b.Client.Get(ctx, c.key(key)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	return v, err
}

// Set stores a token for ttl (the SDK passes expire - 3 min).
func (c *tokenCache) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	if ttl <= 0 {
		return nil
	}
	return c.b.Client.Set(ctx, c.key(key), value, ttl).Err()
}

func (c *tokenCache) del(ctx context.Context, keys ...string) error {
	for i, k := range keys {
		keys[i] = c.key(k)
	}
	return c.b.Client.Del(ctx, keys...).Err()
}

// The SDK's cache keys (core/tokenmanager.go; unexported there). A test
// checks that a call stores its token under tenantTokenKey, so an SDK
// upgrade that changes the format fails loudly instead of making Evict a
// no-op. Self-built apps have an empty tenant key.
func tenantTokenKey(appID string) string { return "tenant_access_token-" + appID + "-" }
func appTokenKey(appID string) string    { return "app_access_token-" + appID }

// evict drops an app's cached tokens, so the SDK fetches new ones. Used on
// 99991663/99991664/99991671: the SDK's own retry reuses the stale token.
func (c *tokenCache) evict(ctx context.Context, appID string) error {
	return c.del(ctx, tenantTokenKey(appID), appTokenKey(appID))
}

// Why a router: lark.WithTokenCache does not configure the client it is
// passed to. larkcore.NewCache assigns the cache to package-level globals
// (tokenManager, appTicketManager) used by every client in the process, on
// every lark.NewClient that carries the option. So two clients with
// different caches silently share the last one, and a NewClient running
// while another client makes requests is a data race. We therefore install
// one cache, once, and route each key to the Redis of the Client that owns
// the app id in it.
var tokenCaches = &cacheRouter{}

var installCache sync.Once

// newLarkClient builds an SDK client; the first one installs the router as
// the SDK's process-wide token cache, later ones leave the globals alone.
func newLarkClient(appID, secret string, opts ...lark.ClientOptionFunc) *lark.Client {
	var cli *lark.Client
	installCache.Do(func() {
		cli = lark.NewClient(appID, secret, append(opts, lark.WithTokenCache(tokenCaches))...)
	})
	if cli == nil {
		cli = lark.NewClient(appID, secret, opts...)
	}
	return cli
}

// cacheRouter is the larkcore.Cache the SDK sees; it finds the app's cache
// from the key. Keys of unknown apps (none in practice: every Client
// registers before its first call) go to a process-local fallback.
type cacheRouter struct {
	apps     sync.Map // app id -> *tokenCache
	fallback localCache
}

// register makes app's tokens live in c; a later Client for the same app
// replaces an earlier one (all of a process's Clients share one broker).
func (r *cacheRouter) register(appID string, c *tokenCache) { r.apps.Store(appID, c) }

func (r *cacheRouter) route(key string) larkcore.Cache {
	if app := appOfKey(key); app != "" {
		if c, ok := r.apps.Load(app); ok {
			return c.(*tokenCache)
		}
	}
	return &r.fallback
}

func (r *cacheRouter) Get(ctx context.Context, key string) (string, error) {
	return r.route(key).Get(ctx, key)
}

func (r *cacheRouter) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	return r.route(key).Set(ctx, key, value, ttl)
}

// appOfKey extracts the app id from "{kind}-{app_id}[-{tenant_key}]", kind
// being tenant_access_token, app_access_token or app_ticket. Feishu app ids
// ("cli_…") contain no "-".
func appOfKey(key string) string {
	_, rest, ok := strings.Cut(key, "-")
	if !ok {
		return ""
	}
	app, _, _ := strings.Cut(rest, "-")
	return app
}

// localCache is the fallback: in-process, honouring TTLs like the SDK's.
type localCache struct{ m sync.Map }

type localEntry struct {
	v   string
	exp time.Time
}

func (c *localCache) Get(_ context.Context, key string) (string, error) {
	if e, ok := c.m.Load(key); ok && time.Now().Before(e.(localEntry).exp) {
		return e.(localEntry).v, nil
	}
	return "", nil
}

func (c *localCache) Set(_ context.Context, key, value string, ttl time.Duration) error {
	c.m.Store(key, localEntry{value, time.Now().Add(ttl)})
	return nil
}
