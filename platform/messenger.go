package platform

import (
	"context"
	"errors"
	"fmt"
)

// Messenger delivers messages to people through one IM app (a Feishu app's
// bot, a WeCom agent): the platform side of push (issue 9). The push engine
// sees a platform only through it; the adapter documents, per method, the
// endpoint, fields, limits and the platform's refusal codes.
//
// # Recipients
//
// A Recipient is an id of the type the app can resolve. Feishu: open_id is
// per app (the same person has another open_id in every app), user_id is
// per tenant and union_id per developer. A user mirrored through app A is
// therefore addressed through app B by user_id or union_id, never by A's
// open_id; within one app the engine uses one id type per recipient, so
// the per-recipient pacing counts every message to that person.
//
// # Idempotency
//
// Send takes the delivery's idempotency key (stable across retries and
// restarts of the same delivery, different for different deliveries) and
// sends the platform a dedup id derived from it (Feishu uuid): a send
// retried after a lost reply or a killed worker returns the first
// message instead of sending a second one, within the platform's window
// (Feishu: 1 hour). Beyond that window the engine's delivery record is
// the only memory of what was sent. UpdateCard sets absolute content and
// Recall finds an already recalled message done, so repeating either
// changes nothing. SendBatch has no platform dedup (Feishu batch_send has
// no uuid): it is never retried once a request may have reached the
// platform, and an unknown outcome is ErrUnconfirmed.
//
// # Errors
//
// A refusal is *Error with the platform's code and class (errors.As);
// a refusal with a meaning the engine acts on also matches one of the
// sentinel errors below (errors.Is). An input the adapter can tell is
// wrong before calling (no key, no recipient, content over the size
// limit) is an error naming the field, and nothing is sent.
type Messenger interface {
	// Send sends one message to one person and returns the platform's
	// message id, which UpdateCard and Recall take.
	Send(ctx context.Context, m Message) (Sent, error)
	// SendBatch sends one text or rich-text message to many people at once
	// (Feishu: at most MaxBatchRecipients ids per id type, delivered
	// asynchronously). Batch messages cannot be updated later: to-dos and
	// cards go through Send.
	SendBatch(ctx context.Context, b Batch) (BatchSent, error)
	// UpdateCard replaces the content of a card sent by Send (a to-do
	// turned done). ErrTooLate when the platform's window has passed
	// (Feishu: 14 days), ErrMessageGone when it was recalled.
	UpdateCard(ctx context.Context, messageID string, c Card) error
	// Recall withdraws a message (Send's or SendBatch's id). Recalling a
	// recalled message succeeds.
	Recall(ctx context.Context, messageID string) error
	// DelayedCardUpdate replaces the card a person clicked, with the token
	// of that click (CardAction.Token), after the callback was answered.
	// ErrCallbackTokenInvalid when the token expired or was used up: the
	// engine then falls back to UpdateCard.
	DelayedCardUpdate(ctx context.Context, token string, c Card) error
}

// IDType is the kind of id a Recipient carries.
type IDType string

// Recipient id types (Feishu receive_id_type).
const (
	IDOpenID  IDType = "open_id"  // per app
	IDUserID  IDType = "user_id"  // per tenant (Feishu needs the field permission 获取用户 user ID)
	IDUnionID IDType = "union_id" // per developer
)

// Valid says whether t is one of the id types.
func (t IDType) Valid() bool { return t == IDOpenID || t == IDUserID || t == IDUnionID }

// Recipient is one person, by an id of a type the app resolves.
type Recipient struct {
	Type IDType
	ID   string
}

func (r Recipient) String() string { return string(r.Type) + ":" + r.ID }

// Check refuses an empty id or an unknown type.
func (r Recipient) Check() error {
	if !r.Type.Valid() {
		return fmt.Errorf("recipient %q: id type %q is not open_id, user_id or union_id", r.ID, r.Type)
	}
	if r.ID == "" {
		return fmt.Errorf("recipient: the %s is empty", r.Type)
	}
	return nil
}

// MessageType is what a message shows as.
type MessageType string

// Message types (seed 003 §3.2: 文字, 图文, 待办/卡片).
const (
	MessageText MessageType = "text" // plain text
	MessagePost MessageType = "post" // rich text: title, paragraphs, link (图文)
	MessageCard MessageType = "card" // an interactive card (to-do or the OA's card)
)

// Message is one message to one person. Exactly the content field of its
// Type is used: Text, Post or Card.
type Message struct {
	To   Recipient
	Type MessageType
	Text string
	Post *Post
	Card *Card
	// IdempotencyKey identifies the delivery (for example message id +
	// recipient); required. The same key always sends the same dedup id.
	IdempotencyKey string
}

// Post is rich text (图文): a title, paragraphs of plain text (a paragraph
// may hold line breaks) and an optional link shown as its last line.
type Post struct {
	Title      string
	Paragraphs []string
	Link       *Link
}

// Link is a labelled URL.
type Link struct {
	Text string
	URL  string
}

// Sent is what Send returns.
type Sent struct {
	// MessageID is the platform's id (Feishu om_…).
	MessageID string
}

// MaxBatchRecipients is how many ids of one type a batch may name (Feishu
// batch_send: open_ids, user_ids, union_ids "列表长度不能超过 200").
const MaxBatchRecipients = 200

// Batch is one text or rich-text message to many people.
type Batch struct {
	// To lists the recipients; at most MaxBatchRecipients of each id type.
	To   []Recipient
	Type MessageType // MessageText or MessagePost
	Text string
	Post *Post
}

// BatchSent is what SendBatch returns.
type BatchSent struct {
	// BatchID identifies the batch (Feishu bm-…): Recall takes it.
	BatchID string
	// Invalid are the recipients the platform refused (unknown, resigned,
	// outside the app's availability); the others are sent to.
	Invalid []Recipient
}

// Errors with a meaning the engine acts on; the adapter wraps them with the
// platform's *Error, so errors.Is and errors.As both work.
var (
	// ErrTooLate: the platform's time limit for changing or recalling the
	// message has passed (Feishu: updates within 14 days, recalls within
	// the tenant's recall limit). The engine records the change as too
	// late rather than retrying.
	ErrTooLate = errors.New("the platform's time limit for changing this message has passed")
	// ErrMessageGone: the message was recalled or deleted.
	ErrMessageGone = errors.New("the message was recalled or deleted")
	// ErrNotUpdatable: the message cannot be updated at all (a batch
	// message, not a card, a card not sent as shared).
	ErrNotUpdatable = errors.New("the message cannot be updated")
	// ErrCallbackTokenInvalid: a card callback's token expired, was used
	// up, or is not one (Feishu: 30 minutes, 2 uses).
	ErrCallbackTokenInvalid = errors.New("the card callback token expired, was used up or is malformed")
	// ErrContentTooLarge: the content is over the platform's size limit.
	ErrContentTooLarge = errors.New("the message content is larger than the platform allows")
	// ErrUnconfirmed: a write without platform dedup may or may not have
	// been applied (its reply was lost); repeating it could send twice.
	ErrUnconfirmed = errors.New("the platform may or may not have applied the request")
)
