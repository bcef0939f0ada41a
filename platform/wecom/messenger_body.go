package wecom

import (
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

// Bodies of message/send (path/90236) for each platform.MessageType, and
// the delivery key WeCom's content-based duplicate check needs.

// Content limits (path/90236): text content ≤ 2048 bytes, textcard title
// ≤ 128 bytes and description ≤ 512 bytes, markdown ≤ 2048 bytes.
const (
	maxTextBytes     = 2048
	maxCardTitle     = 128
	maxCardDesc      = 512
	maxMarkdownBytes = 2048
)

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
		md := markdown(*post, key)
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
		if hasActions(*card) {
			content, err := c.buttonCard(*card, touser, key)
			if err != nil {
				return nil, err
			}
			b["msgtype"], b["template_card"] = "template_card", content
			break
		}
		if card.Link == nil {
			// Every WeCom card opens a link (textcard: url; text_notice:
			// card_action "必填"): a card without one goes as markdown,
			// which cannot be replaced later (UpdateCard: ErrNotUpdatable).
			md := cardMarkdown(*card)
			if len(md) > maxMarkdownBytes {
				return nil, fmt.Errorf("card: %d bytes of markdown, WeCom takes at most %d: %w", len(md), maxMarkdownBytes, platform.ErrContentTooLarge)
			}
			b["msgtype"], b["markdown"] = "markdown", map[string]string{"content": md}
			break
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

// markdown renders a post: the title bold, the paragraphs, the link (with
// the delivery key's parameter, dedupParam, so two posts of the same words
// stay two messages under the duplicate check).
func markdown(p platform.Post, key string) string {
	var sb strings.Builder
	sb.WriteString("**" + p.Title + "**\n")
	for _, para := range p.Paragraphs {
		sb.WriteString("\n" + para + "\n")
	}
	if p.Link != nil {
		sb.WriteString("\n[" + cmpStr(p.Link.Text, p.Link.URL) + "](" + dedupParam(p.Link.URL, key) + ")")
	}
	return sb.String()
}

// cardMarkdown renders a card without a link: the title bold, the text,
// the fields as "label：value" lines, and a done to-do's outcome.
func cardMarkdown(c platform.Card) string {
	var sb strings.Builder
	sb.WriteString("**" + c.Title + "**\n")
	if c.Text != "" && c.Text != c.Title {
		sb.WriteString("\n" + c.Text + "\n")
	}
	for _, f := range c.Fields {
		sb.WriteString("\n> " + f.Label + "：" + f.Value)
	}
	if c.Done != nil {
		sb.WriteString("\n> 状态：" + c.Done.Outcome)
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
