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
	Updated  int // template card replacements (update_template_card)
	// ReplacedButton is the text an update_template_card gave the card's
	// buttons (button.replace_name: they are then unclickable).
	ReplacedButton string
	At             time.Time
}

type messageStore struct {
	mu     sync.Mutex
	seq    int
	list   []*Message
	byID   map[string]*Message
	dedup  map[string]dedupEntry  // content hash -> first send
	member map[string][]time.Time // agentid:userid -> sends in the last minute
	codes  map[string]*responseCode
}

// responseCode is one update_template_card right: once, within 72 h.
type responseCode struct {
	msg  *Message
	at   time.Time
	used bool
}

type dedupEntry struct {
	msgID, responseCode string
	until               time.Time
}

func (m *messageStore) init() {
	m.byID, m.dedup, m.member, m.codes = map[string]*Message{}, map[string]dedupEntry{}, map[string][]time.Time{}, map[string]*responseCode{}
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
			// The duplicate is not sent; the answer repeats the first one's.
			out := map[string]any{"invaliduser": strings.Join(invalid, "|"), "msgid": e.msgID}
			if e.responseCode != "" {
				out["response_code"] = e.responseCode
			}
			s.answer(w, r, api, 0, out)
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
	code := ""
	if updatable(msgtype, raw[msgtype]) {
		code = fmt.Sprintf("sim-rc-%d", ms.seq)
		ms.codes[code] = &responseCode{msg: m, at: now}
	}
	if dupCheck == 1 {
		if dupInterval <= 0 {
			dupInterval = 1800
		}
		dupInterval = min(dupInterval, 4*3600)
		ms.dedup[key] = dedupEntry{msgID: m.MsgID, responseCode: code, until: now.Add(time.Duration(dupInterval) * time.Second)}
	}
	ms.mu.Unlock()
	out := map[string]any{"invaliduser": strings.Join(invalid, "|"), "invalidparty": "", "invalidtag": "", "unlicenseduser": "", "msgid": m.MsgID}
	if code != "" {
		out["response_code"] = code
	}
	s.answer(w, r, api, 0, out)
}

// updatable: interactive template cards, and text_notice / news_notice
// cards with an action_menu, get a response_code (path/94888).
func updatable(msgtype string, content json.RawMessage) bool {
	if msgtype != "template_card" {
		return false
	}
	var c struct {
		CardType   string          `json:"card_type"`
		ActionMenu json.RawMessage `json:"action_menu"`
	}
	_ = json.Unmarshal(content, &c)
	switch c.CardType {
	case "button_interaction", "vote_interaction", "multiple_interaction":
		return true
	case "text_notice", "news_notice":
		return len(c.ActionMenu) > 0
	}
	return false
}

// updateTemplateCard: POST message/update_template_card — a response_code
// is good once, for 72 hours, for the app that sent the card; else 60140.
func (s *Server) updateTemplateCard(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var b struct {
		UserIDs      []string        `json:"userids"`
		AgentID      int             `json:"agentid"`
		ResponseCode string          `json:"response_code"`
		TemplateCard json.RawMessage `json:"template_card"`
		Button       *struct {
			ReplaceName string `json:"replace_name"`
		} `json:"button"`
	}
	if json.NewDecoder(r.Body).Decode(&b) != nil || b.ResponseCode == "" {
		s.answer(w, r, api, 40058, nil)
		return
	}
	ms := &s.msgs
	ms.mu.Lock()
	rc := ms.codes[b.ResponseCode]
	ok := rc != nil && !rc.used && s.now().Sub(rc.at) < 72*time.Hour && rc.msg.AgentID == b.AgentID && b.AgentID == app.AgentID
	if ok {
		rc.used = true
		if len(b.TemplateCard) > 0 {
			rc.msg.Content = b.TemplateCard
		}
		if b.Button != nil { // only button cards' buttons can be replaced
			rc.msg.ReplacedButton = b.Button.ReplaceName
		}
		rc.msg.Updated++
	}
	ms.mu.Unlock()
	if !ok {
		s.answer(w, r, api, 60140, nil)
		return
	}
	s.answer(w, r, api, 0, map[string]any{"invaliduser": []string{}})
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
