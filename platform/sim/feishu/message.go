package feishu

import (
	"net/http"
	"sort"
	"sync"
	"time"
)

// Bot messages (issue 9): im/v1/messages create, patch and delete,
// message/v4/batch_send with its batch recall, interactive/v1/card/update,
// and card-action callbacks (Click). Every message is recorded per
// recipient, duplicates included, for assertions (Messages) and for the
// demo's view (message_view.go). Files: message.go (records, settings,
// routes), message_create.go, message_update.go (patch, delete),
// message_batch.go, message_card.go (card/update, callback tokens),
// message_click.go, message_view.go, message_errors.go.

// API names of the message routes (RateLimit.PerAPI, InjectCode,
// RequestRecord.API).
const (
	APIMessageCreate = "POST /open-apis/im/v1/messages"
	APIMessagePatch  = "PATCH /open-apis/im/v1/messages/:message_id"
	APIMessageDelete = "DELETE /open-apis/im/v1/messages/:message_id"
	APIBatchSend     = "POST /open-apis/message/v4/batch_send/"
	APIBatchRecall   = "DELETE /open-apis/im/v1/batch_messages/:batch_message_id"
	APICardUpdate    = "POST /open-apis/interactive/v1/card/update"
)

// Documented windows and limits of the message APIs.
const (
	// UUIDWindow: "持有相同 uuid 的请求，在 1 小时内至多成功发送一条消息".
	UUIDWindow = time.Hour
	// maxUUIDLen: uuid "最大长度：50 字符".
	maxUUIDLen = 50
	// UpdateWindow: patch "仅支持更新 14 天内发送的消息" (230031).
	UpdateWindow = 14 * 24 * time.Hour
	// CardTokenTTL and cardTokenUses: "token 有效期为 30 分钟 … 同一个 token
	// 只能使用 2 次" (card/update; the Lark page says 3 times).
	CardTokenTTL  = 30 * time.Minute
	cardTokenUses = 2
	// Size limits of content: "文本消息请求体最大不能超过 150 KB，卡片及富文本
	// 消息请求体最大不能超过 30 KB" (230025).
	maxTextBytes = 150 << 10
	maxCardBytes = 30 << 10
	// perChatQPS: "向同一用户发送消息的限频为 5 QPS" and patch's "单条消息更新
	// 频控为 5 QPS" (230020).
	perChatQPS = 5
	// maxBatchIDs: batch_send's open_ids, user_ids, union_ids and
	// department_ids "列表长度不能超过 200".
	maxBatchIDs = 200
	// batchDailyQuota: "单个应用每天通过该接口发送的消息总条目数不能超过 50 万条" (11247).
	batchDailyQuota = 500_000
	// defaultRecallWindow: recalls follow the tenant's admin setting; the
	// SDK's batch recall comment says "不支持撤回发出时间超过1天的消息", which
	// the simulator applies to both recalls (SetRecallWindow changes it).
	defaultRecallWindow = 24 * time.Hour
	// cardCallbackTimeout: the client shows an error when the callback is
	// not answered with HTTP 200 within 3 s; card callbacks are not retried.
	cardCallbackTimeout = 3 * time.Second
)

// Message is one message as a recipient got it.
type Message struct {
	ID      string // om_…; a copy of a batch message carries the batch's bm-… id
	AppID   string
	UserID  string // the recipient
	MsgType string // text, post, interactive
	// Content is the message's content JSON now (after updates), as the
	// content string of im/v1 (a batch copy: its content or card object).
	Content   string
	UUID      string
	BatchID   string
	CreatedAt time.Time
	UpdatedAt time.Time
	Updates   int // successful patches and card updates
	Recalled  bool
}

// MessageStats count what the message APIs did since the last
// ResetMessages.
type MessageStats struct {
	Sent         int // messages recorded by create (one per successful send)
	Deduplicated int // creates answered from an earlier send with the same uuid
	Batches      int
	BatchCopies  int // messages recorded by batch_send
	Patches      int
	CardUpdates  int // interactive/v1/card/update calls applied
	Recalls      int
	Clicks       int // card-action callbacks delivered by Click
	Throttled    int // 230020 answers
}

