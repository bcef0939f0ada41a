package wecom_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/ratelimit"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
)

func to(id string) platform.Recipient { return platform.Recipient{Type: platform.IDUserID, ID: id} }

// A send retried with the same key is delivered once (duplicate check);
// two deliveries of the same card stay two messages (the key is in the
// link).
func TestSendExactlyOnce(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, appSecret)
	ctx := context.Background()
	card := &platform.Card{Kind: platform.CardTodo, Title: "请审批", Link: &platform.Link{Text: "处理", URL: "https://oa.example.com/todo/1"}}
	m := platform.Message{To: to("dev"), Type: platform.MessageCard, Card: card, IdempotencyKey: "msg1/dev"}
	s1, err := c.Send(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := c.Send(ctx, m)
	if err != nil || s2.MessageID != s1.MessageID {
		t.Fatalf("retry: %v %v", s2, err)
	}
	if n := len(e.sim.Messages()); n != 1 {
		t.Fatalf("%d messages after a retried send, want 1", n)
	}
	m.IdempotencyKey = "msg2/dev"
	if _, err := c.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	if n := len(e.sim.Messages()); n != 2 {
		t.Fatalf("%d messages after a second delivery, want 2", n)
	}
	if got := e.sim.Messages()[0].MsgType; got != "template_card" {
		t.Fatalf("to-do sent as %s", got)
	}
}

// invaliduser is recorded per recipient; a single invalid recipient is
// ClassNotFound.
func TestInvalidUser(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, appSecret)
	ctx := context.Background()
	res, err := c.SendBatch(ctx, platform.Batch{To: []platform.Recipient{to("boss"), to("ghost"), to("dev"), to("off")}, Type: platform.MessageText, Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Invalid) != 2 || res.Invalid[0].ID != "ghost" || res.Invalid[1].ID != "off" {
		t.Fatalf("invalid: %+v", res.Invalid)
	}
	_, err = c.Send(ctx, platform.Message{To: to("ghost"), Type: platform.MessageText, Text: "hi", IdempotencyKey: "k"})
	if platform.ClassOf(err) != platform.ClassNotFound {
		t.Fatalf("all invalid: %v", err)
	}
	if _, err := c.Send(ctx, platform.Message{To: platform.Recipient{Type: platform.IDOpenID, ID: "x"}, Type: platform.MessageText, Text: "hi", IdempotencyKey: "k"}); err == nil {
		t.Fatal("an open_id recipient was accepted")
	}
}

// touser goes in chunks of at most 1000.
func TestBatchChunks(t *testing.T) {
	org := simwecom.Generate(simwecom.GenOptions{Users: 2500, Departments: 3, Seed: 1})
	e := newEnv(t, org)
	c := e.client(t, appSecret)
	var rs []platform.Recipient
	for i := range 2500 {
		rs = append(rs, to(fmt.Sprintf("u%06d", i+1)))
	}
	res, err := c.SendBatch(context.Background(), platform.Batch{To: rs, Type: platform.MessageText, Text: "全员通知"})
	if err != nil {
		t.Fatal(err)
	}
	msgs := e.sim.Messages()
	if len(msgs) != 3 || len(msgs[0].To) != 1000 || len(msgs[2].To) != 500 || len(res.Invalid) != 0 {
		t.Fatalf("%d calls (%d, …), invalid %d", len(msgs), len(msgs[0].To), len(res.Invalid))
	}
}

