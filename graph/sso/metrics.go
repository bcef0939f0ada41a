package sso

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// loginsTotal counts logins per corp (issue 10 item 7). The corp label is
// the id of a corp the flow found in the database, never a value a caller
// sent unchecked; outcome is one of ticket (a ticket went to the OA),
// redeemed, refused, bound (a binding made at login) and console.
var loginsTotal = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "imbridge_sso_logins_total",
	Help: "QR-code logins, by corp and outcome (ticket, redeemed, refused, bound, console).",
}, []string{"corp", "outcome"})
