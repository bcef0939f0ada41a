package push

import (
	"strconv"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/delivery"
	"imbridge/ent/message"
	"imbridge/platform"
)

// Template variables of a target's title and body templates.
var templateVars = []string{"{{title}}", "{{source}}", "{{content}}", "{{link}}"}

// Render fills a template with a message's values; an empty template is
// def. Unknown {{…}} are left as they are.
func Render(tmpl, def string, m *ent.Message) string {
	if tmpl == "" {
		return def
	}
	return strings.NewReplacer(templateVars[0], m.Title, templateVars[1], m.Source,
		templateVars[2], m.Content, templateVars[3], m.Link).Replace(tmpl)
}

// texts are the title and body of a message through a target's templates.
func texts(m *ent.Message, t *ent.PushTarget) (title, body string) {
	if t == nil {
		return m.Title, m.Content
	}
	return Render(t.TitleTemplate, m.Title, m), Render(t.BodyTemplate, m.Content, m)
}

// MessageKey is the engine's key of a message in card actions.
func MessageKey(messageID int) string { return strconv.Itoa(messageID) }

// content builds the platform message of a delivery. A to-do of a done
// message is sent in its done form.
func content(m *ent.Message, t *ent.PushTarget, d *ent.Delivery) platform.Message {
	to := platform.Recipient{Type: platform.IDType(d.ReceiveIDType), ID: d.ReceiveID}
	title, body := texts(m, t)
	out := platform.Message{To: to, IdempotencyKey: idempotencyKey(d)}
	switch d.MessageType {
	case delivery.MessageTypeText:
		out.Type, out.Text = platform.MessageText, textOf(title, body, m.Link)
	case delivery.MessageTypePost:
		out.Type, out.Post = platform.MessagePost, postOf(title, body, m.Link)
	default:
		c := card(m, title, body, d)
		out.Type, out.Card = platform.MessageCard, &c
	}
	return out
}

// idempotencyKey is stable for a delivery across retries, restarts and
// replays: the message, the target and the recipient (issue 9 item 5).
func idempotencyKey(d *ent.Delivery) string {
	return "push:" + strconv.Itoa(d.MessageID) + ":" + d.TargetKey + ":" + d.Recipient
}

func textOf(title, body, link string) string {
	parts := []string{title}
	if body != "" {
		parts = append(parts, body)
	}
	if link != "" {
		parts = append(parts, link)
	}
	return strings.Join(parts, "\n")
}

func postOf(title, body, link string) *platform.Post {
	p := &platform.Post{Title: title}
	if body != "" {
		p.Paragraphs = []string{body}
	}
	if link != "" {
		p.Link = &platform.Link{Text: "查看详情", URL: link}
	}
	return p
}

// card is a to-do (待办, with quick approval's buttons while pending) or
// the OA's card with its link buttons.
func card(m *ent.Message, title, body string, d *ent.Delivery) platform.Card {
	c := platform.Card{Kind: platform.CardGeneric, Title: title, Text: body}
	for _, f := range m.Fields {
		c.Fields = append(c.Fields, platform.CardField{Label: f.Label, Value: f.Value, Short: f.Short})
	}
	if c.Text == "" && len(c.Fields) == 0 {
		// Feishu refuses a card without elements (230099 "card has no
		// elements"): a push of a title alone shows it as the body too.
		c.Text = title
	}
	if d.MessageType == delivery.MessageTypeTodo {
		c.Kind = platform.CardTodo
		if m.Link != "" {
			c.Link = &platform.Link{Text: "处理", URL: m.Link}
		}
		switch {
		case m.TodoState == message.TodoStateDone:
			c.Done = &platform.CardDone{Outcome: outcomeOr(m.TodoOutcome), At: derefTime(m.CompletedAt)}
		case d.Action != "":
			c.Done = &platform.CardDone{Outcome: decisionText(d.Action)}
		case d.QuickApproval:
			c.Buttons = platform.QuickApproval(MessageKey(m.ID), platform.Recipient{Type: platform.IDType(d.ReceiveIDType), ID: d.ReceiveID})
		}
		return c
	}
	if m.Link != "" {
		c.Link = &platform.Link{Text: "查看详情", URL: m.Link}
	}
	for _, b := range m.Buttons {
		c.Buttons = append(c.Buttons, platform.CardButton{Text: b.Text, URL: b.URL})
	}
	return c
}

func outcomeOr(s string) string {
	if s == "" {
		return "已处理"
	}
	return s
}

func decisionText(d string) string {
	switch d {
	case platform.DecisionApprove:
		return "已同意"
	case platform.DecisionReject:
		return "已拒绝"
	}
	return "已处理"
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
