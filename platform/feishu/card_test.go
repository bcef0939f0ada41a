package feishu_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	larkcard "github.com/larksuite/oapi-sdk-go/v3/card"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

// cardTags are the JSON 1.0 element tags the SDK's card types produce
// (larkcard: div, hr, note, action, button, plain_text…); a rendered card
// uses nothing else.
var cardTags = map[string]bool{"div": true, "hr": true, "note": true, "action": true, "button": true, "plain_text": true}

func walkTags(t *testing.T, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		if tag, ok := x["tag"].(string); ok && !cardTags[tag] {
			t.Fatalf("tag %q is not one of the SDK's card types", tag)
		}
		for _, c := range x {
			walkTags(t, c)
		}
	case []any:
		for _, c := range x {
			walkTags(t, c)
		}
	}
}

func TestRenderTodoCard(t *testing.T) {
	e := newMsgEnv(t, feishusim.Config{}, nil)
	to := byUserID("u-42")
	out, err := e.client.RenderCard(*todo("msg-7", to))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Config struct {
			UpdateMulti   *bool `json:"update_multi"`
			EnableForward *bool `json:"enable_forward"`
		} `json:"config"`
		Header struct {
			Template string `json:"template"`
			Title    struct{ Tag, Content string }
		} `json:"header"`
		Elements []struct {
			Tag    string `json:"tag"`
			Text   *struct{ Tag, Content string }
			Fields []struct {
				IsShort bool `json:"is_short"`
				Text    struct{ Tag, Content string }
			}
			Actions []struct {
				Tag   string
				Text  struct{ Content string }
				Type  string
				URL   string          `json:"url"`
				Value json.RawMessage `json:"value"`
			}
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if c.Config.UpdateMulti == nil || !*c.Config.UpdateMulti || c.Config.EnableForward == nil || *c.Config.EnableForward {
		t.Fatalf("config: %s", out)
	}
	if c.Header.Template != larkcard.TemplateOrange || c.Header.Title.Content != "【待办】报销单 BX-1" || c.Header.Title.Tag != "plain_text" {
		t.Fatalf("header: %+v", c.Header)
	}
	if len(c.Elements) != 3 || c.Elements[0].Tag != "div" || c.Elements[1].Tag != "div" || c.Elements[2].Tag != "action" {
		t.Fatalf("elements: %s", out)
	}
	if f := c.Elements[1].Fields; len(f) != 2 || f[0].Text.Content != "申请人：李雷" || !f[0].IsShort || f[0].Text.Tag != "plain_text" {
		t.Fatalf("fields: %+v", f)
	}
	acts := c.Elements[2].Actions
	if len(acts) != 3 || acts[0].Text.Content != "处理" || acts[0].URL != "https://oa.example.com/todo/BX-1" || acts[0].Type != "default" {
		t.Fatalf("link: %+v", acts)
	}
	// The approve / reject values open, for this app only.
	signer := actionSigner(t)
	for i, want := range []string{platform.DecisionApprove, platform.DecisionReject} {
		v, err := signer.Open(e.appID, acts[i+1].Value)
		if err != nil || v.Decision != want || v.Message != "msg-7" || v.Recipient != to {
			t.Fatalf("button %d: %+v %v", i, v, err)
		}
		if _, err := signer.Open("cli_someone_else", acts[i+1].Value); !errors.Is(err, platform.ErrActionForged) {
			t.Fatalf("value opens for another app: %v", err)
		}
	}
	if acts[1].Type != "primary" || acts[2].Type != "danger" {
		t.Fatalf("styles: %+v", acts)
	}
	walkTags(t, cardJSON(t, out))
}

func TestRenderDoneAndGenericCards(t *testing.T) {
	e := newMsgEnv(t, feishusim.Config{}, nil)
	out, err := e.client.RenderCard(done(todo("m", byUserID("u")), "已拒绝"))
	if err != nil {
		t.Fatal(err)
	}
	c := cardJSON(t, out)
	if c["header"].(map[string]any)["template"] != "grey" || !strings.Contains(out, "【已办】报销单 BX-1") ||
		strings.Contains(out, `"action"`) || strings.Contains(out, `"button"`) || !strings.Contains(out, `"tag":"note"`) ||
		!strings.Contains(out, "已拒绝 · 韩梅梅 · 2025-03-01 09:30") || !strings.Contains(out, `"update_multi":true`) {
		t.Fatalf("done card: %s", out)
	}
	walkTags(t, c)

	// The OA's card: its own title, a primary link, URL buttons; forwardable.
	gen := platform.Card{Kind: platform.CardGeneric, Title: "会议通知", Text: "**不是** [链接](https://evil.example.com)",
		Link:    &platform.Link{URL: "https://oa.example.com/m/1"},
		Buttons: []platform.CardButton{{Text: "签到", URL: "https://oa.example.com/m/1/checkin"}}}
	out, err = e.client.RenderCard(gen)
	if err != nil {
		t.Fatal(err)
	}
	c = cardJSON(t, out)
	if c["header"].(map[string]any)["template"] != "blue" || !strings.Contains(out, `"content":"会议通知"`) ||
		!strings.Contains(out, `"content":"查看详情"`) || !strings.Contains(out, `"type":"primary"`) ||
		strings.Contains(out, "enable_forward") || strings.Contains(out, "lark_md") {
		t.Fatalf("generic card: %s", out)
	}
	walkTags(t, c)

	// 30 KB at most, said with the size.
	gen.Text = strings.Repeat("长", 11<<10)
	if _, err := e.client.RenderCard(gen); !errors.Is(err, platform.ErrContentTooLarge) || !strings.Contains(err.Error(), "30 KB") {
		t.Fatalf("large card: %v", err)
	}
	// Callback buttons need the signer.
	bare := newMsgEnv(t, feishusim.Config{}, func(p *feishu.Params) { p.Actions = nil })
	if _, err := bare.client.RenderCard(*todo("m", byUserID("u"))); !errors.Is(err, feishu.ErrNoActionSigner) {
		t.Fatalf("no signer: %v", err)
	}
	// A done card has no buttons, so it needs no signer.
	if _, err := bare.client.RenderCard(done(todo("m", byUserID("u")), "已同意")); err != nil {
		t.Fatalf("done card without a signer: %v", err)
	}
}
