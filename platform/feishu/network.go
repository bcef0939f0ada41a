package feishu

import (
	"errors"
	"net/url"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"

	"imbridge/platform/egress"
)

// NetworkFailure says whether err means the platform was not reached at
// all (DNS, connect, TLS, timeout, proxy), and names the host and the
// step. The egress client reports most of them as an *egress.Failure; the
// SDK turns a client timeout and a dial failure into string-only errors
// (larkcore.ClientTimeoutError, DialFailedError), which are mapped here
// with the host of base, the URL the calls go to.
func NetworkFailure(err error, base string) (*egress.Failure, bool) {
	if f, ok := egress.AsFailure(err); ok {
		return f, true
	}
	var (
		ct *larkcore.ClientTimeoutError
		df *larkcore.DialFailedError
	)
	host := base
	if u, perr := url.Parse(base); perr == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	switch {
	case errors.As(err, &ct):
		return &egress.Failure{Host: host, Cause: egress.CauseTimeout, Err: err}, true
	case errors.As(err, &df):
		return &egress.Failure{Host: host, Cause: egress.CauseConnect, Err: err}, true
	}
	return nil, false
}
