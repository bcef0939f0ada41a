package callback

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/platform"
	"imbridge/worker/broker"
)

// ErrUnknownApp is returned by Lookup for a path naming no app.
var ErrUnknownApp = errors.New("wecom callback: unknown app")

// DefaultMaxSkew bounds |now − timestamp| of a callback: an older signed
// push is a replay. WeCom retries within seconds (3 times, 5 s each).
const DefaultMaxSkew = 5 * time.Minute

// maxBody bounds a callback body: events are a few KB of XML.
const maxBody = 1 << 20

// dedupeTTL is how long an accepted event is remembered: past the window
// a replay is refused by its timestamp anyway.
const dedupeTTL = 2 * DefaultMaxSkew

// AppKeys are the callback credentials of the app a path names.
type AppKeys struct {
	TenantID, AppID int    // our Tenant and App row ids
	CorpID          string // receiveid: the corpid
	Token           string
	EncodingAESKey  string
}

// Event is an accepted callback (接收事件): its type and the fields the
// bridge acts on, with the decrypted XML.
type Event struct {
	// ID identifies the push for de-duplication: a hash of the decrypted
	// message (WeCom events carry no id; a retry is byte-identical, while
	// two changes differ in CreateTime or in the changed fields an event
	// carries; two byte-identical events would have the same effect).
	ID         string
	MsgType    string // "event"
	Event      string // change_contact, living_status_change, …
	ChangeType string // change_contact: create_user, update_user, delete_user, create_party, update_party, delete_party
	UserID     string // change_contact user events
	NewUserID  string // update_user: the new userid when it changed
	PartyID    string // change_contact party events (Id)
	LivingID   string // living_status_change
	Status     string // living_status_change: 0 预约中 1 直播中 2 已结束 4 已取消
	AgentID    string
	CreateTime time.Time
	// template_card_event (模板卡片事件推送): the clicker's userid, the
	// clicked button's key, the card's task_id and type, and the
	// response_code that may update the card once.
	FromUser, EventKey, TaskID, CardType, ResponseCode string
	Raw                                                []byte
}

// Params configure NewHandler.
type Params struct {
	// Lookup finds the app named by the {app} path value; ErrUnknownApp if none.
	Lookup func(ctx context.Context, app string) (AppKeys, error)
	// Deliver enqueues an accepted event; it must be fast (WeCom waits 5 s).
	// An error answers 500 and forgets the event, so WeCom's retry is taken.
	Deliver func(ctx context.Context, keys AppKeys, ev Event) error
	// OnCardAction receives verified quick-approval clicks (a
	// template_card_event whose button key is a value the bridge sealed
	// for this app, clicked by the card's recipient; cardaction.go); nil
	// delivers them as other events. It must only record and enqueue.
	OnCardAction func(ctx context.Context, keys AppKeys, a platform.CardAction) error
	// Actions opens the sealed button keys; required with OnCardAction.
	Actions *platform.ActionSigner
	Broker  *broker.Broker
	Logger  *slog.Logger
	Now     func() time.Time
	MaxSkew time.Duration
}

type handler struct{ p Params }

