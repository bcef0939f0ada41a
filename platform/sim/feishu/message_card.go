package feishu

import (
	"encoding/json"
	"strings"
	"time"
)

// cardToken is the token of one card callback (Click): it updates the
// clicked card within 30 minutes, at most twice, through card/update.
type cardToken struct {
	appID, messageID string
	issued           time.Time
	uses             int
	// answered: the callback's answer has come back. "延时更新卡片必须在响应
	// 回调之后进行，并行执行或提前执行会出现更新失败或更新后立即复原的情况":
	// an update made before it is applied, then undone when the answer
	// arrives (revert holds the content to restore).
	answered bool
	revert   *string
}

// POST /open-apis/interactive/v1/card/update (page im-v1/message-card/delay-update-message-card):
// body {"token": "c-…", "card": {…}} replaces the card clicked in the
// callback the token came with. Refusals (HTTP 200, UNVERIFIED): a token
// not shaped c-… 300020; unknown or older than 30 minutes 300030; used
// twice already 300040; another app's card 200310; the message recalled
// 200000; a card that does not parse 11311; over 30 KB 100000 (the page
// names 100 KB for that code and 30 KB as the limit); a card without
// update_multi and without open_ids 300090. Exclusive-card updates (a
// non-shared card with open_ids) are not simulated (11311).
func (s *Server) handleCardUpdate(c *call) (any, error) {
	var body struct {
		Token string          `json:"token"`
		Card  json.RawMessage `json:"card"`
	}
	if err := c.decodeBody(&body); err != nil {
		return nil, err
	}
	if len(body.Card) == 0 {
		return nil, errCard(10002, "card is required")
	}
	now := s.clock()
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	if !strings.HasPrefix(body.Token, "c-") {
		return nil, errCard(CodeCardTokenBadFormat, "token format error")
	}
	t, ok := st.tokens[body.Token]
	switch {
	case !ok || now.Sub(t.issued) > CardTokenTTL:
		return nil, errCard(CodeCardTokenExpired, "token expired")
	case t.uses >= cardTokenUses:
		return nil, errCard(CodeCardTokenUsedUp, "token exceeds the usage limit")
	case t.appID != c.appID:
		return nil, errCard(CodeCardOtherApp, "cannot update a card sent by another app")
	}
	m := st.byID[t.messageID]
	if m == nil || m.Recalled {
		return nil, errCard(CodeCardRecalled, "the message card has been recalled")
	}
	var card struct {
		OpenIDs []string `json:"open_ids"`
	}
	if checkCard(body.Card) != nil || json.Unmarshal(body.Card, &card) != nil {
		return nil, errCard(CodeCardFormat, "card format error")
	}
	if len(body.Card) > maxCardBytes {
		return nil, errCard(CodeCardTooLarge, "card content exceeds the size limit")
	}
	if !updateMulti(string(body.Card)) {
		if len(card.OpenIDs) == 0 {
			return nil, errCard(CodeCardNotShared, "open_ids is required for an exclusive card")
		}
		return nil, errCard(CodeCardFormat, "exclusive (独享) card updates are not simulated")
	}
	t.uses++
	if !t.answered && t.revert == nil {
		old := m.Content
		t.revert = &old
	}
	m.Content, m.UpdatedAt = string(body.Card), now
	m.Updates++
	st.stats.CardUpdates++
	return rawBody{"code": 0, "msg": "ok"}, nil
}

// issueToken mints a callback token for a click on messageID; st.mu held.
func (st *messageStore) issueToken(appID, messageID string, now time.Time) string {
	tok := "c-" + newEventID()
	st.tokens[tok] = &cardToken{appID: appID, messageID: messageID, issued: now}
	return tok
}

// answered marks a click's callback answered: an update made before the
// answer is undone, then the card the answer carries (if any) applied.
func (st *messageStore) answered(tok string, card json.RawMessage, now time.Time) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	t := st.tokens[tok]
	if t == nil {
		return false
	}
	t.answered = true
	m := st.byID[t.messageID]
	if m == nil || m.Recalled {
		return false
	}
	if t.revert != nil {
		m.Content = *t.revert
		t.revert = nil
	}
	if len(card) == 0 || checkCard(card) != nil {
		return false
	}
	m.Content, m.UpdatedAt = string(card), now
	m.Updates++
	return true
}
