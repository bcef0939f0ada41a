package graphtest

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
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
	ops    int // operations started, which numbers the next one
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
	s, err := c.Connect()
	if err != nil {
		return nil, err
	}
	if err := s.Start(query, vars); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Connect opens a WebSocket and authenticates in connection_init, without
// starting an operation (see Start). It returns the close error if the
// server refuses.
func (c *Caller) Connect() (*Subscription, error) {
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
	return s, nil
}

// Start sends an operation (a subscription, query or mutation) on the
// socket; Next reads its results.
func (s *Subscription) Start(query string, vars map[string]any) error {
	s.ops++
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return wsjson.Write(s.ctx, s.conn, message{ID: strconv.Itoa(s.ops), Type: "subscribe", Payload: body})
}

// Do sends a query or mutation on the socket and returns its result, read
// up to the operation's complete frame (one operation at a time).
func (s *Subscription) Do(query string, vars map[string]any) (Response, error) {
	if err := s.Start(query, vars); err != nil {
		return Response{}, err
	}
	resp, done, err := s.Next()
	if err != nil || done {
		return resp, err
	}
	_, done, err = s.Next()
	if err == nil && !done {
		err = errors.New("a second result for a query or mutation")
	}
	return resp, err
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

// Ended reads until the server closes the connection (or the socket's 60 s
// deadline passes) and returns the close code (-1 if the connection failed
// without one) and the results received before.
func (s *Subscription) Ended() (code int, results []Response) {
	for {
		r, done, err := s.Next()
		if err != nil {
			return CloseStatus(err), results
		}
		if !done {
			results = append(results, r)
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
