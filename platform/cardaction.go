package platform

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ActionValue is what a card button carries back when clicked: which
// message (the engine's key), for whom, and the decision. The adapter puts
// it in the button signed (ActionSigner), and the callback handler opens
// and verifies it, so a click names only what the bridge itself sent.
type ActionValue struct {
	Message   string
	Recipient Recipient
	Decision  string // DecisionApprove, DecisionReject, or an OA button's own key
}

// Check refuses a value missing a field.
func (v ActionValue) Check() error {
	if v.Message == "" || v.Decision == "" {
		return errors.New("action: the message and the decision are required")
	}
	return v.Recipient.Check()
}

// CardAction is a verified click on a card button, handed to the engine.
type CardAction struct {
	EventID string // the callback's id (Feishu header.event_id)
	AppID   string // the platform's app id (Feishu cli_…)
	// Operator is who clicked. The handler has checked it is the value's
	// recipient (a forwarded card clicked by someone else is refused).
	Operator  Operator
	MessageID string // the card's message (Feishu open_message_id)
	// Token updates the clicked card later (DelayedCardUpdate). Feishu: 30
	// minutes, 2 uses, and only after the callback was answered.
	Token string
	Value ActionValue
	At    time.Time
}

// Operator is the person who clicked, in every id type the platform gave.
type Operator struct {
	OpenID, UserID, UnionID string
}

// Is says whether the operator is r (compared by r's id type; an id type
// the platform did not send never matches).
func (o Operator) Is(r Recipient) bool {
	var id string
	switch r.Type {
	case IDOpenID:
		id = o.OpenID
	case IDUserID:
		id = o.UserID
	case IDUnionID:
		id = o.UnionID
	}
	return id != "" && id == r.ID
}

// ToastKind is how a toast shows.
type ToastKind string

// Toast kinds (Feishu toast.type).
const (
	ToastInfo    ToastKind = "info"
	ToastSuccess ToastKind = "success"
	ToastWarning ToastKind = "warning"
	ToastError   ToastKind = "error"
)

// CardActionReply is the immediate answer to a click: a toast, or nothing.
type CardActionReply struct {
	Toast string
	Kind  ToastKind
}

// ActionSigner seals action values into card buttons and opens them from
// callbacks: an HMAC-SHA256 over the app id and every field, so a value
// cannot be forged, altered or moved to another app. It is safe for
// concurrent use.
type ActionSigner struct{ key []byte }

// MinActionKeyBytes is the least key material NewActionSigner accepts.
const MinActionKeyBytes = 32

// NewActionSigner derives the MAC key from secret (for example the
// installation's secret key): a key of its own, so no other use of the
// secret shares it. Every process of an installation must use the same
// secret, or clicks on cards another process sent are refused.
func NewActionSigner(secret []byte) (*ActionSigner, error) {
	if len(secret) < MinActionKeyBytes {
		return nil, fmt.Errorf("action signer: the secret has %d bytes, at least %d are required", len(secret), MinActionKeyBytes)
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("imbridge card action key v1"))
	return &ActionSigner{key: m.Sum(nil)}, nil
}

// sealedAction is the wire form in a button's value (compact: a card
// holds at most 30 KB on Feishu). The app id is signed, not sent: the
// callback names the app itself.
type sealedAction struct {
	Version  int    `json:"v"`
	Message  string `json:"m"`
	Type     IDType `json:"t"`
	ID       string `json:"r"`
	Decision string `json:"d"`
	MAC      string `json:"s"`
}

const actionVersion = 1

func (s *ActionSigner) mac(app string, v ActionValue) string {
	m := hmac.New(sha256.New, s.key)
	var n [binary.MaxVarintLen64]byte
	for _, f := range []string{app, v.Message, string(v.Recipient.Type), v.Recipient.ID, v.Decision} {
		m.Write(n[:binary.PutUvarint(n[:], uint64(len(f)))])
		m.Write([]byte(f))
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Seal returns the value to put in a button of a card sent by app.
func (s *ActionSigner) Seal(app string, v ActionValue) (map[string]any, error) {
	if err := v.Check(); err != nil {
		return nil, err
	}
	return map[string]any{"v": actionVersion, "m": v.Message, "t": v.Recipient.Type, "r": v.Recipient.ID,
		"d": v.Decision, "s": s.mac(app, v)}, nil
}

// ErrActionForged is Open's answer for a value the bridge did not seal
// for this app (altered, forged, another app's, another key's).
var ErrActionForged = errors.New("card action value is not one the bridge signed for this app")

// Open verifies a button value from a callback of app and returns it.
func (s *ActionSigner) Open(app string, raw json.RawMessage) (ActionValue, error) {
	var w sealedAction
	if err := json.Unmarshal(raw, &w); err != nil || w.Version != actionVersion || w.MAC == "" {
		return ActionValue{}, ErrActionForged
	}
	v := ActionValue{Message: w.Message, Recipient: Recipient{Type: w.Type, ID: w.ID}, Decision: w.Decision}
	if v.Check() != nil || !hmac.Equal([]byte(w.MAC), []byte(s.mac(app, v))) {
		return ActionValue{}, ErrActionForged
	}
	return v, nil
}
