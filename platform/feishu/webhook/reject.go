package webhook

import (
	"encoding/json"
	"net/http"
)

// rejection is why a request is refused: the status and metric outcome, and
// a detail for the log only. The response body is derived from the status
// alone, so it can never carry the detail, a secret or decrypted data.
type rejection struct {
	status  int
	outcome string
	detail  string
	err     error // internal cause, logged; never sent
}

func reject(status int, outcome, detail string) *rejection {
	return &rejection{status: status, outcome: outcome, detail: detail}
}

func internal(detail string, err error) *rejection {
	return &rejection{status: http.StatusInternalServerError, outcome: outcomeError, detail: detail, err: err}
}

func malformed(detail string) *rejection {
	return reject(http.StatusBadRequest, outcomeMalformed, detail)
}

// publicMessage is the whole response body of a refusal.
func publicMessage(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "malformed request"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "unknown app"
	case http.StatusMethodNotAllowed:
		return "method not allowed"
	case http.StatusRequestEntityTooLarge:
		return "request body too large"
	default:
		return "internal error"
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeRejection(w http.ResponseWriter, rj *rejection) {
	writeJSON(w, rj.status, map[string]string{"error": publicMessage(rj.status)})
}
