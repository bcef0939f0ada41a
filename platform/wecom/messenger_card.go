package wecom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"imbridge/platform"
	"imbridge/platform/wecom/callback"
)

// Quick approval: a to-do with 同意 / 拒绝 buttons is a template card of
// card_type button_interaction (按钮交互型, path/90236): main_title,
// horizontal_content_list, card_action (the whole card opens the OA page),
// task_id, and button_list — each call-back button's key is the value the
// bridge sealed for this app (platform.ActionSigner, app
// callback.ActionApp), returned as EventKey by the template_card_event
// callback when clicked (callback/cardaction.go). WeCom only sends such
// cards for apps with a callback URL ("没有配置回调接口的应用不可发送支持
// 回调的卡片"). The click's response_code replaces the buttons with the
// outcome (DelayedCardUpdate: update_template_card with
// button.replace_name, "更新按钮为不可点击状态").

// Limits of a button_interaction card: button_list "列表长度不超过6";
// a button's key "最长支持1024字节"; task_id ≤ 128 bytes.
const (
	maxButtons   = 6
	maxButtonKey = 1024
)

func hasActions(c platform.Card) bool {
	for _, b := range c.Buttons {
		if b.Action != nil {
			return true
		}
	}
	return false
}

// buttonCard renders a card with call-back buttons for the one member
// it is sent to.
func (c *Client) buttonCard(card platform.Card, touser []string, key string) (map[string]any, error) {
	if c.actions == nil {
		return nil, errors.New("wecom: card buttons that call back need the action signer (Params.Actions)")
	}
	if len(touser) != 1 {
		return nil, errors.New("wecom: a card with call-back buttons goes to one member")
	}
	if card.Link == nil {
		return nil, errors.New("card: WeCom cards open a link: Link is required")
	}
	if len(card.Buttons) > maxButtons {
		return nil, fmt.Errorf("card: %d buttons, a WeCom button card has at most %d", len(card.Buttons), maxButtons)
	}
	fields := []map[string]string{}
	for _, f := range card.Fields {
		fields = append(fields, map[string]string{"keyname": f.Label, "value": f.Value})
	}
	var buttons []map[string]any
	for _, b := range card.Buttons {
		btn := map[string]any{"text": b.Text, "style": buttonStyle(b.Style)}
		switch {
		case b.Action != nil:
			if b.Action.Recipient.Type != platform.IDUserID || b.Action.Recipient.ID != touser[0] {
				return nil, fmt.Errorf("card button %q: its action is for %s, the card goes to %s", b.Text, b.Action.Recipient, touser[0])
			}
			sealed, err := c.actions.Seal(callback.ActionApp(c.corpID, c.agentID), *b.Action)
			if err != nil {
				return nil, fmt.Errorf("card button %q: %w", b.Text, err)
			}
			k, err := json.Marshal(sealed)
			if err != nil {
				return nil, err
			}
			if len(k) > maxButtonKey {
				return nil, fmt.Errorf("card button %q: its key is %d bytes, WeCom takes %d: %w", b.Text, len(k), maxButtonKey, platform.ErrContentTooLarge)
			}
			btn["key"] = string(k)
		case b.URL != "":
			btn["type"], btn["url"] = 1, b.URL // 1: 跳转url
		default:
			return nil, fmt.Errorf("card button %q: neither an action nor a link", b.Text)
		}
		buttons = append(buttons, btn)
	}
	return map[string]any{
		"card_type":               "button_interaction",
		"main_title":              map[string]string{"title": card.Title, "desc": card.Text},
		"horizontal_content_list": fields,
		"card_action":             map[string]any{"type": 1, "url": dedupParam(card.Link.URL, key)},
		"task_id":                 taskID(key),
		"button_list":             buttons,
	}, nil
}

// taskID: unique per app, [0-9A-Za-z_-@], ≤ 128 bytes.
func taskID(key string) string {
	sum := sha256.Sum256([]byte("task\x00" + key))
	return "imb-" + hex.EncodeToString(sum[:12])
}

// buttonStyle: "按钮样式，目前可填1~4，不填或错填默认1"; the doc does not
// name the colours, so the primary button takes the default (1) and the
// others 2, which sets them apart.
func buttonStyle(s platform.ButtonStyle) int {
	if s == "" || s == platform.ButtonPrimary {
		return 1
	}
	return 2
}

// DelayedCardUpdate replaces the buttons of a clicked card with the
// outcome (update_template_card with the click's response_code and
// button.replace_name), or the whole card by its to-do form when it is not
// done. token is callback.CardToken (userid and response_code). A used or
// expired response_code (60140) is ErrCallbackTokenInvalid: the engine
// then updates through the code the send returned (UpdateCard).
func (c *Client) DelayedCardUpdate(ctx context.Context, token string, card platform.Card) error {
	user, code, ok := strings.Cut(token, "|")
	if !ok || user == "" || code == "" {
		return fmt.Errorf("wecom: %w", platform.ErrCallbackTokenInvalid)
	}
	agent, err := strconv.Atoi(c.agentID)
	if err != nil {
		return errors.New("wecom: updating cards needs the app's AgentId")
	}
	body := map[string]any{"userids": []string{user}, "agentid": agent, "response_code": code}
	switch {
	case card.Done != nil:
		body["button"] = map[string]string{"replace_name": card.Done.Outcome}
	case card.Link != nil:
		body["template_card"] = todoCard(card, card.Link.URL, token)
	default:
		return fmt.Errorf("wecom: %w", platform.ErrNotUpdatable)
	}
	err = c.do(ctx, APIUpdateCard, nil, body, nil)
	var pe *platform.Error
	if errors.As(err, &pe) && pe.Code == 60140 {
		return fmt.Errorf("%w: %w", err, platform.ErrCallbackTokenInvalid)
	}
	return err
}
