package feishu

import (
	"crypto/sha256"
	"net/http"
	"sort"
	"strings"
)

// idemEntry remembers what a client_token created and with which request.
type idemEntry struct {
	requestHash [32]byte
	objectID    string
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

// idempotent reports whether this create was already done with the same
// client_token: the same request returns the object created then, a
// different request with the same token is refused with 40021. Concurrent
// first attempts with one token are not serialised (a retry after a timeout
// is the case that matters).
func (s *Server) idempotent(c *call, kind string) (objectID string, hit bool, err error) {
	if c.query.Get("client_token") == "" {
		return "", false, nil
	}
	s.mu.Lock()
	e, ok := s.idem[idemKey(c, kind)]
	s.mu.Unlock()
	if !ok {
		return "", false, nil
	}
	if e.requestHash != requestHash(c) {
		return "", false, newErr(http.StatusBadRequest, CodeNotSameRequest, "no a same request error")
	}
	return e.objectID, true, nil
}

func (s *Server) remember(c *call, kind, objectID string) {
	if c.query.Get("client_token") == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.idem[idemKey(c, kind)] = idemEntry{requestHash: requestHash(c), objectID: objectID}
}
