package wecom

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"imbridge/platform/wecom/callback"
)

// pusher delivers change_contact events (通讯录回调通知, path/90970) to
// the apps with a callback URL, encrypted and signed as WeCom does, in
// order, retrying a failed push (WeCom retries 3 times when it gets no
// answer within 5 s).
type pusher struct {
	s     *Server
	queue chan Change
	done  chan struct{}
	once  sync.Once
	hc    *http.Client

	mu        sync.Mutex
	delivered int
	failed    int
}

func newPusher(s *Server) *pusher {
	p := &pusher{s: s, queue: make(chan Change, 4096), done: make(chan struct{}), hc: &http.Client{Timeout: 5 * time.Second}}
	go p.run()
	return p
}

func (p *pusher) push(c Change) {
	select {
	case p.queue <- c:
	case <-p.done:
	}
}

func (p *pusher) close() { p.once.Do(func() { close(p.done) }) }

func (p *pusher) run() {
	for {
		select {
		case c := <-p.queue:
			p.deliver(c)
		case <-p.done:
			return
		}
	}
}

type cdata struct {
	Text string `xml:",cdata"`
}

// eventXML is the plaintext of a change_contact event.
type eventXML struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName cdata    `xml:"ToUserName"`
	FromUser   cdata    `xml:"FromUserName"`
	CreateTime int64    `xml:"CreateTime"`
	MsgType    cdata    `xml:"MsgType"`
	Event      cdata    `xml:"Event"`
	ChangeType cdata    `xml:"ChangeType"`
	UserID     *cdata   `xml:"UserID,omitempty"`
	Name       *cdata   `xml:"Name,omitempty"`
	Position   *cdata   `xml:"Position,omitempty"`
	ID         int      `xml:"Id,omitempty"`
}

// envelopeXML is what is POSTed: the encrypted event.
type envelopeXML struct {
	XMLName    xml.Name `xml:"xml"`
	ToUserName cdata    `xml:"ToUserName"`
	AgentID    cdata    `xml:"AgentID"`
	Encrypt    cdata    `xml:"Encrypt"`
}

// Delivered and Failed count pushes.
func (s *Server) Delivered() (delivered, failed int) {
	s.events.mu.Lock()
	defer s.events.mu.Unlock()
	return s.events.delivered, s.events.failed
}

func (p *pusher) deliver(c Change) {
	p.s.mu.Lock()
	var apps []App
	for _, a := range p.s.apps {
		if a.CallbackURL != "" {
			apps = append(apps, *a)
		}
	}
	p.s.mu.Unlock()
	ev := eventXML{ToUserName: cdata{p.s.org.CorpID}, FromUser: cdata{"sys"}, CreateTime: p.s.now().Unix(),
		MsgType: cdata{"event"}, Event: cdata{"change_contact"}, ChangeType: cdata{c.ChangeType}, ID: c.PartyID}
	if c.UserID != "" {
		ev.UserID = &cdata{c.UserID}
	}
	if c.Name != "" {
		ev.Name = &cdata{c.Name}
	}
	if c.Position != "" {
		ev.Position = &cdata{c.Position}
	}
	plain, _ := xml.Marshal(ev)
	for _, a := range apps {
		ok := false
		for attempt := 0; attempt < 4 && !ok; attempt++ {
			if attempt > 0 {
				select {
				case <-time.After(time.Duration(attempt) * 100 * time.Millisecond):
				case <-p.done:
					return
				}
			}
			ok = p.post(a, plain) == nil
		}
		p.mu.Lock()
		if ok {
			p.delivered++
		} else {
			p.failed++
		}
		p.mu.Unlock()
	}
}

// Post pushes one plaintext event to an app's callback as WeCom would
// (tests use it for other event types, e.g. living_status_change).
func (s *Server) Post(secret string, plain []byte) (int, error) {
	s.mu.Lock()
	a := s.apps[secret]
	s.mu.Unlock()
	if a == nil {
		return 0, fmt.Errorf("no app with that secret")
	}
	return s.events.postStatus(*a, plain)
}

func (p *pusher) post(a App, plain []byte) error {
	status, err := p.postStatus(a, plain)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("HTTP %d", status)
	}
	return err
}

func (p *pusher) postStatus(a App, plain []byte) (int, error) {
	c, err := callback.New(a.Token, a.EncodingAESKey, p.s.org.CorpID)
	if err != nil {
		return 0, err
	}
	enc, err := c.Encrypt(plain)
	if err != nil {
		return 0, err
	}
	body, _ := xml.Marshal(envelopeXML{ToUserName: cdata{p.s.org.CorpID}, AgentID: cdata{strconv.Itoa(a.AgentID)}, Encrypt: cdata{enc}})
	ts := strconv.FormatInt(p.s.now().Unix(), 10)
	nonce := strconv.FormatInt(time.Now().UnixNano()%1e10, 10)
	q := url.Values{"msg_signature": {callback.Signature(a.Token, ts, nonce, enc)}, "timestamp": {ts}, "nonce": {nonce}}
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, a.CallbackURL+"?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// VerifyCallback does what WeCom does when an admin saves the callback
// URL: a GET with an encrypted echostr, expecting it back decrypted.
func (s *Server) VerifyCallback(secret string) error {
	s.mu.Lock()
	a := s.apps[secret]
	s.mu.Unlock()
	if a == nil || a.CallbackURL == "" {
		return fmt.Errorf("no callback URL for that app")
	}
	c, err := callback.New(a.Token, a.EncodingAESKey, s.org.CorpID)
	if err != nil {
		return err
	}
	want := strconv.FormatInt(time.Now().UnixNano(), 10)
	enc, _ := c.Encrypt([]byte(want))
	ts := strconv.FormatInt(s.now().Unix(), 10)
	q := url.Values{"msg_signature": {callback.Signature(a.Token, ts, "1597212914", enc)}, "timestamp": {ts}, "nonce": {"1597212914"}, "echostr": {enc}}
	resp, err := http.Get(a.CallbackURL + "?" + q.Encode())
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(got) != want {
		return fmt.Errorf("callback verification failed: HTTP %d", resp.StatusCode)
	}
	return nil
}