// Availability is an app's 可用范围: who may use it and receive its bot's
// messages. Nil (the default) is all members.
type Availability struct {
	Departments []string // department_ids whose subtrees are included
	Users       []string // user_ids included one by one
	Excluded    []string // user_ids set as 禁用成员: never, whatever else says
}

type uuidEntry struct {
	messageID string
	at        time.Time
}

// messageStore holds the messages (zero value ready; its own lock). The
// lock is never taken while Server.mu is held.
type messageStore struct {
	mu       sync.Mutex
	byID     map[string]*Message
	batches  map[string]*batchRecord
	byUser   map[string][]*Message
	all      []*Message
	uuids    map[string]uuidEntry // app|uuid
	chatWin  map[string]*window   // app|user_id: per-recipient 5 QPS
	patchWin map[string]*window   // message id: per-message 5 QPS
	avail    map[string]*Availability
	cbURL    map[string]string     // app: card callback request URL
	tokens   map[string]*cardToken // c-… callback tokens
	daily    map[string]batchDay   // app: batch_send recipients today
	stats    MessageStats

	resignedCode int           // 0 = CodeMsgNoAvailability
	recallWindow time.Duration // 0 = defaultRecallWindow
	batchQuota   int           // 0 = batchDailyQuota
	clicksOpen   bool          // the view's click form is served
	cbTimeout    time.Duration // 0 = cardCallbackTimeout
}

func (st *messageStore) init() {
	if st.byID == nil {
		st.byID, st.batches, st.byUser = map[string]*Message{}, map[string]*batchRecord{}, map[string][]*Message{}
		st.uuids, st.chatWin, st.patchWin = map[string]uuidEntry{}, map[string]*window{}, map[string]*window{}
		st.avail, st.cbURL, st.tokens = map[string]*Availability{}, map[string]string{}, map[string]*cardToken{}
		st.daily = map[string]batchDay{}
	}
}

// record adds a delivered message; st.mu held.
func (st *messageStore) record(m *Message) {
	if m.ID != "" && m.BatchID == "" {
		st.byID[m.ID] = m
	}
	st.byUser[m.UserID] = append(st.byUser[m.UserID], m)
	st.all = append(st.all, m)
}

// newMessageID mints an id with Feishu's prefix ("om_", "bm-") and 32
// random hex digits.
func newMessageID(prefix string) string { return prefix + newEventID() }

// allowOnce counts one call under key in a fixed one-second window, the
// way the gateway counts (ratelimit.go); false when limit calls were
// already made in this second. st.mu held.
func allowOnce(wins map[string]*window, key string, limit int, now time.Time) bool {
	w := wins[key]
	if w == nil {
		w = &window{}
		wins[key] = w
	}
	if sec := now.Truncate(time.Second); !sec.Equal(w.secStart) {
		w.secStart, w.secCount = sec, 0
	}
	if w.secCount >= limit {
		return false
	}
	w.secCount++
	return true
}

// limitsOff says whether throttling is disabled (RateLimit.Disabled).
func (s *Server) limitsOff() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limiter.cfg.Disabled
}

func (s *Server) messageRoutes(add addRoute) {
	add(http.MethodPost, "/open-apis/im/v1/messages", true, scopesMessageSend, s.handleMessageCreate)
	add(http.MethodPatch, "/open-apis/im/v1/messages/:message_id", true, scopesMessageUpdate, s.handleMessagePatch)
	add(http.MethodDelete, "/open-apis/im/v1/messages/:message_id", true, scopesMessageRecall, s.handleMessageDelete)
	add(http.MethodPost, "/open-apis/message/v4/batch_send/", true, scopesMessageSend, s.handleBatchSend)
	add(http.MethodDelete, "/open-apis/im/v1/batch_messages/:batch_message_id", true, scopesBatchRecall, s.handleBatchRecall)
	add(http.MethodPost, "/open-apis/interactive/v1/card/update", true, scopesMessageUpdate, s.handleCardUpdate)
}

