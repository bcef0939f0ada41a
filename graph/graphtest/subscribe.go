package graphtest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

// Subscription is a graphql-transport-ws subscription, spoken the way the
// npm graphql-ws client speaks it.
type Subscription struct {
	conn   *websocket.Conn
	ctx    context.Context
	cancel context.CancelFunc
}

// message is a graphql-transport-ws frame.
type message struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Subscribe opens a WebSocket, authenticates in connection_init (Bearer
// token in the payload, or the session cookie on the upgrade), and starts
// the subscription. It returns the close error if the server refuses.
func (c *Caller) Subscribe(query string, vars map[string]any) (*Subscription, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	h := http.Header{}
	init := map[string]any{}
	if c.bearer != "" {
		init["Authorization"] = "Bearer " + c.bearer
	}
	if c.cookie != nil {
		h.Set("Cookie", c.cookie.Name+"="+c.cookie.Value)
	}
	if c.Tenant != "" {
		init["tenant"] = c.Tenant
	}
	url := "ws" + strings.TrimPrefix(c.env.Server.URL, "http") + "/query"
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
	if err != nil {
		cancel()
		return nil, err
	}
	s := &Subscription{conn: conn, ctx: ctx, cancel: cancel}
	payload, _ := json.Marshal(init)
	if err := wsjson.Write(ctx, conn, message{Type: "connection_init", Payload: payload}); err != nil {
		s.Close()
		return nil, err
	}
	var ack message
	if err := wsjson.Read(ctx, conn, &ack); err != nil {
		s.Close()
		return nil, err
	}
	if ack.Type != "connection_ack" {
		s.Close()
		return nil, errors.New("expected connection_ack, got " + ack.Type)
	}
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err := wsjson.Write(ctx, conn, message{ID: "1", Type: "subscribe", Payload: body}); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Next returns the next result: data, or the errors of an error frame; done
// is true after the server's complete frame.
func (s *Subscription) Next() (resp Response, done bool, err error) {
	for {
		var m message
		if err := wsjson.Read(s.ctx, s.conn, &m); err != nil {
			return resp, false, err
		}
		switch m.Type {
		case "next":
			err := json.Unmarshal(m.Payload, &resp)
			return resp, false, err
		case "error":
			err := json.Unmarshal(m.Payload, &resp.Errors)
			return resp, false, err
		case "complete":
			return resp, true, nil
		case "ping":
			_ = wsjson.Write(s.ctx, s.conn, message{Type: "pong"})
		}
	}
}

// Close ends the subscription.
func (s *Subscription) Close() {
	_ = s.conn.Close(websocket.StatusNormalClosure, "")
	s.cancel()
}

// CloseStatus is the WebSocket close code of err (-1 if none).
func CloseStatus(err error) int { return int(websocket.CloseStatus(err)) }
