// Package volcano simulates Volcano Engine enterprise live (livesaas)
// OpenAPI for tests and the demo: one host, ?Action=…&Version=2020-06-01,
// answers {"ResponseMetadata": {…, "Error": {Code, CodeN, Message}},
// "Result": …} with the public error codes (docs 6369/68677), every request
// checked against Volcano's V4 signature — computed here from the
// documented algorithm, independently of the client's signer, so a wrong
// signature on either side fails (SignatureDoesNotMatch 100010) — and the
// live-status callback pushed as a signed GET (Sign = md5(AccountSecret +
// ActivityID + EventType + Status + Timestamp)).
//
// Status moves by SetStatus (1 直播中, 2 预告, 3 回放, 4 已结束), as the
// anchor would in the console; UpdateActivityBasicConfigAPI resets fields
// left out of its body to defaults, as the doc warns. The 120/min limit is
// not enforced here (the documented throttling code is not in the
// reference); the client's limiter keeps under it. An unknown ActivityId
// answers InvalidParameter.ActivityNotExist, a deleted one
// InvalidParameter.ActivityHasBeenDeleted (HTTP 400; livesaas 错误码,
// docs 3019/1112501, which gives them no CodeN).
package volcano

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Room is one simulated live room (直播间).
type Room struct {
	ID                      int64
	Name, CoverImage        string
	LiveTime, EndTime       int64
	Status, IsAutoEndEnable int
	PV, UV, PCU             int
	TotalTime               float64 // minutes
	// Behaviour is what ListUserBehaviorDataAPIV2 pages through: one row
	// per visit (a viewer who came back has several).
	Behaviour []Behaviour
}

// Config sets the simulator up.
type Config struct {
	// Keys maps Access Key ID to Secret Access Key.
	Keys map[string]string
	// CallbackURL receives status callbacks, signed with AccountSecret.
	CallbackURL, AccountSecret string
	Now                        func() time.Time
	Latency                    time.Duration
}

// Server is the simulator, an http.Handler.
type Server struct {
	cfg Config

	mu       sync.Mutex
	rooms    map[int64]*Room
	deleted  map[int64]bool
	seq      int64
	requests []string
}

// New builds a simulator.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Server{cfg: cfg, rooms: map[int64]*Room{}, deleted: map[int64]bool{}, seq: 1760965157000}
}

// Requests lists the actions answered, in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Room returns a copy of a room.
func (s *Server) Room(id int64) (Room, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rooms[id]
	if r == nil {
		return Room{}, false
	}
	return *r, true
}

var publicCodes = map[string]struct{ n, status int }{
	"MissingParameter": {100002, 400}, "MissingRequestInfo": {100004, 400}, "InvalidTimestamp": {100006, 400},
	"InvalidActionOrVersion": {100008, 404}, "InvalidAccessKey": {100009, 401}, "SignatureDoesNotMatch": {100010, 401},
	"AccessDenied": {100013, 403}, "InternalError": {100014, 500},
	// The livesaas table (3019/1112501) gives these no CodeN.
	"InvalidParameter.ActivityNotExist": {0, 400}, "InvalidParameter.ActivityHasBeenDeleted": {0, 400},
}

func (s *Server) answer(w http.ResponseWriter, action, code string, result any) {
	meta := map[string]any{"RequestId": fmt.Sprintf("%d", time.Now().UnixNano()), "Action": action,
		"Version": "2020-06-01", "Service": "livesaas", "Region": "cn-north-1"}
	status := http.StatusOK
	if code != "" {
		c := publicCodes[code]
		meta["Error"] = map[string]any{"Code": code, "CodeN": c.n, "Message": code}
		status = c.status
	}
	s.mu.Lock()
	s.requests = append(s.requests, action)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	out := map[string]any{"ResponseMetadata": meta}
	if code == "" {
		out["Result"] = result
	}
	_ = json.NewEncoder(w).Encode(out)
}

// ServeHTTP checks the signature, then runs the action.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Latency > 0 {
		time.Sleep(s.cfg.Latency)
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	q := r.URL.Query()
	action := q.Get("Action")
	if code := s.verify(r, body); code != "" {
		s.answer(w, action, code, nil)
		return
	}
	var b map[string]any
	if len(body) > 0 {
		_ = json.Unmarshal(body, &b)
	}
	id := func() int64 {
		if v, ok := b["ActivityId"].(float64); ok {
			return int64(v)
		}
		n, _ := strconv.ParseInt(q.Get("ActivityId"), 10, 64)
		return n
	}
	code, res := s.run(action+" "+r.Method, b, q, id())
	s.answer(w, action, code, res)
}
