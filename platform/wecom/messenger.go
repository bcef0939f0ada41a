package wecom

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"imbridge/platform"
)

// platform.Messenger on 发送应用消息 (POST /cgi-bin/message/send, path/90236).
//
// Recipients are members by userid (platform.IDUserID): WeCom has no
// per-app open id for an internal app's own members.
//
// Exactly once: every send sets enable_duplicate_check with the client's
// duplicate_check_interval (default and maximum 4 h: "最大不超过4小时"), so
// a send repeated after a lost reply within the interval is not delivered
// twice. WeCom compares content, so a link carries a parameter derived from
// the delivery's idempotency key (dedupParam): two deliveries of the same
// text card stay two messages, one delivery retried stays one. Plain text
// has no such place: two identical texts to one person within the
// interval are one message, as WeCom documents.
//
// Bodies per message type: messenger_body.go; per-member and daily
// limits: messenger_limits.go; template cards: messenger_card.go.

// maxDuplicateCheck is duplicate_check_interval's maximum.
const maxDuplicateCheck = 4 * time.Hour

// MaxToUser is touser's limit: "最多支持1000个".
const MaxToUser = 1000

// sendAnswer is message/send's answer.
type sendAnswer struct {
	envelope
	InvalidUser    string `json:"invaliduser"`
	InvalidParty   string `json:"invalidparty"`
	InvalidTag     string `json:"invalidtag"`
	UnlicensedUser string `json:"unlicenseduser"`
	MsgID          string `json:"msgid"`
	ResponseCode   string `json:"response_code"`
}

// invalid lists the recipients WeCom refused (not found, left, outside the
// app's visible range, without a licence).
func (a sendAnswer) invalid() []string {
	var out []string
	for _, s := range []string{a.InvalidUser, a.UnlicensedUser} {
		for _, id := range strings.Split(s, "|") {
			if id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// A sent message's id carries what later calls need: "msgid" alone, or
// for an updatable card "msgid|userid|response_code" (response_code: one
// update within 72 hours, path/94888).
func messageID(msgID, userID, responseCode string) string {
	if responseCode == "" {
		return msgID
	}
	return msgID + "|" + userID + "|" + responseCode
}

func splitMessageID(id string) (msgID, userID, responseCode string) {
	parts := strings.SplitN(id, "|", 3)
	if len(parts) == 3 {
		return parts[0], parts[1], parts[2]
	}
	return id, "", ""
}

func userIDs(rs []platform.Recipient) ([]string, error) {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		if err := r.Check(); err != nil {
			return nil, err
		}
		if r.Type != platform.IDUserID {
			return nil, fmt.Errorf("recipient %s: WeCom members are addressed by userid (user_id)", r)
		}
		out = append(out, r.ID)
	}
	return out, nil
}

// Send sends one message to one member and returns msgid. A recipient
// WeCom lists in invaliduser (or all invalid: 81013) is ClassNotFound.
func (c *Client) Send(ctx context.Context, m platform.Message) (platform.Sent, error) {
	if m.IdempotencyKey == "" {
		return platform.Sent{}, errors.New("wecom: the idempotency key is required")
	}
	to, err := userIDs([]platform.Recipient{m.To})
	if err != nil {
		return platform.Sent{}, err
	}
	body, err := c.body(to, m.Type, m.Text, m.Post, m.Card, m.IdempotencyKey)
	if err != nil {
		return platform.Sent{}, err
	}
	if err := c.pace(ctx, to); err != nil {
		return platform.Sent{}, err
	}
	var ans sendAnswer
	if err := c.do(ctx, APIMessageSend, nil, body, &ans); err != nil {
		return platform.Sent{}, err
	}
	if len(ans.invalid()) > 0 {
		return platform.Sent{}, &platform.Error{Platform: PlatformName, Code: 81013, Class: platform.ClassNotFound,
			Msg: "invaliduser: " + m.To.ID, Hint: hintRange}
	}
	return platform.Sent{MessageID: messageID(ans.MsgID, to[0], ans.ResponseCode)}, nil
}

// SendBatch sends one text or post to many members, touser in chunks of
// at most 1000, and reports the invaliduser entries per recipient. The
// duplicate check makes a repeated chunk harmless within the interval.
func (c *Client) SendBatch(ctx context.Context, b platform.Batch) (platform.BatchSent, error) {
	if b.Type != platform.MessageText && b.Type != platform.MessagePost {
		return platform.BatchSent{}, fmt.Errorf("wecom: a batch is text or post, not %q", b.Type)
	}
	users, err := userIDs(b.To)
	if err != nil {
		return platform.BatchSent{}, err
	}
	if len(users) == 0 {
		return platform.BatchSent{}, errors.New("wecom: the batch has no recipient")
	}
	var out platform.BatchSent
	var ids []string
	for start := 0; start < len(users); start += MaxToUser {
		chunk := users[start:min(start+MaxToUser, len(users))]
		body, err := c.body(chunk, b.Type, b.Text, b.Post, nil, "")
		if err != nil {
			return out, err
		}
		if err := c.pace(ctx, chunk); err != nil {
			return out, err
		}
		var ans sendAnswer
		if err := c.do(ctx, APIMessageSend, nil, body, &ans); err != nil {
			if pe := (*platform.Error)(nil); errors.As(err, &pe) && pe.Code == 81013 {
				for _, u := range chunk { // all invalid
					out.Invalid = append(out.Invalid, platform.Recipient{Type: platform.IDUserID, ID: u})
				}
				continue
			}
			return out, err
		}
		ids = append(ids, ans.MsgID)
		for _, u := range ans.invalid() {
			out.Invalid = append(out.Invalid, platform.Recipient{Type: platform.IDUserID, ID: u})
		}
	}
	out.BatchID = strings.Join(ids, ",")
	return out, nil
}

// Recall withdraws a message (message/recall, within 24 h, path/96460); a
// batch id recalls each of its msgids.
func (c *Client) Recall(ctx context.Context, messageID string) error {
	for _, id := range strings.Split(messageID, ",") {
		id, _, _ = splitMessageID(id)
		if err := c.do(ctx, APIMessageRecall, nil, map[string]string{"msgid": id}, nil); err != nil {
			return err
		}
	}
	return nil
}

// UpdateCard replaces a to-do card by its new form (a done to-do) with
// update_template_card and the response_code its send returned: once, and
// within 72 hours (60140 无效的response_code after that: ErrTooLate). A
// message sent without one (text, textcard) is ErrNotUpdatable.
func (c *Client) UpdateCard(ctx context.Context, messageID string, card platform.Card) error {
	_, user, code := splitMessageID(messageID)
	if code == "" {
		return fmt.Errorf("wecom: %w (only to-do cards carry a response_code)", platform.ErrNotUpdatable)
	}
	if err := card.Check(); err != nil {
		return err
	}
	if card.Kind != platform.CardTodo || card.Link == nil {
		return fmt.Errorf("wecom: a to-do card with a link replaces a to-do card: %w", platform.ErrNotUpdatable)
	}
	agent, err := strconv.Atoi(c.agentID)
	if err != nil {
		return errors.New("wecom: updating cards needs the app's AgentId")
	}
	body := map[string]any{"userids": []string{user}, "agentid": agent, "response_code": code,
		"template_card": todoCard(card, card.Link.URL, messageID)}
	err = c.do(ctx, APIUpdateCard, nil, body, nil)
	var pe *platform.Error
	if errors.As(err, &pe) && pe.Code == 60140 {
		return fmt.Errorf("%w: %w", err, platform.ErrTooLate)
	}
	return err
}
