package wecom

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// WeCom living (直播) in the simulator, shared/reference/wecom-dingtalk-api.md
// §1: create, modify, cancel, delete_replay_data, get_living_info,
// get_living_code, get_watch_stat (paged by next_key, ending=1 on the last
// page). The app must be in 直播 › 可调用接口的应用 (else 48002) and acts only
// on its own livings (else 301002, "仅允许修改当前应用创建的直播"). WeCom
// documents no living-specific errcodes; a state refusal (modify/cancel of
// a living not 预约中, delete_replay_data without a ready replay) and an
// unknown livingid answer the generic 40058 (不合法的参数).
//
// Status moves by the test controls StartLiving, EndLiving, ReplayReady
// (WeCom moves it when the anchor starts and stops in the client); a
// reserved living whose window passed turns 已过期 (3) when read.
// Each change except 已过期 is pushed as living_status_change to the
// creating app's callback ("已过期状态目前没有回调", path/94145).

// Living is one simulated living.
type Living struct {
	ID, AnchorUserID, Theme, Description string
	Start, Duration, RemindTime          int64
	Type, Status, ReplayStatus           int
	OpenReplay                           int
	AgentID                              int
	ActivityImages                       []string
	Users                                []WatchRecord
}

// WatchRecord is one member's watch record in get_watch_stat.
type WatchRecord struct {
	UserID    string `json:"userid"`
	WatchTime int64  `json:"watch_time"`
	IsComment int    `json:"is_comment"`
	IsMic     int    `json:"is_mic"`
}

type livingStore struct {
	mu   sync.Mutex
	byID map[string]*Living
	seq  int
	// PageSize of get_watch_stat (tests make it small to page).
	pageSize int
}

func (s *Server) livingRoute(api string) (handler, bool) {
	h, ok := map[string]handler{
		"POST /cgi-bin/living/create":             s.livingCreate,
		"POST /cgi-bin/living/modify":             s.livingModify,
		"POST /cgi-bin/living/cancel":             s.livingCancel,
		"POST /cgi-bin/living/delete_replay_data": s.livingDeleteReplay,
		"GET /cgi-bin/living/get_living_info":     s.livingInfo,
		"POST /cgi-bin/living/get_living_code":    s.livingCode,
		"POST /cgi-bin/living/get_watch_stat":     s.livingWatchStat,
	}[api]
	return h, ok
}

// find returns the living of this app, or the errcode to answer.
func (s *Server) findLiving(id string, app *App) (*Living, int) {
	if !app.Living {
		return nil, 48002
	}
	l := s.livings.byID[id]
	switch {
	case l == nil:
		return nil, 40058
	case l.AgentID != app.AgentID:
		return nil, 301002
	}
	s.expire(l)
	return l, 0
}

// expire: a reserved living whose window has passed is 已过期.
func (s *Server) expire(l *Living) {
	if l.Status == 0 && s.now().Unix() > l.Start+l.Duration {
		l.Status = 3
	}
}

func (s *Server) livingCreate(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var b struct {
		AnchorUserID   string `json:"anchor_userid"`
		Theme          string `json:"theme"`
		LivingStart    int64  `json:"living_start"`
		LivingDuration int64  `json:"living_duration"`
		Type           int    `json:"type"`
		Description    string `json:"description"`
		RemindTime     int64  `json:"remind_time"`
		ActivityDetail *struct {
			ImageList []string `json:"image_list"`
		} `json:"activity_detail"`
	}
	if json.NewDecoder(r.Body).Decode(&b) != nil {
		s.answer(w, r, api, 40058, nil)
		return
	}
	if !app.Living {
		s.answer(w, r, api, 48002, nil)
		return
	}
	if _, ok := s.org.User(b.AnchorUserID); !ok {
		s.answer(w, r, api, 60111, nil)
		return
	}
	if b.Theme == "" || utf8.RuneCountInString(b.Theme) > 20 || utf8.RuneCountInString(b.Description) > 100 ||
		b.LivingStart <= 0 || b.LivingDuration <= 0 || b.Type < 0 || b.Type > 4 || b.RemindTime < 0 {
		s.answer(w, r, api, 40058, nil)
		return
	}
	s.livings.mu.Lock()
	if s.livings.byID == nil {
		s.livings.byID = map[string]*Living{}
	}
	s.livings.seq++
	l := &Living{ID: fmt.Sprintf("lvSIM%08d", s.livings.seq), AnchorUserID: b.AnchorUserID, Theme: b.Theme,
		Description: b.Description, Start: b.LivingStart, Duration: b.LivingDuration, RemindTime: b.RemindTime,
		Type: b.Type, AgentID: app.AgentID, OpenReplay: 1, ReplayStatus: 1}
	if b.ActivityDetail != nil {
		imgs := b.ActivityDetail.ImageList
		if len(imgs) > 5 { // "超过五张取前五张"
			imgs = imgs[:5]
		}
		l.ActivityImages = imgs
	}
	s.livings.byID[l.ID] = l
	s.livings.mu.Unlock()
	s.answer(w, r, api, 0, map[string]any{"livingid": l.ID})
}

