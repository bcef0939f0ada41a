package feishu

import (
	"context"
	"encoding/json"
	"fmt"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkim "github.com/larksuite/oapi-sdk-go/v3/service/im/v1"

	"imbridge/platform"
)

// Send: POST /open-apis/im/v1/messages?receive_id_type=open_id|user_id|union_id
// (SDK Im.V1.Message.Create; page im-v1/message/create), body receive_id,
// msg_type (text, post, interactive), content (a JSON string) and uuid.
// Scope im:message or im:message:send_as_bot; by user_id also the field
// permission 获取用户 user ID.
//
// Idempotency: uuid is derived from m.IdempotencyKey ("持有相同 uuid 的请求，
// 在 1 小时内至多成功发送一条消息"), so every retry of the delivery — the
// wrapper's after a 5xx or a lost reply, the job's after a killed worker —
// sends the same uuid and gets the first message back. After an hour
// Feishu forgets the uuid; the engine's delivery row, holding the message
// id, is the record then.
//
// Limits: 1000/min & 50/s per app (shared limiter), 5 per second to one
// person (APIMessagePerRecipient, keyed by the recipient's id; 230020 if
// Feishu still counts more is waited out). Content: text ≤ 150 KB, rich
// text and cards ≤ 30 KB (checked before sending; 230025 from Feishu).
//
// Refusals: 230013 the person outside the app's availability, excluded,
// or resigned (class out_of_range); 230029 resigned, 230034 an id the app
// does not know (not_found); 230035 / 230053 the person blocks the bot;
// 230001 / 230099 bad content (invalid); 230006 bot ability off, 230027
// (permission).
func (c *Client) Send(ctx context.Context, m platform.Message) (platform.Sent, error) {
	if err := checkKey("send message", m.IdempotencyKey); err != nil {
		return platform.Sent{}, err
	}
	if err := m.To.Check(); err != nil {
		return platform.Sent{}, errRefused("send message", "%v", err)
	}
	msgType, content, err := c.content(m.Type, m.Text, m.Post, m.Card)
	if err != nil {
		return platform.Sent{}, err
	}
	body := larkim.NewCreateMessageReqBodyBuilder().ReceiveId(m.To.ID).MsgType(msgType).Content(content).
		Uuid(messageUUID(m.IdempotencyKey)).Build()
	var out *larkim.CreateMessageRespData
	err = c.msgCall(ctx, APICreateMessage, &pace{APIMessagePerRecipient, m.To.String()},
		func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			req := larkim.NewCreateMessageReqBuilder().ReceiveIdType(string(m.To.Type)).Body(body).Build()
			r, err := c.lark.Im.V1.Message.Create(ctx, req)
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			out = r.Data
			return r.ApiResp, r.CodeError, nil
		})
	if err != nil {
		return platform.Sent{}, fmt.Errorf("feishu send message to %s: %w", m.To, err)
	}
	if out == nil || out.MessageId == nil || *out.MessageId == "" {
		return platform.Sent{}, fmt.Errorf("feishu send message to %s: response without a message id", m.To)
	}
	return platform.Sent{MessageID: *out.MessageId}, nil
}

// content renders a message's content for im/v1: msg_type and the content
// string, checked against the size limits.
func (c *Client) content(t platform.MessageType, text string, post *platform.Post, card *platform.Card) (string, string, error) {
	switch t {
	case platform.MessageText:
		if text == "" {
			return "", "", errRefused("send message", "the text is empty")
		}
		b, _ := json.Marshal(map[string]string{"text": text})
		if len(b) > maxTextBytes {
			return "", "", tooLarge("send message", "text", len(b), maxTextBytes)
		}
		return "text", string(b), nil
	case platform.MessagePost:
		p, err := postContent(post)
		if err != nil {
			return "", "", err
		}
		b, _ := json.Marshal(map[string]any{"zh_cn": p})
		if len(b) > maxCardBytes {
			return "", "", tooLarge("send message", "rich text", len(b), maxCardBytes)
		}
		return "post", string(b), nil
	case platform.MessageCard:
		if card == nil {
			return "", "", errRefused("send message", "a card message needs its card")
		}
		s, err := c.RenderCard(*card)
		return "interactive", s, err
	}
	return "", "", errRefused("send message", "message type %q is not text, post or card", t)
}

// postNode is one element of a rich-text paragraph.
type postNode struct {
	Tag  string `json:"tag"`
	Text string `json:"text"`
	Href string `json:"href,omitempty"`
}

// postContent is one language of a post: {"title", "content": [[node…]…]}
// with a paragraph per text paragraph and the link as the last one
// (page im-v1/message-content-description/create_json, 富文本 post).
func postContent(p *platform.Post) (map[string]any, error) {
	if p == nil || (p.Title == "" && len(p.Paragraphs) == 0) {
		return nil, errRefused("send message", "a rich-text message needs a title or a paragraph")
	}
	paras := make([][]postNode, 0, len(p.Paragraphs)+1)
	for _, t := range p.Paragraphs {
		paras = append(paras, []postNode{{Tag: "text", Text: t}})
	}
	if p.Link != nil {
		if err := platform.CheckURL("rich-text link", p.Link.URL); err != nil {
			return nil, errRefused("send message", "%v", err)
		}
		text := p.Link.Text
		if text == "" {
			text = p.Link.URL
		}
		paras = append(paras, []postNode{{Tag: "a", Text: text, Href: p.Link.URL}})
	}
	return map[string]any{"title": p.Title, "content": paras}, nil
}
