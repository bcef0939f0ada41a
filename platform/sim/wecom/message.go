package wecom

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Message is a message/send the simulator accepted.
type Message struct {
	MsgID    string
	AgentID  int
	MsgType  string
	Content  json.RawMessage // the msgtype's object as sent
	To       []string        // delivered to (valid, under the member limit)
	Dropped  []string        // over the per-member limit: dropped silently, as WeCom does
	Recalled bool
	At       time.Time
}

type messageStore struct {
	mu     sync.Mutex
	seq    int
	list   []*Message
	byID   map[string]*Message
	dedup  map[string]dedupEntry  // content hash -> first send
	member map[string][]time.Time // agentid:userid -> sends in the last minute
}

type dedupEntry struct {
	msgID string
	until time.Time
}

func (m *messageStore) init() {
	m.byID, m.dedup, m.member = map[string]*Message{}, map[string]dedupEntry{}, map[string][]time.Time{}
}

// Messages returns what was sent, oldest first.
func (s *Server) Messages() []Message {
	s.msgs.mu.Lock()
	defer s.msgs.mu.Unlock()
	out := make([]Message, 0, len(s.msgs.list))
	for _, m := range s.msgs.list {
		out = append(out, *m)
	}
	return out
}

// memberPerMinute: "每应用对同一个成员不可超过30次/分，超过部分会被丢弃不下发".
const memberPerMinute = 30

// messageSend: POST message/send (path/90236). touser "a|b" ≤ 1000
// (40032 beyond); unknown or invisible members in invaliduser, all of
// them → 81013; enable_duplicate_check with duplicate_check_interval
// (default 1800 s, ≤ 4 h): the same content to the same recipients from
// the same app within the interval is not sent again; per member more
// than 30 a minute are dropped without an error.
func (s *Server) messageSend(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var raw map[string]json.RawMessage
	if json.NewDecoder(r.Body).Decode(&raw) != nil {
		s.answer(w, r, api, 40058, nil)
		return
	}
	var touser, msgtype string
	var agentID, dupCheck, dupInterval int
	_ = json.Unmarshal(raw["touser"], &touser)
	_ = json.Unmarshal(raw["msgtype"], &msgtype)
	_ = json.Unmarshal(raw["agentid"], &agentID)
	_ = json.Unmarshal(raw["enable_duplicate_check"], &dupCheck)
	_ = json.Unmarshal(raw["duplicate_check_interval"], &dupInterval)
	switch {
	case app.ContactSync || agentID != app.AgentID:
		s.answer(w, r, api, 301002, nil)
		return
	case raw[msgtype] == nil || touser == "":
		s.answer(w, r, api, 40058, nil)
		return
	}
	users := strings.Split(touser, "|")
	if len(users) > 1000 {
		s.answer(w, r, api, 40032, nil)
		return
	}
	var valid, invalid []string
	s.org.mu.RLock()
	for _, id := range users {
		u := s.org.users[lower(id)]
		if u == nil || !s.userVisible(app, u) || u.Status == 2 {
			invalid = append(invalid, id)
		} else {
			valid = append(valid, u.UserID)
		}
	}
	s.org.mu.RUnlock()
	if len(valid) == 0 {
		s.answer(w, r, api, 81013, map[string]any{"invaliduser": strings.Join(invalid, "|")})
		return
	}
	now := s.now()
	sum := sha256.Sum256([]byte(fmt.Sprint(agentID, "\x00", touser, "\x00", msgtype, "\x00", string(raw[msgtype]))))
	key := hex.EncodeToString(sum[:])
	ms := &s.msgs
	ms.mu.Lock()
	if dupCheck == 1 {
		if e, ok := ms.dedup[key]; ok && now.Before(e.until) {
			ms.mu.Unlock()
			s.answer(w, r, api, 0, map[string]any{"invaliduser": strings.Join(invalid, "|"), "msgid": e.msgID})
			return
		}
	}
	ms.seq++
	m := &Message{MsgID: fmt.Sprintf("sim-msg-%d", ms.seq), AgentID: agentID, MsgType: msgtype, Content: raw[msgtype], At: now}
	for _, u := range valid {
		k := fmt.Sprint(agentID, ":", lower(u))
		recent := ms.member[k][:0]
		for _, t := range ms.member[k] {
			if now.Sub(t) < time.Minute {
				recent = append(recent, t)
			}
		}
		if len(recent) >= memberPerMinute {
			m.Dropped = append(m.Dropped, u)
		} else {
			recent = append(recent, now)
			m.To = append(m.To, u)
		}
		ms.member[k] = recent
	}
	ms.list = append(ms.list, m)
	ms.byID[m.MsgID] = m
	if dupCheck == 1 {
		if dupInterval <= 0 {
			dupInterval = 1800
		}
		dupInterval = min(dupInterval, 4*3600)
		ms.dedup[key] = dedupEntry{msgID: m.MsgID, until: now.Add(time.Duration(dupInterval) * time.Second)}
	}
	ms.mu.Unlock()
	s.answer(w, r, api, 0, map[string]any{"invaliduser": strings.Join(invalid, "|"), "invalidparty": "", "invalidtag": "", "unlicenseduser": "", "msgid": m.MsgID})
}

// messageRecall: POST message/recall {msgid}.
func (s *Server) messageRecall(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var b struct {
		MsgID string `json:"msgid"`
	}
	_ = json.NewDecoder(r.Body).Decode(&b)
	s.msgs.mu.Lock()
	m := s.msgs.byID[b.MsgID]
	if m != nil {
		m.Recalled = true
	}
	s.msgs.mu.Unlock()
	if m == nil {
		s.answer(w, r, api, 40058, nil)
		return
	}
	s.answer(w, r, api, 0, nil)
}