func (s *Server) livingModify(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var b struct {
		LivingID       string  `json:"livingid"`
		Theme          string  `json:"theme"`
		LivingStart    int64   `json:"living_start"`
		LivingDuration int64   `json:"living_duration"`
		Type           *int    `json:"type"`
		Description    *string `json:"description"`
		RemindTime     *int64  `json:"remind_time"`
	}
	_ = json.NewDecoder(r.Body).Decode(&b)
	s.livings.mu.Lock()
	l, code := s.findLiving(b.LivingID, app)
	if code == 0 && l.Status != 0 { // "仅允许修改预约状态下的直播id"
		code = 40058
	}
	if code == 0 && len(b.Theme) > 60 { // "最多支持60个字节"
		code = 40058
	}
	if code == 0 {
		if b.Theme != "" {
			l.Theme = b.Theme
		}
		if b.LivingStart > 0 {
			l.Start = b.LivingStart
		}
		if b.LivingDuration > 0 {
			l.Duration = b.LivingDuration
		}
		if b.Type != nil {
			l.Type = *b.Type
		}
		if b.Description != nil {
			l.Description = *b.Description
		}
		if b.RemindTime != nil {
			l.RemindTime = *b.RemindTime
		}
	}
	s.livings.mu.Unlock()
	s.answer(w, r, api, code, nil)
}

func (s *Server) livingCancel(w http.ResponseWriter, r *http.Request, api string, app *App) {
	id := livingIDBody(r)
	s.livings.mu.Lock()
	l, code := s.findLiving(id, app)
	if code == 0 && l.Status != 0 { // "仅允许取消预约状态下的直播id"
		code = 40058
	}
	if code == 0 {
		l.Status = 4
	}
	s.livings.mu.Unlock()
	s.answer(w, r, api, code, nil)
	if code == 0 {
		s.pushLivingStatus(app, id, 4)
	}
}

func (s *Server) livingDeleteReplay(w http.ResponseWriter, r *http.Request, api string, app *App) {
	id := livingIDBody(r)
	s.livings.mu.Lock()
	l, code := s.findLiving(id, app)
	if code == 0 && (l.Status != 2 || l.OpenReplay != 1 || l.ReplayStatus != 0) {
		code = 40058
	}
	if code == 0 {
		l.ReplayStatus = 2
	}
	s.livings.mu.Unlock()
	s.answer(w, r, api, code, nil)
}

func (s *Server) livingInfo(w http.ResponseWriter, r *http.Request, api string, app *App) {
	s.livings.mu.Lock()
	l, code := s.findLiving(r.URL.Query().Get("livingid"), app)
	var info map[string]any
	if code == 0 {
		var comments, mics int
		for _, u := range l.Users {
			comments += u.IsComment
			mics += u.IsMic
		}
		info = map[string]any{"theme": l.Theme, "living_start": l.Start, "living_duration": l.Duration,
			"status": l.Status, "reserve_start": l.Start, "reserve_living_duration": l.Duration,
			"description": l.Description, "anchor_userid": l.AnchorUserID, "main_department": 1,
			"viewer_num": len(l.Users), "comment_num": comments, "mic_num": mics, "open_replay": l.OpenReplay,
			"replay_status": l.ReplayStatus, "type": l.Type, "online_count": 0, "subscribe_count": 0}
	}
	s.livings.mu.Unlock()
	if code != 0 {
		s.answer(w, r, api, code, nil)
		return
	}
	s.answer(w, r, api, 0, map[string]any{"living_info": info})
}

func (s *Server) livingCode(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var b struct {
		LivingID string `json:"livingid"`
		OpenID   string `json:"openid"`
	}
	_ = json.NewDecoder(r.Body).Decode(&b)
	s.livings.mu.Lock()
	_, code := s.findLiving(b.LivingID, app)
	s.livings.mu.Unlock()
	if code == 0 && b.OpenID == "" {
		code = 40058
	}
	if code != 0 {
		s.answer(w, r, api, code, nil)
		return
	}
	s.answer(w, r, api, 0, map[string]any{"living_code": "lc" + b.LivingID + b.OpenID})
}

