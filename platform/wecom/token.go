package wecom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// tokenSource hands out the app's access_token (获取access_token, path/91039):
// "每个应用的access_token是彼此独立的，所以进行缓存时需要区分应用", and
// "不能频繁调用gettoken接口，否则会受到频率拦截". So tokens live in Redis
// under "{namespace}:wecom:token:{identity}", the identity a hash of base
// URL, corpid and secret (one per app, and a changed secret never finds the
// old token), shared by every process. A miss is fetched once per process
// (singleflight) and once across processes (a short Redis lock; the others
// wait for the cached token). A refused token is dropped only if it is
// still the cached one, so callers that all saw it refused cause one fetch.
type tokenSource struct {
	c      *Client
	secret string // never logged
	key    string
	lock   string
	group  singleflight.Group

	// The last token seen, kept in memory for localTokenTTL so a call
	// costs no Redis round trip for it: under load each round trip was
	// a few ms of a pull's listings (BENCHMARKS.md, WeCom pull). WeCom
	// answers the same token to every gettoken within its validity, so
	// the memory copy is the shared one; a refused token is dropped
	// here too.
	mu         sync.Mutex
	local      string
	localUntil time.Time
	// refused is the last token WeCom refused: a caller that read it from
	// Redis just before it was dropped must not put it back in memory
	// after the refresh (it would be sent again for localTokenTTL, and a
	// caller on its one retry would fail with 42001).
	refused string
}

// localTokenTTL bounds how long a token read from Redis is reused from
// memory: short, so a token dropped by another process is left within
// seconds even if this one never sees it refused.
const localTokenTTL = 30 * time.Second

func (t *tokenSource) remember(tok string) {
	t.mu.Lock()
	if tok != t.refused {
		t.local, t.localUntil = tok, time.Now().Add(localTokenTTL)
	}
	t.mu.Unlock()
}

func (t *tokenSource) remembered() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.local != "" && time.Now().Before(t.localUntil) {
		return t.local
	}
	return ""
}

// tokenMargin: a token is kept expires_in minus this, so none is sent in
// its last minutes.
const tokenMargin = 5 * time.Minute

func newTokenSource(c *Client, secret string) *tokenSource {
	sum := sha256.Sum256([]byte(c.base + "\x00" + c.corpID + "\x00" + secret))
	id := hex.EncodeToString(sum[:12])
	return &tokenSource{c: c, secret: secret,
		key: c.broker.Key(PlatformName, "token", id), lock: c.broker.Key(PlatformName, "token", id, "lock")}
}

// get returns a valid-looking token, from the cache or fetched.
func (t *tokenSource) get(ctx context.Context) (string, error) {
	if v := t.remembered(); v != "" {
		return v, nil
	}
	if v, err := t.c.broker.Client.Get(ctx, t.key).Result(); err == nil && v != "" {
		t.remember(v)
		return v, nil
	} else if err != nil && !errors.Is(err, redis.Nil) {
		return "", fmt.Errorf("wecom: reading the token cache: %w", err)
	}
	v, err, _ := t.group.Do("", func() (any, error) { return t.fetchShared(context.WithoutCancel(ctx)) })
	if err != nil {
		return "", err
	}
	t.remember(v.(string))
	return v.(string), nil
}

// fetchShared fetches under the cross-process lock, or waits for the
// process holding it to store the token.
func (t *tokenSource) fetchShared(ctx context.Context) (string, error) {
	rdb := t.c.broker.Client
	for range 100 { // at most ~5 s of waiting for another process
		ok, err := rdb.SetNX(ctx, t.lock, "1", 10*time.Second).Result()
		if err != nil {
			return "", fmt.Errorf("wecom: token lock: %w", err)
		}
		if v, err := rdb.Get(ctx, t.key).Result(); err == nil && v != "" {
			if ok {
				rdb.Del(ctx, t.lock)
			}
			return v, nil
		}
		if ok {
			defer rdb.Del(ctx, t.lock)
			return t.fetch(ctx)
		}
		if err := ctxSleep(ctx, 50*time.Millisecond); err != nil {
			return "", err
		}
	}
	return t.fetch(ctx)
}

// tokenAnswer is gettoken's answer.
type tokenAnswer struct {
	envelope
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// fetch calls gettoken (GET /cgi-bin/gettoken?corpid=&corpsecret=) and
// caches the token for expires_in − 5 min. Refusals: 40001 不合法的secret,
// 40013 不合法的CorpID (ClassCredentials), 60020 不安全的访问IP.
func (t *tokenSource) fetch(ctx context.Context) (string, error) {
	c := t.c
	if err := c.paceAPI(ctx, APIGetToken); err != nil {
		return "", err
	}
	var ans tokenAnswer
	q := url.Values{"corpid": {c.corpID}, "corpsecret": {t.secret}}
	var code int
	var msg string
	var status int
	var err error
	for attempt := 1; ; attempt++ {
		code, msg, status, err = c.roundTrip(ctx, "GET", "/cgi-bin/gettoken", q, nil, &ans)
		if (err != nil && transient(err) || code == codeBusy) && attempt < c.retry.Attempts {
			if err := c.backoff(ctx, APIGetToken, attempt, err); err != nil {
				return "", err
			}
			continue
		}
		break
	}
	if err != nil {
		return "", err
	}
	if code != 0 {
		return "", c.answer(codeError(code, msg, status))
	}
	if ans.AccessToken == "" {
		return "", errors.New("wecom gettoken: answer without access_token")
	}
	ttl := time.Duration(ans.ExpiresIn)*time.Second - tokenMargin
	if ttl > 0 {
		if err := c.broker.Client.Set(ctx, t.key, ans.AccessToken, ttl).Err(); err != nil {
			return "", fmt.Errorf("wecom: caching the token: %w", err)
		}
	}
	return ans.AccessToken, nil
}

// forget drops a refused token from memory and keeps it from being
// remembered again by a caller that read it before it was refused.
func (t *tokenSource) forget(refused string) {
	t.mu.Lock()
	t.refused = refused
	if t.local == refused {
		t.local = ""
	}
	t.mu.Unlock()
}

// dropIfSame deletes the cached token only if it is the refused one.
var dropIfSame = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

// invalidate drops a token WeCom refused (40014/42001/40001), unless
// another caller already replaced it.
func (t *tokenSource) invalidate(ctx context.Context, refused string) error {
	t.forget(refused)
	return dropIfSame.Run(ctx, t.c.broker.Client, []string{t.key}, refused).Err()
}

// Token fetches a new access token with the app's credentials, proving
// them (a refusal is *platform.Error of ClassCredentials), and caches it.
// It always asks WeCom: a cached token outlives a changed secret.
func (c *Client) Token(ctx context.Context) (string, error) {
	v, err, _ := c.tokens.group.Do("", func() (any, error) { return c.tokens.fetch(context.WithoutCancel(ctx)) })
	if err != nil {
		return "", err
	}
	c.tokens.remember(v.(string))
	return v.(string), nil
}
