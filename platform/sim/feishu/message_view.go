package feishu

import (
	"encoding/json"
	"html/template"
	"net/http"
	"time"
)

// The demo's window on what the bridge sent: GET /_messages (HTML) and
// GET /_messages.json, under wherever the simulator is mounted (the demo:
// /sim/feishu/_messages). Read-only, newest first, at most viewLimit
// messages. EnableClickForm adds a form per callback button that clicks it
// as the recipient (Click), for trying quick approval by hand; it is off
// unless turned on.

const viewLimit = 500

// viewMessage is one row of the view.
type viewMessage struct {
	ID       string    `json:"id"`
	AppID    string    `json:"app_id"`
	UserID   string    `json:"user_id"`
	Name     string    `json:"name"`
	Type     string    `json:"msg_type"`
	Summary  string    `json:"summary"`
	Content  string    `json:"content"`
	UUID     string    `json:"uuid,omitempty"`
	BatchID  string    `json:"batch_id,omitempty"`
	Sent     time.Time `json:"sent_at"`
	Updates  int       `json:"updates"`
	Recalled bool      `json:"recalled"`
	Buttons  []string  `json:"-"`
}

// EnableClickForm serves (or stops serving) the view's click forms.
func (s *Server) EnableClickForm(on bool) {
	st := &s.msgs
	st.mu.Lock()
	defer st.mu.Unlock()
	st.clicksOpen = on
}

// serveMessageView answers the view's paths; false for any other request.
func (s *Server) serveMessageView(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.URL.Path == "/_messages" && r.Method == http.MethodGet:
		s.renderView(w, false)
	case r.URL.Path == "/_messages.json" && r.Method == http.MethodGet:
		s.renderView(w, true)
	case r.URL.Path == "/_messages/click" && r.Method == http.MethodPost:
		s.clickForm(w, r)
	default:
		return false
	}
	return true
}

func (s *Server) viewRows() ([]viewMessage, bool) {
	st := &s.msgs
	st.mu.Lock()
	all := st.all
	if len(all) > viewLimit {
		all = all[len(all)-viewLimit:]
	}
	copies := make([]Message, len(all))
	for i, m := range all {
		copies[i] = *m
	}
	open := st.clicksOpen
	st.mu.Unlock()
	rows := make([]viewMessage, 0, len(copies))
	for i := len(copies) - 1; i >= 0; i-- {
		m := copies[i]
		row := viewMessage{ID: m.ID, AppID: m.AppID, UserID: m.UserID, Type: m.MsgType, Content: m.Content,
			UUID: m.UUID, BatchID: m.BatchID, Sent: m.CreatedAt, Updates: m.Updates, Recalled: m.Recalled}
		if u, ok := s.org.User(m.UserID); ok {
			row.Name = u.Name
		}
		row.Summary, row.Buttons = summarize(m.MsgType, m.Content)
		rows = append(rows, row)
	}
	return rows, open
}

// summarize is a one-line reading of a content: the text, the post's
// title, the card's title; and the card's callback buttons.
func summarize(msgType, content string) (string, []string) {
	var v map[string]any
	if json.Unmarshal([]byte(content), &v) != nil {
		return "", nil
	}
	switch msgType {
	case "text":
		s, _ := v["text"].(string)
		return s, nil
	case "post":
		for _, l := range v {
			if lm, _ := l.(map[string]any); lm != nil {
				s, _ := lm["title"].(string)
				return s, nil
			}
		}
	case "interactive":
		title := ""
		if h, _ := v["header"].(map[string]any); h != nil {
			if t, _ := h["title"].(map[string]any); t != nil {
				title, _ = t["content"].(string)
			}
		}
		var buttons []string
		var walk func(any)
		walk = func(x any) {
			switch y := x.(type) {
			case map[string]any:
				if y["tag"] == "button" && y["value"] != nil {
					if t, _ := y["text"].(map[string]any); t != nil {
						if c, _ := t["content"].(string); c != "" {
							buttons = append(buttons, c)
						}
					}
				}
				for _, c := range y {
					walk(c)
				}
			case []any:
				for _, c := range y {
					walk(c)
				}
			}
		}
		walk(v)
		return title, buttons
	}
	return "", nil
}

var viewPage = template.Must(template.New("messages").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Feishu simulator · messages</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
.gone{color:#999;text-decoration:line-through}code{font-size:12px;color:#555}</style></head>
<body><h1>Messages sent through the simulator</h1>
<p>{{len .Rows}} most recent, newest first. JSON: <a href="_messages.json">_messages.json</a></p>
<table><tr><th>sent</th><th>to</th><th>type</th><th>message</th><th>updates</th><th>ids</th></tr>
{{range .Rows}}<tr{{if .Recalled}} class="gone"{{end}}>
<td>{{.Sent.Format "2006-01-02 15:04:05"}}</td><td>{{.Name}} <code>{{.UserID}}</code></td><td>{{.Type}}</td>
<td>{{.Summary}}{{if $.Clicks}}{{$m := .}}{{range .Buttons}}
<form method="post" action="_messages/click" style="display:inline"><input type="hidden" name="message" value="{{$m.ID}}">
<input type="hidden" name="user" value="{{$m.UserID}}"><button name="button" value="{{.}}">{{.}}</button></form>{{end}}{{end}}</td>
<td>{{.Updates}}</td><td><code>{{.ID}}</code>{{if .UUID}}<br><code>uuid {{.UUID}}</code>{{end}}</td></tr>
{{end}}</table></body></html>`))

func (s *Server) renderView(w http.ResponseWriter, asJSON bool) {
	rows, clicks := s.viewRows()
	w.Header().Set("Cache-Control", "no-store")
	if asJSON {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_ = json.NewEncoder(w).Encode(map[string]any{"messages": rows})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = viewPage.Execute(w, map[string]any{"Rows": rows, "Clicks": clicks})
}

// clickForm clicks a button as the message's recipient, then shows the view.
func (s *Server) clickForm(w http.ResponseWriter, r *http.Request) {
	st := &s.msgs
	st.mu.Lock()
	open := st.clicksOpen
	st.mu.Unlock()
	if !open {
		http.Error(w, "click form disabled", http.StatusForbidden)
		return
	}
	id, user, button := r.FormValue("message"), r.FormValue("user"), r.FormValue("button")
	if m, ok := s.Message(id); !ok || m.UserID != user {
		http.Error(w, "no such message for this user", http.StatusBadRequest)
		return
	}
	res, err := s.Click(r.Context(), id, user, button)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !res.OK() {
		http.Error(w, "the bridge did not answer the callback with 200: "+res.Err, http.StatusBadGateway)
		return
	}
	http.Redirect(w, r, "../_messages", http.StatusSeeOther)
}
