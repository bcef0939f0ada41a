package platform

import (
	"errors"
	"fmt"
	"net/url"
	"time"
)

// CardKind chooses a card's layout; each adapter renders it in its
// platform's card format.
type CardKind string

// Card kinds (seed 003 §3.2).
const (
	// CardGeneric is the OA's card: its title, text, fields and buttons.
	CardGeneric CardKind = "generic"
	// CardTodo is a to-do (待办): title, fields, a 处理 link to the OA and,
	// with quick approval, 同意 / 拒绝 buttons. With Done set it shows as
	// done (已办): greyed, without buttons, the outcome shown.
	CardTodo CardKind = "todo"
)

// Card is an interactive card, platform-neutral. Cards are sent so that
// they can be updated later (Feishu config.update_multi).
type Card struct {
	Kind   CardKind
	Title  string // required; the chat list shows it as the preview
	Text   string // body text, plain; optional
	Fields []CardField
	// Link is the main button: it opens the OA page (a to-do's 处理).
	Link    *Link
	Buttons []CardButton
	// Done turns the card into its done form: buttons removed, the outcome
	// shown. Set it when completing a to-do.
	Done *CardDone
}

// CardField is one label/value pair; Short ones are laid out two a row.
type CardField struct {
	Label, Value string
	Short        bool
}

// ButtonStyle is a button's emphasis.
type ButtonStyle string

// Button styles.
const (
	ButtonDefault ButtonStyle = "default"
	ButtonPrimary ButtonStyle = "primary"
	ButtonDanger  ButtonStyle = "danger"
)

// CardButton opens URL or, with Action, calls the bridge back with the
// action's value (signed by the adapter: see ActionSigner).
type CardButton struct {
	Text   string
	Style  ButtonStyle // "" = default
	URL    string
	Action *ActionValue
}

// CardDone is the outcome a done card shows.
type CardDone struct {
	Outcome string    // e.g. "已同意", "已拒绝", "已处理"
	By      string    // who decided (a display name), optional
	At      time.Time // when, optional
}

// Decisions of quick approval.
const (
	DecisionApprove = "approve"
	DecisionReject  = "reject"
)

// QuickApproval is the to-do's 同意 / 拒绝 pair for one delivery: message
// is the engine's key of the message, to the recipient it is sent to.
func QuickApproval(message string, to Recipient) []CardButton {
	return []CardButton{
		{Text: "同意", Style: ButtonPrimary, Action: &ActionValue{Message: message, Recipient: to, Decision: DecisionApprove}},
		{Text: "拒绝", Style: ButtonDanger, Action: &ActionValue{Message: message, Recipient: to, Decision: DecisionReject}},
	}
}

// Check refuses a card missing what every layout needs, naming the field.
func (c Card) Check() error {
	switch c.Kind {
	case CardGeneric, CardTodo:
	default:
		return fmt.Errorf("card kind %q is not generic or todo", c.Kind)
	}
	if c.Title == "" {
		return errors.New("card title is required")
	}
	if c.Link != nil {
		if err := CheckURL("card link", c.Link.URL); err != nil {
			return err
		}
	}
	for i, b := range c.Buttons {
		switch {
		case b.Text == "":
			return fmt.Errorf("card button %d: the text is required", i+1)
		case (b.URL == "") == (b.Action == nil):
			return fmt.Errorf("card button %q: give either a URL or an action", b.Text)
		case b.URL != "":
			if err := CheckURL(fmt.Sprintf("card button %q", b.Text), b.URL); err != nil {
				return err
			}
		case b.Action != nil:
			if err := b.Action.Check(); err != nil {
				return fmt.Errorf("card button %q: %w", b.Text, err)
			}
		}
		switch b.Style {
		case "", ButtonDefault, ButtonPrimary, ButtonDanger:
		default:
			return fmt.Errorf("card button %q: style %q is not default, primary or danger", b.Text, b.Style)
		}
	}
	return nil
}

// CheckURL accepts an absolute http or https URL with a host: what a
// person's client may open from a message. field names the input.
func CheckURL(field, raw string) error {
	if raw == "" {
		return fmt.Errorf("%s: the URL is required", field)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s: %q is not an absolute http(s) URL", field, raw)
	}
	return nil
}
