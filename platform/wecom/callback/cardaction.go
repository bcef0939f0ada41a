package callback

import (
	"context"
	"errors"

	"imbridge/platform"
)

// Quick approval on WeCom (模板卡片, path/90236 and 90240): a to-do is
// sent as a button_interaction template card whose buttons' keys are the
// values the bridge sealed (platform.ActionSigner) for the app, named by
// ActionApp; a click arrives as the template_card_event callback,
// encrypted and signed like every event (verified, de-duplicated and
// timestamp-checked by the handler), with the clicker's userid
// (FromUserName), the button's key (EventKey) and a response_code that
// may update the card once (update_template_card, within 72 hours).
//
// The click is handed to Params.OnCardAction only when the key opens as a
// value sealed for this app and the clicker is the value's recipient;
// otherwise it is logged and answered 200 with nothing (WeCom shows no
// toast to an event's answer). The card is updated later, by the engine,
// through DelayedCardUpdate with the action's Token (userid and
// response_code).

// EventTemplateCard is the Event of a template card click.
const EventTemplateCard = "template_card_event"

// ActionApp names a WeCom app for platform.ActionSigner: a sealed value is
// good for the corp and AgentId it was sent by, and no other.
func ActionApp(corpID, agentID string) string { return "wecom:" + corpID + ":" + agentID }

// CardToken is the Token of a WeCom card action: the member whose card it
// is and the click's response_code (update_template_card needs both).
func CardToken(userID, responseCode string) string { return userID + "|" + responseCode }

// errClickRefused is logged for a click the bridge does not act on.
var errClickRefused = errors.New("wecom card click refused")

// cardAction verifies a template_card_event and hands the click over.
func (h *handler) cardAction(ctx context.Context, keys AppKeys, ev Event) error {
	refuse := func(why string) error {
		h.p.Logger.WarnContext(ctx, "wecom card click refused", "app_id", keys.AppID, "why", why, "err", errClickRefused)
		return nil // answered 200: a retry would be refused the same way
	}
	if ev.EventKey == "" || ev.FromUser == "" || ev.ResponseCode == "" {
		return refuse("template_card_event without EventKey, FromUserName or ResponseCode")
	}
	v, err := h.p.Actions.Open(ActionApp(keys.CorpID, ev.AgentID), []byte(ev.EventKey))
	if err != nil {
		return refuse("button key not sealed for this app")
	}
	op := platform.Operator{UserID: ev.FromUser}
	if !op.Is(v.Recipient) {
		return refuse("clicked by someone other than the card's recipient")
	}
	return h.p.OnCardAction(ctx, keys, platform.CardAction{EventID: ev.ID, AppID: ActionApp(keys.CorpID, ev.AgentID), Operator: op,
		MessageID: ev.TaskID, Token: CardToken(ev.FromUser, ev.ResponseCode), Value: v, At: ev.CreateTime})
}