func (s *Server) livingWatchStat(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var b struct {
		LivingID string `json:"livingid"`
		NextKey  string `json:"next_key"`
	}
	_ = json.NewDecoder(r.Body).Decode(&b)
	s.livings.mu.Lock()
	l, code := s.findLiving(b.LivingID, app)
	from, err := strconv.Atoi(b.NextKey)
	if code == 0 && (err != nil || from < 0) {
		code = 40058
	}
	var page []WatchRecord
	ending, next := 1, ""
	if code == 0 {
		size := s.livings.pageSize
		if size <= 0 {
			size = 100
		}
		if from > len(l.Users) {
			from = len(l.Users)
		}
		to := min(from+size, len(l.Users))
		page = append([]WatchRecord{}, l.Users[from:to]...)
		if to < len(l.Users) {
			ending = 0
		}
		next = strconv.Itoa(to)
	}
	s.livings.mu.Unlock()
	if code != 0 {
		s.answer(w, r, api, code, nil)
		return
	}
	s.answer(w, r, api, 0, map[string]any{"ending": ending, "next_key": next,
		"stat_info": map[string]any{"users": page, "external_users": []any{}}})
}

func livingIDBody(r *http.Request) string {
	var b struct {
		LivingID string `json:"livingid"`
	}
	_ = json.NewDecoder(r.Body).Decode(&b)
	return b.LivingID
}

// SetWatchStatPageSize sets get_watch_stat's page size (default 100).
func (s *Server) SetWatchStatPageSize(n int) {
	s.livings.mu.Lock()
	s.livings.pageSize = n
	s.livings.mu.Unlock()
}

// GetLiving returns a copy of a living, for tests.
func (s *Server) GetLiving(id string) (Living, bool) {
	s.livings.mu.Lock()
	defer s.livings.mu.Unlock()
	l := s.livings.byID[id]
	if l == nil {
		return Living{}, false
	}
	s.expire(l)
	return *l, true
}

// StartLiving is the anchor going live: 预约中 → 直播中.
func (s *Server) StartLiving(id string) error { return s.moveLiving(id, 0, 1) }

// EndLiving ends a live broadcast (直播中 → 已结束) with its replay
// generating, recording viewers' watch records.
func (s *Server) EndLiving(id string, viewers ...WatchRecord) error {
	s.livings.mu.Lock()
	if l := s.livings.byID[id]; l != nil {
		l.Users = append(l.Users, viewers...)
	}
	s.livings.mu.Unlock()
	return s.moveLiving(id, 1, 2)
}

// ReplayReady marks an ended living's replay 生成成功 (0), or failed.
func (s *Server) ReplayReady(id string, failed bool) error {
	s.livings.mu.Lock()
	defer s.livings.mu.Unlock()
	l := s.livings.byID[id]
	if l == nil || l.Status != 2 {
		return fmt.Errorf("living %s is not ended", id)
	}
	l.ReplayStatus = 0
	if failed {
		l.ReplayStatus = 3
	}
	return nil
}

func (s *Server) moveLiving(id string, from, to int) error {
	s.livings.mu.Lock()
	l := s.livings.byID[id]
	if l == nil || l.Status != from {
		s.livings.mu.Unlock()
		return fmt.Errorf("living %s is not in status %d", id, from)
	}
	l.Status = to
	agent := l.AgentID
	s.livings.mu.Unlock()
	s.mu.Lock()
	var app *App
	for _, a := range s.apps {
		if a.AgentID == agent && !a.ContactSync {
			app = a
		}
	}
	s.mu.Unlock()
	if app != nil {
		s.pushLivingStatus(app, id, to)
	}
	return nil
}

// pushLivingStatus posts living_status_change (path/94145) to the app's
// callback, if it has one; delivery failures are the test's to see.
func (s *Server) pushLivingStatus(app *App, id string, status int) {
	if app.CallbackURL == "" {
		return
	}
	ev := livingEventXML{ToUserName: cdata{s.org.CorpID}, FromUser: cdata{"sys"}, CreateTime: s.now().Unix(),
		MsgType: cdata{"event"}, Event: cdata{"living_status_change"}, LivingID: cdata{id}, Status: status, AgentID: app.AgentID}
	plain, _ := xml.Marshal(ev)
	_, _ = s.events.postStatus(*app, plain)
}

type livingEventXML struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName cdata    `xml:"ToUserName"`
	FromUser   cdata    `xml:"FromUserName"`
	CreateTime int64    `xml:"CreateTime"`
	MsgType    cdata    `xml:"MsgType"`
	Event      cdata    `xml:"Event"`
	LivingID   cdata    `xml:"LivingId"`
	Status     int      `xml:"Status"`
	AgentID    int      `xml:"AgentID"`
}