// NewHandler serves GET (URL verification) and POST (events) of
// /callback/wecom/{app}. It panics without Lookup, Deliver or Broker.
func NewHandler(p Params) http.Handler {
	if p.Lookup == nil || p.Deliver == nil || p.Broker == nil {
		panic("wecom callback: NewHandler needs Lookup, Deliver and Broker")
	}
	if p.OnCardAction != nil && p.Actions == nil {
		panic("wecom callback: OnCardAction needs Actions (the action signer)")
	}
	if p.Logger == nil {
		p.Logger = slog.New(slog.DiscardHandler)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.MaxSkew <= 0 {
		p.MaxSkew = DefaultMaxSkew
	}
	return &handler{p: p}
}

type envelopeXML struct {
	ToUserName string `xml:"ToUserName"`
	AgentID    string `xml:"AgentID"`
	Encrypt    string `xml:"Encrypt"`
}

type eventXML struct {
	MsgType    string `xml:"MsgType"`
	Event      string `xml:"Event"`
	ChangeType string `xml:"ChangeType"`
	UserID     string `xml:"UserID"`
	NewUserID  string `xml:"NewUserID"`
	ID         string `xml:"Id"`
	LivingID   string `xml:"LivingId"`
	Status     string `xml:"Status"`
	AgentID    string `xml:"AgentID"`
	CreateTime int64  `xml:"CreateTime"`
	// template_card_event
	FromUserName string `xml:"FromUserName"`
	EventKey     string `xml:"EventKey"`
	TaskID       string `xml:"TaskId"`
	CardType     string `xml:"CardType"`
	ResponseCode string `xml:"ResponseCode"`
}

func (h *handler) refuse(w http.ResponseWriter, r *http.Request, status int, why string) {
	h.p.Logger.WarnContext(r.Context(), "wecom callback refused", "app", r.PathValue("app"), "status", status, "why", why)
	http.Error(w, http.StatusText(status), status)
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	keys, err := h.p.Lookup(ctx, r.PathValue("app"))
	switch {
	case errors.Is(err, ErrUnknownApp):
		h.refuse(w, r, http.StatusNotFound, "unknown app")
		return
	case err != nil:
		h.refuse(w, r, http.StatusInternalServerError, "lookup: "+err.Error())
		return
	case keys.Token == "" || keys.EncodingAESKey == "":
		h.refuse(w, r, http.StatusNotFound, "the app has no callback Token / EncodingAESKey")
		return
	}
	c, err := New(keys.Token, keys.EncodingAESKey, keys.CorpID)
	if err != nil {
		h.refuse(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	q := r.URL.Query()
	sig, ts, nonce := q.Get("msg_signature"), q.Get("timestamp"), q.Get("nonce")
	if err := h.checkTime(ts); err != nil {
		h.refuse(w, r, http.StatusForbidden, err.Error())
		return
	}
	if r.Method == http.MethodGet {
		// 验证URL有效性: answer the decrypted echostr, as is.
		// echostr is Base64: a '+' sent without URL-encoding reads as a
		// space, which Base64 never holds.
		echo := strings.ReplaceAll(q.Get("echostr"), " ", "+")
		plain, err := c.VerifyURL(sig, ts, nonce, echo)
		if err != nil {
			h.refuse(w, r, http.StatusForbidden, err.Error())
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(plain)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		h.refuse(w, r, http.StatusBadRequest, "body unreadable or over 1 MiB")
		return
	}
	var env envelopeXML
	if err := xml.Unmarshal(body, &env); err != nil || env.Encrypt == "" {
		h.refuse(w, r, http.StatusBadRequest, "not a WeCom callback envelope")
		return
	}
	if err := c.Verify(sig, ts, nonce, env.Encrypt); err != nil {
		h.refuse(w, r, http.StatusForbidden, err.Error())
		return
	}
	plain, err := c.Decrypt(env.Encrypt)
	if err != nil {
		h.refuse(w, r, http.StatusForbidden, err.Error())
		return
	}
	var x eventXML
	if err := xml.Unmarshal(plain, &x); err != nil {
		h.refuse(w, r, http.StatusBadRequest, "the decrypted message is not XML")
		return
	}
	sum := sha256.Sum256(plain)
	ev := Event{ID: hex.EncodeToString(sum[:16]), MsgType: x.MsgType, Event: x.Event, ChangeType: x.ChangeType,
		UserID: x.UserID, NewUserID: x.NewUserID, PartyID: x.ID, LivingID: x.LivingID, Status: x.Status,
		AgentID: x.AgentID, CreateTime: time.Unix(x.CreateTime, 0), Raw: plain,
		FromUser: x.FromUserName, EventKey: x.EventKey, TaskID: x.TaskID, CardType: x.CardType, ResponseCode: x.ResponseCode}
	// Replays: an event accepted once is not enqueued again (a retry of an
	// event we answered is one too); the answer is still 200.
	claim, fresh, err := h.claim(ctx, keys.AppID, ev.ID)
	if err != nil {
		h.refuse(w, r, http.StatusInternalServerError, err.Error())
		return
	}
	if !fresh {
		h.p.Logger.InfoContext(ctx, "wecom callback: duplicate push ignored", "app_id", keys.AppID, "event", ev.Event)
		w.WriteHeader(http.StatusOK)
		return
	}
	deliver := h.p.Deliver
	if ev.Event == EventTemplateCard && h.p.OnCardAction != nil {
		deliver = h.cardAction
	}
	if err := deliver(ctx, keys, ev); err != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		_ = release.Run(rctx, h.p.Broker.Client, []string{h.key(keys.AppID, ev.ID)}, claim).Err()
		h.refuse(w, r, http.StatusInternalServerError, "enqueue: "+err.Error())
		return
	}
	w.WriteHeader(http.StatusOK)
}

// checkTime refuses a timestamp outside the window (replays of old
// signed pushes).
func (h *handler) checkTime(ts string) error {
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("timestamp missing or not a number")
	}
	if d := h.p.Now().Sub(time.Unix(n, 0)); d > h.p.MaxSkew || d < -h.p.MaxSkew {
		return fmt.Errorf("timestamp %s is outside the %s window", ts, h.p.MaxSkew)
	}
	return nil
}

func (h *handler) key(appID int, id string) string {
	return h.p.Broker.Key("wecom", "event", strconv.Itoa(appID), id)
}

func (h *handler) claim(ctx context.Context, appID int, id string) (string, bool, error) {
	var nb [12]byte
	_, _ = rand.Read(nb[:])
	tok := hex.EncodeToString(nb[:])
	ok, err := h.p.Broker.Client.SetNX(ctx, h.key(appID, id), tok, dedupeTTL).Result()
	if err != nil {
		return "", false, fmt.Errorf("wecom callback: claim: %w", err)
	}
	return tok, ok, nil
}

var release = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)
