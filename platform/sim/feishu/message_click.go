package feishu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Card callbacks: a person clicks a button of a card the bridge sent, and
// Feishu posts the new-style callback card.action.trigger to the app's
// callback request URL, encrypted and signed like events (the app's
// Encrypt Key and Verification Token are shared by events and callbacks).
// The client waits 3 s for HTTP 200 and shows an error otherwise; callbacks
// are never retried ("卡片回调会类似事件订阅那样进行重推吗？不会"). The answer
// may carry a toast and a card that replaces the clicked one at once.
//
// Payload (page feishu-cards/card-callback-communication): schema 2.0,
// header {event_id, token, create_time (microseconds), event_type
// "card.action.trigger", tenant_key, app_id}, event {operator {tenant_key,
// user_id (with the field permission), open_id, union_id}, token (c-…, for
// card/update), action {value, tag}, host "im_message", context
// {open_message_id, open_chat_id}}.

// cardActionEventType is the callback's event_type.
const cardActionEventType = "card.action.trigger"

// cardInteractWindow: "对于已发送的卡片，其请求回调交互的有效期为 30 天".
const cardInteractWindow = 30 * 24 * time.Hour

// ClickResult is what the person saw after a click.
type ClickResult struct {
	EventID string
	Token   string // the callback's card/update token
	// Status is the HTTP status of the bridge's answer; 0 when none came
	// within 3 s (Err says why). Anything but 200 shows an error.
	Status       int
	Err          string
	Toast        string
	ToastType    string
	CardReplaced bool // the answer carried a card, now the message's content
}

// OK says whether the click went through (HTTP 200).
func (r ClickResult) OK() bool { return r.Status == http.StatusOK }

// Click is userID clicking the button labelled button on message
// messageID (a card sent by create): the callback is posted to the app's
// callback URL and the answer applied. An error means the click could not
// happen at all (no such message or button, a URL button, no callback
// URL); a refused or failed callback is in the result.
func (s *Server) Click(ctx context.Context, messageID, userID, button string) (ClickResult, error) {
	now := s.clock()
	st := &s.msgs
	st.mu.Lock()
	st.init()
	var m Message
	p, ok := st.byID[messageID]
	if ok {
		m = *p
	}
	content, appID := m.Content, m.AppID
	cb := st.cbURL[appID]
	timeout := st.cbTimeout
	st.mu.Unlock()
	if timeout <= 0 {
		timeout = cardCallbackTimeout
	}
	switch {
	case !ok:
		return ClickResult{}, fmt.Errorf("feishu sim: click: no message %s", messageID)
	case m.MsgType != "interactive":
		return ClickResult{}, fmt.Errorf("feishu sim: click: message %s is not a card", messageID)
	case m.Recalled:
		return ClickResult{}, fmt.Errorf("feishu sim: click: message %s was recalled", messageID)
	case now.Sub(m.CreatedAt) > cardInteractWindow:
		return ClickResult{}, fmt.Errorf("feishu sim: click: 该卡片发送时间已超过 30 天，无法进行互动")
	}
	value, err := buttonValue(content, button)
	if err != nil {
		return ClickResult{}, fmt.Errorf("feishu sim: click on %s: %w", messageID, err)
	}
	u, ok := s.org.User(userID)
	if !ok || u.Resigned {
		return ClickResult{}, fmt.Errorf("feishu sim: click: no current user %s", userID)
	}
	app, _ := s.App(appID)
	if cb == "" {
		cb = app.EventURL
	}
	if cb == "" {
		return ClickResult{}, fmt.Errorf("feishu sim: click: app %s has no callback URL", appID)
	}

	st.mu.Lock()
	tok := st.issueToken(appID, messageID, now)
	st.stats.Clicks++
	st.mu.Unlock()
	operator := map[string]any{"tenant_key": s.org.tenantKey, "open_id": OpenID(appID, userID),
		"union_id": unionID(s.org.developer, userID)}
	if s.HasScope(appID, ScopeEmployeeIDRead) {
		operator["user_id"] = userID
	}
	res := ClickResult{EventID: newEventID(), Token: tok}
	plain, err := json.Marshal(eventEnvelope{Schema: "2.0",
		Header: eventHeader{EventID: res.EventID, EventType: cardActionEventType, AppID: appID,
			TenantKey: s.org.tenantKey, Token: app.VerificationToken,
			CreateTime: strconv.FormatInt(now.UnixMicro(), 10)},
		Event: map[string]any{"operator": operator, "token": tok, "host": "im_message",
			"action":  map[string]any{"value": value, "tag": "button"},
			"context": map[string]any{"open_message_id": messageID, "open_chat_id": p2pChatID(appID, userID)}},
	})
	if err != nil {
		return ClickResult{}, err
	}
	entry := &Delivery{EventID: res.EventID, EventType: cardActionEventType, AppID: appID, URL: cb, Payload: plain, Attempts: 1, Done: true}
	defer s.logDelivery(entry, &res)

	body, err := sealBody(plain, app.EncryptKey)
	if err != nil {
		return ClickResult{}, err
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := newPushRequest(cctx, cb, body, app.EncryptKey)
	if err != nil {
		return ClickResult{}, err
	}
	resp, err := s.events.client.Do(req)
	if err != nil {
		res.Err = err.Error()
		return res, nil
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	res.Status = resp.StatusCode
	var answer struct {
		Toast struct {
			Type    string `json:"type"`
			Content string `json:"content"`
		} `json:"toast"`
		Card struct {
			Type string          `json:"type"`
			Data json.RawMessage `json:"data"`
		} `json:"card"`
	}
	if res.OK() && json.Unmarshal(raw, &answer) != nil {
		res.Status, res.Err = 0, "the answer is not JSON"
	}
	var card json.RawMessage
	if res.OK() {
		res.Toast, res.ToastType = answer.Toast.Content, answer.Toast.Type
		if answer.Card.Type == "raw" {
			card = answer.Card.Data
		}
	}
	// The answer came (whatever it was): early updates are undone now.
	res.CardReplaced = st.answered(tok, card, s.clock())
	return res, nil
}

// logDelivery adds a click's callback to the event delivery log.
func (s *Server) logDelivery(d *Delivery, res *ClickResult) {
	d.Status, d.Err, d.Delivered = res.Status, res.Err, res.OK()
	b := s.events
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log = append(b.log, d)
}

// buttonValue finds the callback button labelled text in a card (1.0:
// {"tag":"button","text":{"content":…},"value":…}; 2.0: behaviors of type
// callback) and returns its value.
func buttonValue(content, text string) (any, error) {
	var card any
	if err := json.Unmarshal([]byte(content), &card); err != nil {
		return nil, err
	}
	var found any
	var urlOnly bool
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if x["tag"] == "button" {
				if t, _ := x["text"].(map[string]any); t != nil && t["content"] == text {
					if val, ok := x["value"]; ok && found == nil {
						found = val
					} else if bs, _ := x["behaviors"].([]any); len(bs) > 0 {
						for _, b := range bs {
							if bm, _ := b.(map[string]any); bm != nil && bm["type"] == "callback" && found == nil {
								found = bm["value"]
							}
						}
					}
					if found == nil {
						urlOnly = true
					}
				}
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(card)
	switch {
	case found != nil:
		return found, nil
	case urlOnly:
		return nil, errors.New("button " + strconv.Quote(text) + " opens a URL, it does not call back")
	}
	return nil, errors.New("no button " + strconv.Quote(text))
}
