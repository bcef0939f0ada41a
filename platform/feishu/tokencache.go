package feishu

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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
// "app_access_token-{app_id}") under "{namespace}:feishu:token:{identity}:",
// where the identity is a hash of the base URL, app id and secret: the SDK
// keys tokens by app id alone, so without it a second corp configured with
// someone else's app id (and any secret) would be handed that app's cached
// token. Values are tokens: this type never logs them.
type tokenCache struct {
	b  *broker.Broker
	id string
}

var _ larkcore.Cache = (*tokenCache)(nil)

func (c *tokenCache) key(k string) string { return c.b.Key(PlatformName, "token", c.id, k) }

// identity names one set of credentials at one base URL (not reversible:
// a truncated SHA-256).
func identity(baseURL, appID, secret string) string {
	sum := sha256.Sum256([]byte(baseURL + "\x00" + appID + "\x00" + secret))
	return hex.EncodeToString(sum[:12])
}

type identityKey struct{}

// withIdentity tells the router whose cache the SDK's token lookups in this
// call belong to; the SDK passes the request's context to the cache.
func withIdentity(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

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

// cacheRouter is the larkcore.Cache the SDK sees; it finds the calling
// Client's cache from the identity in the context. Lookups without one
// (none in practice: every call goes through Client.do) go to a
// process-local fallback, keyed by the SDK's key.
type cacheRouter struct {
	caches   sync.Map // identity -> *tokenCache
	fallback localCache
}

// register makes the identity's tokens live in c (all of a process's
// Clients share one broker, so a re-registration is equivalent).
func (r *cacheRouter) register(c *tokenCache) { r.caches.Store(c.id, c) }

func (r *cacheRouter) route(ctx context.Context) larkcore.Cache {
	if id, ok := ctx.Value(identityKey{}).(string); ok {
		if c, ok := r.caches.Load(id); ok {
			return c.(*tokenCache)
		}
	}
	return &r.fallback
}

func (r *cacheRouter) Get(ctx context.Context, key string) (string, error) {
	return r.route(ctx).Get(ctx, key)
}

func (r *cacheRouter) Set(ctx context.Context, key, value string, ttl time.Duration) error {
	return r.route(ctx).Set(ctx, key, value, ttl)
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