// SetAvailability sets an app's availability (可用范围); nil is all members.
func (s *Server) SetAvailability(appID string, a *Availability) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	if a == nil {
		delete(st.avail, appID)
		return
	}
	c := Availability{Departments: append([]string(nil), a.Departments...),
		Users: append([]string(nil), a.Users...), Excluded: append([]string(nil), a.Excluded...)}
	st.avail[appID] = &c
}

// available says whether userID may get appID's messages; st.mu held.
func (s *Server) availableLocked(appID string, u User) bool {
	a := s.msgs.avail[appID]
	if a == nil {
		return true
	}
	for _, id := range a.Excluded {
		if id == u.UserID {
			return false
		}
	}
	for _, id := range a.Users {
		if id == u.UserID {
			return true
		}
	}
	set := map[string]bool{}
	for _, d := range a.Departments {
		if d == RootDepartmentID {
			return true
		}
		set[d] = true
	}
	s.org.mu.RLock()
	defer s.org.mu.RUnlock()
	for _, d := range u.DepartmentIDs {
		if s.org.withinLocked(d, set) {
			return true
		}
	}
	return false
}

// SetCardCallbackURL sets where an app's card callbacks go (开发配置 › 事件与
// 回调 › 回调配置: one request URL per app, encrypted and signed with the
// app's Encrypt Key like events). "" falls back to the event URL.
func (s *Server) SetCardCallbackURL(appID, url string) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	st.cbURL[appID] = url
}

// SetCardCallbackTimeout changes how long Click waits for the bridge's
// answer (default 3 s, Feishu's), for tests of a late answer.
func (s *Server) SetCardCallbackTimeout(d time.Duration) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cbTimeout = d
}

// SetResignedRecipientCode chooses what a send to a resigned user answers:
// the create page lists both 230013 ("如果目标用户已离职，也会报错 230013",
// the default) and 230029 "User has resigned".
func (s *Server) SetResignedRecipientCode(code int) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.resignedCode = code
}

// SetRecallWindow sets how old a message may be to be recalled (the
// tenant's admin setting; default 24 h).
func (s *Server) SetRecallWindow(d time.Duration) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.recallWindow = d
}

// SetBatchDailyQuota changes batch_send's daily limit of messages per app
// (default 500,000).
func (s *Server) SetBatchDailyQuota(n int) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.batchQuota = n
}

// Messages returns the messages userID received, oldest first, duplicates
// included.
func (s *Server) Messages(userID string) []Message {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]Message, 0, len(st.byUser[userID]))
	for _, m := range st.byUser[userID] {
		out = append(out, *m)
	}
	return out
}

// AllMessages returns every recorded message, oldest first.
func (s *Server) AllMessages() []Message {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]Message, 0, len(st.all))
	for _, m := range st.all {
		out = append(out, *m)
	}
	return out
}

// Message returns a message sent by create (om_… id).
func (s *Server) Message(id string) (Message, bool) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	m, ok := st.byID[id]
	if !ok {
		return Message{}, false
	}
	return *m, true
}

// Recipients lists the user_ids that received messages, sorted.
func (s *Server) Recipients() []string {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]string, 0, len(st.byUser))
	for u := range st.byUser {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// MessageStats returns the message counters.
func (s *Server) MessageStats() MessageStats {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.stats
}

// ResetMessages forgets every message, uuid, token and counter (the
// settings stay).
func (s *Server) ResetMessages() {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.byID, st.batches, st.byUser, st.all = nil, nil, nil, nil
	st.uuids, st.chatWin, st.patchWin, st.tokens, st.daily = nil, nil, nil, nil, nil
	avail, cb := st.avail, st.cbURL
	st.init()
	if avail != nil {
		st.avail, st.cbURL = avail, cb
	}
	st.stats = MessageStats{}
}

// AgeMessage moves a message's send time back by d, as if it had been sent
// that much earlier (for the 14-day update and recall windows).
func (s *Server) AgeMessage(id string, d time.Duration) bool {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	if m, ok := st.byID[id]; ok {
		m.CreatedAt = m.CreatedAt.Add(-d)
		return true
	}
	if b, ok := st.batches[id]; ok {
		b.createdAt = b.createdAt.Add(-d)
		return true
	}
	return false
}
