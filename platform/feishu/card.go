package feishu

import (
	"errors"
	"strings"

	larkcard "github.com/larksuite/oapi-sdk-go/v3/card"

	"imbridge/platform"
)

// Cards: a platform.Card rendered as a Feishu card (JSON 1.0, built with
// the SDK's own larkcard types). Every card is shared — config.update_multi
// true — because message/patch updates only cards that declare it both
// before and after the update; a card with buttons that call back cannot
// be forwarded (config.enable_forward false), since a click by anyone but
// its recipient is refused anyway. Text from the OA is plain_text, never
// lark_md, so it cannot turn into links or markup. The look of each kind is
// in card_kinds.go.

// ErrNoActionSigner: a card has buttons that call back and the client was
// built without Params.Actions.
var ErrNoActionSigner = errors.New("feishu card: buttons that call back need Params.Actions (the action signer)")

// RenderCard renders a card as this app's Feishu card JSON: what Send,
// UpdateCard and DelayedCardUpdate send, and what a console preview can
// show. The card must pass platform.Card.Check and be at most 30 KB
// (ErrContentTooLarge, naming the size).
func (c *Client) RenderCard(card platform.Card) (string, error) {
	if err := card.Check(); err != nil {
		return "", errRefused("card", "%v", err)
	}
	look := looks[card.Kind]
	done := card.Done != nil
	var elems []larkcard.MessageCardElement
	if card.Text != "" {
		elems = append(elems, larkcard.NewMessageCardDiv().Text(plain(card.Text)).Build())
	}
	if len(card.Fields) > 0 {
		fields := make([]*larkcard.MessageCardField, 0, len(card.Fields))
		for _, f := range card.Fields {
			fields = append(fields, larkcard.NewMessageCardField().IsShort(f.Short).Text(plain(f.Label+"："+f.Value)).Build())
		}
		elems = append(elems, larkcard.NewMessageCardDiv().Fields(fields).Build())
	}
	callsBack := false
	if done {
		elems = append(elems, larkcard.NewMessageCardHr().Build(),
			larkcard.NewMessageCardNote().Elements([]larkcard.MessageCardNoteElement{plain(outcome(*card.Done))}).Build())
	} else {
		actions, calls, err := c.buttons(card, look)
		if err != nil {
			return "", err
		}
		callsBack = calls
		if len(actions) > 0 {
			elems = append(elems, larkcard.NewMessageCardAction().Actions(actions).Build())
		}
	}
	template, prefix := look.template, look.prefix
	if done {
		template, prefix = larkcard.TemplateGrey, look.donePrefix
	}
	cfg := larkcard.NewMessageCardConfig().UpdateMulti(true).WideScreenMode(true)
	if callsBack {
		cfg.EnableForward(false)
	}
	out, err := larkcard.NewMessageCard().Config(cfg.Build()).
		Header(larkcard.NewMessageCardHeader().Template(template).Title(plain(prefix + card.Title)).Build()).
		Elements(elems).Build().String()
	if err != nil {
		return "", errRefused("card", "encoding: %v", err)
	}
	if len(out) > maxCardBytes {
		return "", tooLarge("card", "card", len(out), maxCardBytes)
	}
	return out, nil
}

// buttons renders the link and the buttons; calls says whether any calls
// back.
func (c *Client) buttons(card platform.Card, look cardLook) ([]larkcard.MessageCardActionElement, bool, error) {
	var out []larkcard.MessageCardActionElement
	calls := false
	if card.Link != nil {
		text := card.Link.Text
		if text == "" {
			text = look.linkText
		}
		style := larkcard.MessageCardButtonTypePrimary
		if hasActions(card.Buttons) {
			style = larkcard.MessageCardButtonTypeDefault
		}
		out = append(out, larkcard.NewMessageCardEmbedButton().Text(plain(text)).Url(card.Link.URL).Type(style).Build())
	}
	for _, b := range card.Buttons {
		btn := larkcard.NewMessageCardEmbedButton().Text(plain(b.Text)).Type(buttonType(b.Style))
		if b.Action == nil {
			out = append(out, btn.Url(b.URL).Build())
			continue
		}
		if c.actions == nil {
			return nil, false, ErrNoActionSigner
		}
		v, err := c.actions.Seal(c.appID, *b.Action)
		if err != nil {
			return nil, false, errRefused("card", "button %q: %v", b.Text, err)
		}
		out = append(out, btn.Value(v).Build())
		calls = true
	}
	return out, calls, nil
}

func hasActions(bs []platform.CardButton) bool {
	for _, b := range bs {
		if b.Action != nil {
			return true
		}
	}
	return false
}

func buttonType(s platform.ButtonStyle) larkcard.MessageCardButtonType {
	switch s {
	case platform.ButtonPrimary:
		return larkcard.MessageCardButtonTypePrimary
	case platform.ButtonDanger:
		return larkcard.MessageCardButtonTypeDanger
	}
	return larkcard.MessageCardButtonTypeDefault
}

func plain(s string) *larkcard.MessageCardPlainText {
	return larkcard.NewMessageCardPlainText().Content(s).Build()
}

// outcome is the done card's note: "已同意 · 张三 · 2025-03-01 09:30".
func outcome(d platform.CardDone) string {
	parts := []string{d.Outcome}
	if d.By != "" {
		parts = append(parts, d.By)
	}
	if !d.At.IsZero() {
		parts = append(parts, d.At.In(beijing).Format("2006-01-02 15:04"))
	}
	return strings.Join(parts, " · ")
}
