package wecom

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
)

// templateCardEventXML is the plaintext of a template_card_event (模板卡片
// 事件推送): the clicker, the button's key, the card's task_id and type,
// and a new response_code for one update_template_card.
type templateCardEventXML struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata    `xml:"ToUserName"`
	FromUser     cdata    `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      cdata    `xml:"MsgType"`
	Event        cdata    `xml:"Event"`
	EventKey     cdata    `xml:"EventKey"`
	TaskID       cdata    `xml:"TaskId"`
	CardType     cdata    `xml:"CardType"`
	ResponseCode cdata    `xml:"ResponseCode"`
	AgentID      int      `xml:"AgentID"`
}

// CardButtons returns the keys of a sent button card's call-back
// buttons, in order.
func (s *Server) CardButtons(msgID string) ([]string, error) {
	s.msgs.mu.Lock()
	m := s.msgs.byID[msgID]
	s.msgs.mu.Unlock()
	if m == nil || m.MsgType != "template_card" {
		return nil, errors.New("no template card with that msgid")
	}
	var c struct {
		CardType string `json:"card_type"`
		Buttons  []struct {
			Type int    `json:"type"`
			Key  string `json:"key"`
		} `json:"button_list"`
	}
	if json.Unmarshal(m.Content, &c) != nil || c.CardType != "button_interaction" {
		return nil, errors.New("not a button_interaction card")
	}
	var keys []string
	for _, b := range c.Buttons {
		if b.Type == 0 {
			keys = append(keys, b.Key)
		}
	}
	return keys, nil
}

// ClickCard is a member clicking a call-back button of a button card they
// received: WeCom pushes template_card_event to the sending app's callback
// URL, encrypted and signed, with a fresh response_code (good once, for 72
// hours). It returns the callback's HTTP status. A card whose buttons were
// replaced (update_template_card button.replace_name) cannot be clicked.
func (s *Server) ClickCard(msgID, userID, key string) (int, error) {
	keys, err := s.CardButtons(msgID)
	if err != nil {
		return 0, err
	}
	if !slices.Contains(keys, key) {
		return 0, errors.New("the card has no call-back button with that key")
	}
	ms := &s.msgs
	ms.mu.Lock()
	m := ms.byID[msgID]
	switch {
	case !slices.Contains(m.To, userID):
		ms.mu.Unlock()
		return 0, fmt.Errorf("%s did not receive that card", userID)
	case m.ReplacedButton != "":
		ms.mu.Unlock()
		return 0, errors.New("the card's buttons were replaced: nothing to click")
	}
	ms.seq++
	code := fmt.Sprintf("sim-rc-%d", ms.seq)
	ms.codes[code] = &responseCode{msg: m, at: s.now()}
	var c struct {
		TaskID string `json:"task_id"`
	}
	_ = json.Unmarshal(m.Content, &c)
	ms.mu.Unlock()
	var app *App
	s.mu.Lock()
	for _, a := range s.apps {
		if a.AgentID == m.AgentID && !a.ContactSync {
			app = a
		}
	}
	s.mu.Unlock()
	if app == nil || app.CallbackURL == "" {
		return 0, errors.New("the sending app has no callback URL")
	}
	ev := templateCardEventXML{ToUserName: cdata{s.org.CorpID}, FromUser: cdata{userID}, CreateTime: s.now().Unix(),
		MsgType: cdata{"event"}, Event: cdata{"template_card_event"}, EventKey: cdata{key}, TaskID: cdata{c.TaskID},
		CardType: cdata{"button_interaction"}, ResponseCode: cdata{code}, AgentID: m.AgentID}
	plain, err := xml.Marshal(ev)
	if err != nil {
		return 0, err
	}
	return s.events.postStatus(*app, plain)
}