// A member's slot is taken before sending: over the per-member limit the
// client waits rather than letting WeCom drop the message.
func TestPerMemberLimit(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, appSecret, func(p *wecom.Params) {
		p.MemberLimits = []ratelimit.Limit{{N: 4, Per: time.Minute, Sliding: true}}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	sent := 0
	for i := range 10 {
		_, err := c.Send(ctx, platform.Message{To: to("dev"), Type: platform.MessageText, Text: fmt.Sprint("n", i), IdempotencyKey: fmt.Sprint(i)})
		if err != nil {
			break
		}
		sent++
	}
	if sent != 3 {
		t.Fatalf("%d sends to one member within the window, want 3 (N-1 of 4)", sent)
	}
	for _, m := range e.sim.Messages() {
		if len(m.Dropped) > 0 {
			t.Fatal("WeCom dropped a message")
		}
	}
}

// The app's daily budget (人次) is enforced before sending.
func TestDailyLimit(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, appSecret, func(p *wecom.Params) { p.DailyRecipients = 3 })
	b := platform.Batch{To: []platform.Recipient{to("boss"), to("dev")}, Type: platform.MessageText, Text: "a"}
	if _, err := c.SendBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	b.Text = "b"
	_, err := c.SendBatch(context.Background(), b)
	if !errors.Is(err, wecom.ErrDailyLimit) || platform.ClassOf(err) != platform.ClassRateLimit {
		t.Fatalf("over the daily budget: %v", err)
	}
}

// What WeCom receives for each content type: a to-do as a text_notice
// template card (fields, link with the delivery's key), a generic card as
// a textcard (btntxt at most 4 characters), a post as markdown.
func TestContentOnTheWire(t *testing.T) {
	e := newEnv(t, smallOrg())
	c := e.client(t, appSecret)
	ctx := context.Background()
	todo := &platform.Card{Kind: platform.CardTodo, Title: "报销审批", Text: "张三 提交",
		Fields: []platform.CardField{{Label: "金额", Value: "¥1,200"}}, Link: &platform.Link{URL: "https://oa.example.com/t/9"},
		Done: &platform.CardDone{Outcome: "已同意"}}
	generic := &platform.Card{Kind: platform.CardGeneric, Title: "通知", Link: &platform.Link{Text: "查看详细内容", URL: "https://oa.example.com/n/1"}}
	for i, m := range []platform.Message{
		{Type: platform.MessageCard, Card: todo},
		{Type: platform.MessageCard, Card: generic},
		{Type: platform.MessagePost, Post: &platform.Post{Title: "日报", Paragraphs: []string{"完成 3 项"}, Link: &platform.Link{Text: "打开", URL: "https://oa.example.com/r"}}},
	} {
		m.To, m.IdempotencyKey = to("dev"), fmt.Sprint("k", i)
		if _, err := c.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	msgs := e.sim.Messages()
	var card struct {
		CardType   string                            `json:"card_type"`
		Horizontal []struct{ Keyname, Value string } `json:"horizontal_content_list"`
		CardAction struct {
			Type int
			URL  string
		} `json:"card_action"`
	}
	if err := json.Unmarshal(msgs[0].Content, &card); err != nil || card.CardType != "text_notice" || len(card.Horizontal) != 2 ||
		card.Horizontal[1].Value != "已同意" || !strings.Contains(card.CardAction.URL, "imb_d=") {
		t.Fatalf("to-do card: %s", msgs[0].Content)
	}
	var tc struct{ Title, URL, Btntxt string }
	if err := json.Unmarshal(msgs[1].Content, &tc); err != nil || msgs[1].MsgType != "textcard" || tc.Btntxt != "查看详细" {
		t.Fatalf("textcard: %s", msgs[1].Content)
	}
	var md struct{ Content string }
	if err := json.Unmarshal(msgs[2].Content, &md); err != nil || msgs[2].MsgType != "markdown" || !strings.Contains(md.Content, "**日报**") || !strings.Contains(md.Content, "[打开](https://oa.example.com/r?imb_d=") {
		t.Fatalf("markdown: %s", msgs[2].Content)
	}
	// Over 2048 bytes of text: refused before sending, ErrContentTooLarge.
	_, err := c.Send(ctx, platform.Message{To: to("dev"), Type: platform.MessageText, Text: strings.Repeat("字", 700), IdempotencyKey: "big"})
	if !errors.Is(err, platform.ErrContentTooLarge) || len(e.sim.Messages()) != 3 {
		t.Fatalf("too large: %v", err)
	}
}
