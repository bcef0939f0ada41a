package wecom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
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
// Limits (path/90454): per app and member ≤ 30/min and 1000/h, "超过部分会
// 被丢弃不下发" — dropped without an error — so every recipient's slot is
// taken on the shared limiter before sending; the app's daily budget in
// 人次 (Params.DailyRecipients) is counted in Redis per natural day.
// Message sends do not count toward the base per-cgi limits.

// maxDuplicateCheck is duplicate_check_interval's maximum.
const maxDuplicateCheck = 4 * time.Hour

// MaxToUser is touser's limit: "最多支持1000个".
const MaxToUser = 1000

// Content limits (path/90236): text content ≤ 2048 bytes, textcard title
// ≤ 128 bytes and description ≤ 512 bytes, markdown ≤ 2048 bytes.
const (
	maxTextBytes     = 2048
	maxCardTitle     = 128
	maxCardDesc      = 512
	maxMarkdownBytes = 2048
)

// ErrDailyLimit: the app's daily message budget (账号上限数 × 200 人次) is
// used up; WeCom would drop the rest until the next natural day.
var ErrDailyLimit = &platform.Error{Platform: PlatformName, Code: 45009, Class: platform.ClassRateLimit,
	Msg: "the app's daily message budget is used up (账号上限数×200人次/天)"}

