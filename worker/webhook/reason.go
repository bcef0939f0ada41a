package webhook

import (
	"net/http"
	"strconv"
)

// StatusError is what a failed attempt records and shows of a receiver's
// answer: the HTTP status and a reason classified from it, never the
// answer's body. A receiver may be an internal host (an operator's
// private allow-list, the demo's own address), and a tenant admin could
// otherwise read the start of any internal service's error page through
// "send test" or a delivery's stored error; the body stays with the
// receiver's own logs (docs/oa-webhooks.md, "Answering").
func StatusError(code int) string {
	return "HTTP " + strconv.Itoa(code) + ": " + StatusReason(code)
}

// StatusReason classifies an HTTP status of a receiver's answer.
func StatusReason(code int) string {
	switch {
	case code >= 200 && code < 300:
		return "delivered"
	case code >= 300 && code < 400:
		return "a redirect (not followed): fix the URL"
	case code == http.StatusBadRequest, code == http.StatusUnprocessableEntity:
		return "the receiver refused the request as invalid"
	case code == http.StatusUnauthorized, code == http.StatusForbidden:
		return "the receiver refused the signature or the credentials"
	case code == http.StatusNotFound, code == http.StatusGone:
		return "no receiver at this URL"
	case code == http.StatusMethodNotAllowed:
		return "the URL does not take POST"
	case code == http.StatusRequestTimeout:
		return "the receiver timed out"
	case code == http.StatusConflict:
		return "the receiver refused the event as a conflict"
	case code == http.StatusRequestEntityTooLarge:
		return "the receiver refused the size of the body"
	case code == http.StatusTooManyRequests:
		return "the receiver is throttling"
	case code >= 400 && code < 500:
		return "the receiver refused the request"
	case code == http.StatusBadGateway, code == http.StatusServiceUnavailable, code == http.StatusGatewayTimeout:
		return "the receiver is unavailable"
	case code >= 500:
		return "the receiver failed (server error)"
	}
	return "an unexpected status"
}
