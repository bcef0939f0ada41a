package feishu

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"
)

// Delivery is the log entry of one event push.
type Delivery struct {
	EventID   string
	EventType string
	AppID     string
	URL       string
	Payload   json.RawMessage // the plaintext v2.0 event
	Attempts  int
	Status    int    // HTTP status of the last attempt, 0 = transport error
	Err       string // last transport error
	Delivered bool   // a 2xx was received
	Done      bool   // no more attempts will be made
}

// eventBus delivers pushes one at a time in change order on one goroutine,
// retrying a non-2xx answer with doubling backoff up to maxAttempts. Feishu's
// own retry schedule is unverified (reference §4.1); tests need it short.
type eventBus struct {
	s           *Server
	client      *http.Client
	maxAttempts int
	backoff     time.Duration

	mu      sync.Mutex
	queue   []pending
	log     []*Delivery // entries are updated in place while delivering
	busy    bool
	wake    chan struct{}
	stop    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// pending is a queued push: its log entry and the key to seal it with.
type pending struct {
	d          *Delivery
	encryptKey string
}

func newEventBus(s *Server, cfg Config) *eventBus {
	b := &eventBus{
		s:           s,
		client:      cfg.EventHTTPClient,
		maxAttempts: cfg.EventMaxAttempts,
		backoff:     cfg.EventRetryBackoff,
		wake:        make(chan struct{}, 1),
		stop:        make(chan struct{}),
		stopped:     make(chan struct{}),
	}
	if b.client == nil {
		b.client = &http.Client{Timeout: 5 * time.Second}
	}
	if b.maxAttempts <= 0 {
		b.maxAttempts = 4
	}
	if b.backoff <= 0 {
		b.backoff = 100 * time.Millisecond
	}
	go b.run()
	return b
}

func (b *eventBus) close() {
	b.once.Do(func() { close(b.stop) })
	<-b.stopped
}

// onChange is the Org listener: one delivery per subscribed app.
func (b *eventBus) onChange(ch Change) {
	for _, app := range b.s.subscribers() {
		plain, id, typ := b.s.eventBody(ch, app)
		if plain == nil {
			continue
		}
		d := &Delivery{EventID: id, EventType: typ, AppID: app.ID, URL: app.EventURL, Payload: plain}
		b.mu.Lock()
		b.log = append(b.log, d)
		b.queue = append(b.queue, pending{d: d, encryptKey: app.EncryptKey})
		b.mu.Unlock()
	}
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

func (b *eventBus) run() {
	defer close(b.stopped)
	for {
		b.mu.Lock()
		if len(b.queue) == 0 {
			b.busy = false
			b.mu.Unlock()
			select {
			case <-b.wake:
				continue
			case <-b.stop:
				return
			}
		}
		p := b.queue[0]
		b.queue = b.queue[1:]
		b.busy = true
		d := *p.d
		b.mu.Unlock()
		if !b.deliver(p.d, d, p.encryptKey) {
			return
		}
	}
}

// deliver makes the attempts for one push; false means the bus was stopped.
func (b *eventBus) deliver(entry *Delivery, d Delivery, encryptKey string) bool {
	wait := b.backoff
	for attempt := 1; attempt <= b.maxAttempts; attempt++ {
		status, errText := b.attempt(d, encryptKey)
		ok := status >= 200 && status < 300
		b.mu.Lock()
		e := entry
		e.Attempts, e.Status, e.Err, e.Delivered = attempt, status, errText, ok
		e.Done = ok || attempt == b.maxAttempts
		b.mu.Unlock()
		if ok {
			return true
		}
		if attempt < b.maxAttempts {
			select {
			case <-time.After(wait):
			case <-b.stop:
				return false
			}
			wait *= 2
		}
	}
	return true
}

func (b *eventBus) attempt(d Delivery, encryptKey string) (int, string) {
	body, err := sealBody(d.Payload, encryptKey)
	if err != nil {
		return 0, err.Error()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-b.stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	req, err := newPushRequest(ctx, d.URL, body, encryptKey)
	if err != nil {
		return 0, err.Error()
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode, ""
}

// Deliveries returns a copy of the event delivery log.
func (s *Server) Deliveries() []Delivery {
	b := s.events
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Delivery, len(b.log))
	for i, d := range b.log {
		out[i] = *d
	}
	return out
}

// ResetDeliveries clears the delivery log (pending pushes still go out but
// are no longer listed).
func (s *Server) ResetDeliveries() {
	b := s.events
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log = nil
}

// WaitEvents blocks until every queued push has been delivered or given up.
func (s *Server) WaitEvents(ctx context.Context) error {
	b := s.events
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		b.mu.Lock()
		idle := len(b.queue) == 0 && !b.busy
		b.mu.Unlock()
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
