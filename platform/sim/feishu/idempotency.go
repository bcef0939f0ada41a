package feishu

import (
	"crypto/sha256"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// client_token on the create APIs (department/create, user/create): "用于幂等
// 判断是否为同一请求，避免重复创建" — the same token with a changed request is
// 40021 "no a same request error" ("两次操作不是同一个请求，请检查 request 值是
// 否有改动"). What a repeat of the same request answers is not documented:
// ClientTokenReplay chooses between the object created then (the default)
// and the create pages' "already exists" codes, so clients can be tested
// against both. How long Feishu remembers a token is not documented either;
// the simulator remembers every token of a successful create for its
// lifetime (a failed create is not remembered).

// ClientTokenReplay is what a create repeating a used client_token answers.
type ClientTokenReplay int

const (
	// ReplayReturnsObject answers success with the object the first
	// request created (as it is now).
	ReplayReturnsObject ClientTokenReplay = iota
	// ReplayAlreadyExists answers 43000 "dept has already exist error"
	// (HTTP 401) or 41053 "user has already exist error" (HTTP 409), the
	// codes department/create and user/create list for an object that
	// exists already.
	ReplayAlreadyExists
)

// idemEntry remembers what a client_token created and with which request.
type idemEntry struct {
	requestHash [32]byte
	objectID    string
}

// idemStore holds the tokens (zero value ready): its own lock, plus one
// lock per token so concurrent requests with one token run one after the
// other (a retry sent while the first attempt is still being served waits
// for it).
type idemStore struct {
	mu      sync.Mutex
	entries map[string]idemEntry
	busy    map[string]*sync.Mutex
	replay  ClientTokenReplay
}

// requestHash covers the body and every query parameter but client_token,
// so a retried request matches and a changed one does not.
func requestHash(c *call) [32]byte {
	h := sha256.New()
	keys := make([]string, 0, len(c.query))
	for k := range c.query {
		if k != "client_token" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		h.Write([]byte(k + "=" + strings.Join(c.query[k], ",") + "&"))
	}
	h.Write(c.body)
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

func idemKey(c *call, kind string) string {
	return c.appID + "|" + kind + "|" + c.query.Get("client_token")
}

// SetClientTokenReplay chooses what a repeated create answers.
func (s *Server) SetClientTokenReplay(r ClientTokenReplay) {
	s.idem.mu.Lock()
	defer s.idem.mu.Unlock()
	s.idem.replay = r
}

// createOnce runs create at most once per client_token (per app and kind,
// "department" or "user"). A repeat of the same request returns the id
// created then with replayed = true (or, with ReplayAlreadyExists, the
// kind's "already exists" error); a different request with the same token
// is refused with 40021. Without a client_token create simply runs.
func (s *Server) createOnce(c *call, kind string, create func() (string, error)) (id string, replayed bool, err error) {
	if c.query.Get("client_token") == "" {
		id, err = create()
		return id, false, err
	}
	key := idemKey(c, kind)
	st := &s.idem
	st.mu.Lock()
	if st.busy == nil {
		st.busy, st.entries = map[string]*sync.Mutex{}, map[string]idemEntry{}
	}
	lock := st.busy[key]
	if lock == nil {
		lock = &sync.Mutex{}
		st.busy[key] = lock
	}
	st.mu.Unlock()

	lock.Lock()
	defer lock.Unlock()
	st.mu.Lock()
	e, seen := st.entries[key]
	replay := st.replay
	st.mu.Unlock()
	if seen {
		if e.requestHash != requestHash(c) {
			return "", false, newErr(http.StatusBadRequest, CodeNotSameRequest, "no a same request error")
		}
		if replay == ReplayAlreadyExists {
			return "", true, errAlreadyExists(kind)
		}
		return e.objectID, true, nil
	}
	if id, err = create(); err != nil {
		return "", false, err
	}
	st.mu.Lock()
	st.entries[key] = idemEntry{requestHash: requestHash(c), objectID: id}
	st.mu.Unlock()
	return id, false, nil
}

func errAlreadyExists(kind string) *Error {
	if kind == "user" {
		return newErr(http.StatusConflict, CodeUserAlreadyExists, "user has already exist error")
	}
	return newErr(http.StatusUnauthorized, CodeDeptAlreadyExists, "dept has already exist error")
}