// sendAnswer is message/send's answer.
type sendAnswer struct {
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

// body builds message/send's body for content of type t.
func (c *Client) body(touser []string, t platform.MessageType, text string, post *platform.Post, card *platform.Card, key string) (map[string]any, error) {
	agent, err := strconv.Atoi(c.agentID)
	if err != nil {
		return nil, errors.New("wecom: sending messages needs the app's AgentId (an integer)")
	}
	b := map[string]any{
		"touser": strings.Join(touser, "|"), "agentid": agent,
		"enable_duplicate_check": 1, "duplicate_check_interval": int(c.dupInterval / time.Second),
	}
	switch t {
	case platform.MessageText:
		if text == "" {
			return nil, errors.New("wecom: the text is required")
		}
		if len(text) > maxTextBytes {
			return nil, fmt.Errorf("text: %d bytes, WeCom takes at most %d: %w", len(text), maxTextBytes, platform.ErrContentTooLarge)
		}
		b["msgtype"], b["text"] = "text", map[string]string{"content": text}
	case platform.MessagePost:
		if post == nil || post.Title == "" {
			return nil, errors.New("wecom: post: the title is required")
		}
		md := markdown(*post)
		if len(md) > maxMarkdownBytes {
			return nil, fmt.Errorf("post: %d bytes of markdown, WeCom takes at most %d: %w", len(md), maxMarkdownBytes, platform.ErrContentTooLarge)
		}
		b["msgtype"], b["markdown"] = "markdown", map[string]string{"content": md}
	case platform.MessageCard:
		if card == nil {
			return nil, errors.New("wecom: card: the card is required")
		}
		if err := card.Check(); err != nil {
			return nil, err
		}
		for _, btn := range card.Buttons {
			if btn.Action != nil {
				return nil, fmt.Errorf("card button %q: WeCom call-back buttons (button_interaction cards with a callback URL) are not supported by this adapter: use a link", btn.Text)
			}
		}
		kind, content, err := cardContent(*card, key)
		if err != nil {
			return nil, err
		}
		b["msgtype"], b[kind] = kind, content
	default:
		return nil, fmt.Errorf("wecom: message type %q is not text, post or card", t)
	}
	return b, nil
}

// markdown renders a post: the title bold, the paragraphs, the link.
func markdown(p platform.Post) string {
	var sb strings.Builder
	sb.WriteString("**" + p.Title + "**\n")
	for _, para := range p.Paragraphs {
		sb.WriteString("\n" + para + "\n")
	}
	if p.Link != nil {
		sb.WriteString("\n[" + cmpStr(p.Link.Text, p.Link.URL) + "](" + p.Link.URL + ")")
	}
	return sb.String()
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// dedupParam adds a parameter derived from the delivery key to a link, so
// WeCom's content-based duplicate check tells deliveries apart.
func dedupParam(raw, key string) string {
	if key == "" {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	sum := sha256.Sum256([]byte(key))
	q := u.Query()
	q.Set("imb_d", hex.EncodeToString(sum[:6]))
	u.RawQuery = q.Encode()
	return u.String()
}

// cardContent renders a card: a to-do as a template_card of card_type
// text_notice (title, fields as horizontal_content_list, the link as
// card_action) with an action_menu, which makes WeCom return a
// response_code so the card can later be replaced by its done form
// (update_template_card: "仅原卡片为按钮交互型、投票选择型、多项选择型的卡片
// 以及填写了action_menu字段的文本通知型、图文展示型可以调用本接口更新";
// task_id is then required); a generic card as a textcard (title,
// description with the fields, url, btntxt ≤ 4 characters).
func cardContent(c platform.Card, key string) (string, any, error) {
	if c.Link == nil {
		return "", nil, errors.New("card: WeCom cards open a link: Link is required")
	}
	link := dedupParam(c.Link.URL, key)
	if c.Kind == platform.CardTodo {
		return "template_card", todoCard(c, link, key), nil
	}
	var desc strings.Builder
	if c.Text != "" {
		desc.WriteString(`<div class="normal">` + c.Text + `</div>`)
	}
	for _, f := range c.Fields {
		desc.WriteString(`<div class="gray">` + f.Label + `：` + f.Value + `</div>`)
	}
	if len(c.Title) > maxCardTitle || desc.Len() > maxCardDesc {
		return "", nil, fmt.Errorf("card: title ≤ %d and description ≤ %d bytes on WeCom: %w", maxCardTitle, maxCardDesc, platform.ErrContentTooLarge)
	}
	btn := []rune(cmpStr(c.Link.Text, "详情"))
	if len(btn) > 4 {
		btn = btn[:4] // btntxt: "不超过4个文字"
	}
	return "textcard", map[string]string{"title": c.Title, "description": desc.String(), "url": link, "btntxt": string(btn)}, nil
}

// todoCard is a to-do's text_notice template card.
func todoCard(c platform.Card, link, key string) map[string]any {
	fields := []map[string]string{}
	for _, f := range c.Fields {
		fields = append(fields, map[string]string{"keyname": f.Label, "value": f.Value})
	}
	if c.Done != nil {
		fields = append(fields, map[string]string{"keyname": "状态", "value": c.Done.Outcome})
	}
	sum := sha256.Sum256([]byte("task\x00" + key))
	return map[string]any{
		"card_type":               "text_notice",
		"main_title":              map[string]string{"title": c.Title, "desc": c.Text},
		"horizontal_content_list": fields,
		"card_action":             map[string]any{"type": 1, "url": link},
		// task_id: unique per app, [0-9A-Za-z_-@], ≤ 128 bytes.
		"task_id":     "imb-" + hex.EncodeToString(sum[:12]),
		"action_menu": map[string]any{"desc": "OA", "action_list": []map[string]string{{"text": "在 OA 中处理", "key": "open"}}},
	}
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

// pace takes each recipient's per-member slot and the app's daily budget.
func (c *Client) pace(ctx context.Context, users []string) error {
	if c.daily > 0 {
		day := time.Now().In(chinaTime).Format("20060102")
		k := c.broker.Key(PlatformName, "daily", c.corpID, c.agentID, day)
		n, err := c.broker.Client.IncrBy(ctx, k, int64(len(users))).Result()
		if err != nil {
			return fmt.Errorf("wecom: daily message budget: %w", err)
		}
		c.broker.Client.Expire(ctx, k, 48*time.Hour)
		if n > int64(c.daily) {
			c.broker.Client.DecrBy(ctx, k, int64(len(users)))
			return ErrDailyLimit
		}
	}
	for _, u := range users {
		k := PlatformName + ":" + c.corpID + ":" + c.agentID + ":member:" + u
		if err := c.limiter.Wait(ctx, k, c.memberLimits...); err != nil {
			return fmt.Errorf("wecom: per-member message limit: %w", err)
		}
	}
	return nil
}

// chinaTime: WeCom's natural day is Beijing time.
var chinaTime = time.FixedZone("CST", 8*3600)

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

// DelayedCardUpdate: no call-back cards on this adapter.
func (c *Client) DelayedCardUpdate(context.Context, string, platform.Card) error {
	return fmt.Errorf("wecom: %w", platform.ErrCallbackTokenInvalid)
}
