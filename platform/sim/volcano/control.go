package volcano

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// Test controls: what the console or time would change on a room.

// SetCover sets a room's cover as the console would (tests of the
// read-modify-write).
func (s *Server) SetCover(id int64, url string) {
	s.mu.Lock()
	if r := s.rooms[id]; r != nil {
		r.CoverImage = url
	}
	s.mu.Unlock()
}

// SetWatch sets a room's watch totals (minutes for total).
func (s *Server) SetWatch(id int64, pv, uv, pcu int, totalMinutes float64) {
	s.mu.Lock()
	if r := s.rooms[id]; r != nil {
		r.PV, r.UV, r.PCU, r.TotalTime = pv, uv, pcu, totalMinutes
	}
	s.mu.Unlock()
}

// SetCallback sets where status callbacks go and the AccountSecret they
// are signed with (AddCallbackConfig, CallbackType 1).
func (s *Server) SetCallback(url, accountSecret string) {
	s.mu.Lock()
	s.cfg.CallbackURL, s.cfg.AccountSecret = url, accountSecret
	s.mu.Unlock()
}

// SetStatus moves a room to status and pushes the signed status callback
// (GET) when a CallbackURL is set; it returns the callback's HTTP status.
func (s *Server) SetStatus(id int64, status int) (int, error) {
	s.mu.Lock()
	r := s.rooms[id]
	if r != nil {
		r.Status = status
	}
	s.mu.Unlock()
	if r == nil {
		return 0, fmt.Errorf("no room %d", id)
	}
	s.mu.Lock()
	target, secret := s.cfg.CallbackURL, s.cfg.AccountSecret
	s.mu.Unlock()
	if target == "" {
		return 0, nil
	}
	aid, ev, st := strconv.FormatInt(id, 10), "ActivityStatusModifyCallBack", strconv.Itoa(status)
	ts := strconv.FormatInt(s.cfg.Now().Unix(), 10)
	sum := md5.Sum([]byte(secret + aid + ev + st + ts))
	q := url.Values{"ActivityID": {aid}, "EventType": {ev}, "Status": {st}, "Timestamp": {ts}, "Sign": {hex.EncodeToString(sum[:])}}
	resp, err := http.Get(target + "?" + q.Encode())
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
