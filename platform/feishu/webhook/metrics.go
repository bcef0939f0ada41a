package webhook

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Outcomes of a callback request, the values of the outcome label. The set
// is fixed so the label cannot grow with attacker input.
const (
	outcomeDelivered     = "delivered"
	outcomeDuplicate     = "duplicate"
	outcomeChallenge     = "challenge"
	outcomeTooLarge      = "too_large"
	outcomeUnknownApp    = "unknown_app"
	outcomeMalformed     = "malformed"
	outcomeBadSignature  = "bad_signature"
	outcomeBadToken      = "bad_token"
	outcomeStale         = "stale"
	outcomeAppMismatch   = "app_mismatch"
	outcomeDeliverFailed = "deliver_failed"
	outcomeError         = "error"
	outcomeMethod        = "method_not_allowed"
	outcomeIgnoredV1     = "ignored_v1"          // an authenticated v1-schema event, answered 200 and dropped
	outcomeCardAction    = "card_action"         // a verified card click handed to OnCardAction
	outcomeCardRefused   = "card_action_refused" // a forged value or a click by someone else, answered with a toast
)

var eventsTotal = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "imbridge_feishu_events_total",
	Help: "Feishu event callbacks received, by outcome (delivered, duplicate, challenge, or why they were refused).",
}, []string{"outcome"})
