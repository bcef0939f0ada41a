package webhook

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// maxEventIDLen bounds header.event_id, which becomes part of a Redis key.
// Feishu's ids are 32 hex characters.
const maxEventIDLen = 128

// sealed is the body of an app with an Encrypt Key: {"encrypt":"<base64>"}.
type sealed struct {
	Encrypt *string `json:"encrypt"`
}

const typeURLVerification = "url_verification"

// envelope is a decrypted body: either a url_verification challenge (flat:
// type, challenge, token) or a v2.0 event (reference §4.1), whose event
// stays raw for the consumer, which decodes it by event_type.
type envelope struct {
	Type      string `json:"type"`
	Challenge string `json:"challenge"`
	Token     string `json:"token"`
	UUID      string `json:"uuid"` // v1 events: {"uuid","token","ts","type":"event_callback","event":{…}}

	Schema string `json:"schema"`
	Header struct {
		EventID    string `json:"event_id"`
		EventType  string `json:"event_type"`
		CreateTime string `json:"create_time"` // unix milliseconds, as a string
		Token      string `json:"token"`
		AppID      string `json:"app_id"`
		TenantKey  string `json:"tenant_key"`
	} `json:"header"`
	Event json.RawMessage `json:"event"`
}

// decodeEnvelope reads a decrypted body as a v2.0 event without judging it:
// authentication comes first (checkEnvelopeAuth), the shape after (event).
func decodeEnvelope(plain []byte) (*envelope, *rejection) {
	var env envelope
	if err := json.Unmarshal(plain, &env); err != nil {
		return nil, malformed("envelope is not a JSON object")
	}
	return &env, nil
}

// checkSchema refuses anything but v2.0 before the header is judged; v1
// events are told apart first (isV1) and answered on their own terms.
func (env *envelope) checkSchema() *rejection {
	if env.Schema != "2.0" {
		return malformed("schema is not 2.0")
	}
	return nil
}

// typeEventCallback is the type of a v1 event.
const typeEventCallback = "event_callback"

// isV1 says whether the body is a v1 event (an app still subscribed to the
// old schema): it has no header, its token is at the top level.
func (env *envelope) isV1() bool {
	return env.Schema == "" && env.Type == typeEventCallback && env.UUID != ""
}

// checkV1Auth authenticates a v1 event the way checkEnvelopeAuth does a
// v2.0 one: the verification token, and the app id inside the event.
func checkV1Auth(env *envelope, keys AppKeys) *rejection {
	if !tokenEqual(env.Token, keys.VerificationToken) {
		return reject(http.StatusUnauthorized, outcomeBadToken, "verification token mismatch")
	}
	var ev struct {
		AppID string `json:"app_id"`
	}
	if err := json.Unmarshal(env.Event, &ev); err != nil || keys.FeishuAppID == "" || ev.AppID != keys.FeishuAppID {
		return reject(http.StatusForbidden, outcomeAppMismatch, "event.app_id is not this app")
	}
	return nil
}

// event checks the shape of an authenticated v2.0 event and builds the
// Event handed to Deliver; Raw is the whole decrypted envelope.
func (env *envelope) event(plain []byte) (Event, *rejection) {
	h := env.Header
	if h.EventID == "" || len(h.EventID) > maxEventIDLen {
		return Event{}, malformed("missing or oversized event_id")
	}
	if h.EventType == "" {
		return Event{}, malformed("missing event_type")
	}
	ms, err := strconv.ParseInt(h.CreateTime, 10, 64)
	if err != nil {
		return Event{}, malformed("create_time is not unix milliseconds")
	}
	if len(env.Event) == 0 || string(env.Event) == "null" {
		return Event{}, malformed("missing event")
	}
	return Event{
		ID:          h.EventID,
		Type:        h.EventType,
		CreateTime:  time.UnixMilli(ms),
		TenantKey:   h.TenantKey,
		FeishuAppID: h.AppID,
		Raw:         json.RawMessage(append([]byte(nil), plain...)),
	}, nil
}

// checkEnvelopeAuth ties an authenticated body to the app it was sent to.
// A valid signature proves the sender knows the Encrypt Key; the token and
// app_id checks also catch a body meant for another app that shares a key,
// and are the only authentication in plaintext mode.
func checkEnvelopeAuth(env *envelope, keys AppKeys) *rejection {
	if !tokenEqual(env.Header.Token, keys.VerificationToken) {
		return reject(http.StatusUnauthorized, outcomeBadToken, "verification token mismatch")
	}
	if keys.FeishuAppID == "" || env.Header.AppID != keys.FeishuAppID {
		return reject(http.StatusForbidden, outcomeAppMismatch, "header.app_id is not this app")
	}
	return nil
}
