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
// reference); the client's limiter keeps under it. An unknown or missing
// ActivityId answers MissingParameter (100002): the action-specific code
// for an unknown room is not in the reference.
package volcano

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
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
	seq      int64
	requests []string
}

// New builds a simulator.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Server{cfg: cfg, rooms: map[int64]*Room{}, seq: 1760965157000}
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
	code, res := s.run(action+" "+r.Method, b, id())
	s.answer(w, action, code, res)
}

// run does one action under the lock: the public code of a refusal, or the
// Result.
func (s *Server) run(call string, b map[string]any, id int64) (string, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch call {
	case "CreateActivityAPIV2 POST":
		name, _ := b["Name"].(string)
		lt, _ := b["LiveTime"].(float64)
		et, _ := b["EndTime"].(float64)
		if name == "" || len([]rune(name)) > 150 {
			return "MissingParameter", nil
		}
		s.seq++
		room := &Room{ID: s.seq, Name: name, LiveTime: int64(lt), EndTime: int64(et), Status: 2}
		s.rooms[room.ID] = room
		return "", map[string]any{"ActivityId": room.ID}
	case "GetActivityAPI GET", "GetActivityBasicConfigAPI GET", "GetPageWatchDataAPIV2 GET", "DeleteActivityAPI POST", "UpdateActivityBasicConfigAPI POST":
	default:
		return "InvalidActionOrVersion", nil
	}
	room := s.rooms[id]
	if room == nil {
		return "MissingParameter", nil
	}
	action, _, _ := strings.Cut(call, " ")
	switch action {
	case "GetActivityAPI":
		return "", map[string]any{"Id": room.ID, "Name": room.Name, "LiveTime": room.LiveTime, "EndTime": room.EndTime,
			"Status": room.Status, "ViewUrl": fmt.Sprintf("https://live.volcvideo.com/%d", room.ID), "CoverImage": room.CoverImage}
	case "GetActivityBasicConfigAPI":
		return "", map[string]any{"Name": room.Name, "LiveTime": room.LiveTime, "EndTime": room.EndTime,
			"CoverImage": room.CoverImage, "IsAutoEndEnable": room.IsAutoEndEnable}
	case "GetPageWatchDataAPIV2":
		return "", map[string]any{"PV": room.PV, "UV": room.UV, "TotalTime": room.TotalTime, "PCU": room.PCU,
			"AvgTime": avg(room.TotalTime, room.UV)}
	case "DeleteActivityAPI":
		delete(s.rooms, room.ID)
	case "UpdateActivityBasicConfigAPI":
		// Fields left out reset to their defaults (the doc's warning).
		room.Name, _ = b["Name"].(string)
		room.CoverImage, _ = b["CoverImage"].(string)
		lt, _ := b["LiveTime"].(float64)
		et, _ := b["EndTime"].(float64)
		ae, _ := b["IsAutoEndEnable"].(float64)
		room.LiveTime, room.EndTime, room.IsAutoEndEnable = int64(lt), int64(et), int(ae)
	}
	return "", map[string]any{}
}

func avg(total float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return total / float64(n)
}

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
	if s.cfg.CallbackURL == "" {
		return 0, nil
	}
	aid, ev, st := strconv.FormatInt(id, 10), "ActivityStatusModifyCallBack", strconv.Itoa(status)
	ts := strconv.FormatInt(s.cfg.Now().Unix(), 10)
	sum := md5.Sum([]byte(s.cfg.AccountSecret + aid + ev + st + ts))
	q := url.Values{"ActivityID": {aid}, "EventType": {ev}, "Status": {st}, "Timestamp": {ts}, "Sign": {hex.EncodeToString(sum[:])}}
	resp, err := http.Get(s.cfg.CallbackURL + "?" + q.Encode())
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// verify checks the V4 signature: Authorization "HMAC-SHA256
// Credential={AK}/{YYYYMMDD}/{Region}/{Service}/request, SignedHeaders=…,
// Signature=…", with host and x-date signed; returns the public code of a
// refusal, or "".
func (s *Server) verify(r *http.Request, body []byte) string {
	auth := r.Header.Get("Authorization")
	xdate := r.Header.Get("X-Date")
	if auth == "" || xdate == "" {
		return "MissingRequestInfo"
	}
	t, err := time.Parse("20060102T150405Z", xdate)
	if err != nil || s.cfg.Now().Sub(t).Abs() > 15*time.Minute {
		return "InvalidTimestamp"
	}
	alg, rest, _ := strings.Cut(auth, " ")
	fields := map[string]string{}
	for _, p := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		fields[k] = v
	}
	cred := strings.Split(fields["Credential"], "/")
	if alg != "HMAC-SHA256" || len(cred) != 5 || cred[2] != "cn-north-1" || cred[3] != "livesaas" || cred[4] != "request" {
		return "SignatureDoesNotMatch"
	}
	sk, ok := s.cfg.Keys[cred[0]]
	if !ok {
		return "InvalidAccessKey"
	}
	signed := strings.Split(fields["SignedHeaders"], ";")
	if !contains(signed, "host") || !contains(signed, "x-date") {
		return "SignatureDoesNotMatch"
	}
	var ch strings.Builder
	for _, h := range signed {
		v := r.Header.Get(h)
		if h == "host" {
			v = r.Host
		}
		ch.WriteString(h + ":" + strings.TrimSpace(v) + "\n")
	}
	bodyHash := sha256.Sum256(body)
	canon := strings.Join([]string{r.Method, "/", canonicalQuery(r.URL.Query()), ch.String(),
		fields["SignedHeaders"], hex.EncodeToString(bodyHash[:])}, "\n")
	ch2 := sha256.Sum256([]byte(canon))
	scope := strings.Join(cred[1:], "/")
	sts := "HMAC-SHA256\n" + xdate + "\n" + scope + "\n" + hex.EncodeToString(ch2[:])
	k := mac([]byte(sk), cred[1])
	k = mac(k, cred[2])
	k = mac(k, cred[3])
	k = mac(k, "request")
	if !hmac.Equal([]byte(hex.EncodeToString(mac(k, sts))), []byte(fields["Signature"])) {
		return "SignatureDoesNotMatch"
	}
	return ""
}

func mac(key []byte, s string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(s))
	return h.Sum(nil)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// canonicalQuery: keys sorted, keys and values percent-encoded (RFC 3986,
// space as %20).
func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, esc(k)+"="+esc(v))
		}
	}
	return strings.Join(parts, "&")
}

func esc(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
