package callback_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom/callback"
	"imbridge/worker/broker"
)

type recorder struct {
	mu   sync.Mutex
	evs  []callback.Event
	fail int
}

func (r *recorder) deliver(_ context.Context, _ callback.AppKeys, ev callback.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("queue down")
	}
	r.evs = append(r.evs, ev)
	return nil
}

func (r *recorder) events() []callback.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]callback.Event(nil), r.evs...)
}

func setup(t *testing.T) (*simwecom.Server, *recorder, string) {
	org := simwecom.NewOrg("示例", sCorpID)
	org.AddDepartment(simwecom.Department{ID: 2, Name: "研发", ParentID: 1})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "s", ContactSync: true}}})
	rec := &recorder{}
	h := callback.NewHandler(callback.Params{
		Lookup: func(_ context.Context, app string) (callback.AppKeys, error) {
			if app != "7" {
				return callback.AppKeys{}, callback.ErrUnknownApp
			}
			return callback.AppKeys{TenantID: 1, AppID: 7, CorpID: sCorpID, Token: sToken, EncodingAESKey: sEncodingAESKey}, nil
		},
		Deliver: rec.deliver, Broker: broker.OpenTest(t),
	})
	mux := http.NewServeMux()
	mux.Handle("/callback/wecom/{app}", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	sim.SetCallback("s", srv.URL+"/callback/wecom/7", sToken, sEncodingAESKey)
	return sim, rec, srv.URL + "/callback/wecom/7"
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 200 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("timed out")
}

// URL verification and a contact change pushed by the simulator, encrypted
// as WeCom does, arrive as events.
func TestVerifyAndContactEvents(t *testing.T) {
	sim, rec, _ := setup(t)
	if err := sim.VerifyCallback("s"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_ = ctx
	sim.Org().UpdateUser("nobody", func(*simwecom.User) {}) // no such user: no event
	sim.Org().AddUser(simwecom.User{UserID: "zhang", Name: "张", Departments: []int{2}, Mobile: "13800000000"})
	sim.Org().UpdateUser("zhang", func(u *simwecom.User) { u.Position = "经理" })
	waitFor(t, func() bool { return len(rec.events()) == 1 })
	ev := rec.events()[0]
	if ev.Event != "change_contact" || ev.ChangeType != "update_user" || ev.UserID != "zhang" {
		t.Fatalf("event: %+v", ev)
	}
}

// A bad signature, an old timestamp and an unknown app are refused; a
// replayed push is delivered once; a failed enqueue answers 500 and the
// retry is taken.
func TestRefusalsAndReplays(t *testing.T) {
	_, rec, u := setup(t)
	c, _ := callback.New(sToken, sEncodingAESKey, sCorpID)
	plain := "<xml><ToUserName><![CDATA[" + sCorpID + "]]></ToUserName><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[delete_party]]></ChangeType><Id>2</Id><CreateTime>1</CreateTime></xml>"
	enc, _ := c.Encrypt([]byte(plain))
	post := func(target string, ts int64, sig string) int {
		if sig == "" {
			sig = callback.Signature(sToken, strconv.FormatInt(ts, 10), "n1", enc)
		}
		q := url.Values{"msg_signature": {sig}, "timestamp": {strconv.FormatInt(ts, 10)}, "nonce": {"n1"}}
		body := "<xml><ToUserName><![CDATA[" + sCorpID + "]]></ToUserName><Encrypt><![CDATA[" + enc + "]]></Encrypt></xml>"
		resp, err := http.Post(target+"?"+q.Encode(), "text/xml", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	now := time.Now().Unix()
	if s := post(u, now, strings.Repeat("0", 40)); s != http.StatusForbidden {
		t.Fatalf("bad signature: %d", s)
	}
	if s := post(u, now-3600, ""); s != http.StatusForbidden {
		t.Fatalf("an hour-old push: %d", s)
	}
	if s := post(strings.TrimSuffix(u, "7")+"8", now, ""); s != http.StatusNotFound {
		t.Fatalf("unknown app: %d", s)
	}
	if len(rec.events()) != 0 {
		t.Fatal("a refused push was delivered")
	}
	rec.fail = 1
	if s := post(u, now, ""); s != http.StatusInternalServerError {
		t.Fatalf("enqueue failing: %d", s)
	}
	for range 3 {
		if s := post(u, now, ""); s != http.StatusOK {
			t.Fatalf("push: %d", s)
		}
	}
	if evs := rec.events(); len(evs) != 1 || evs[0].ChangeType != "delete_party" || evs[0].PartyID != "2" {
		t.Fatalf("delivered: %+v", evs)
	}
}

// URL verification answers the decrypted echostr, also when its '+' came
// unencoded (read as spaces), and refuses a wrong signature or an old
// timestamp.
func TestURLVerification(t *testing.T) {
	_, _, u := setup(t)
	c, _ := callback.New(sToken, sEncodingAESKey, sCorpID)
	var enc string
	for enc == "" || !strings.Contains(enc, "+") {
		enc, _ = c.Encrypt([]byte("echo-1288432023552776189"))
	}
	now := strconv.FormatInt(time.Now().Unix(), 10)
	verify := func(rawQuery string) (int, string) {
		resp, err := http.Get(u + "?" + rawQuery)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b := new(strings.Builder)
		_, _ = io.Copy(b, resp.Body)
		return resp.StatusCode, b.String()
	}
	sig := callback.Signature(sToken, now, "n", enc)
	q := url.Values{"msg_signature": {sig}, "timestamp": {now}, "nonce": {"n"}, "echostr": {enc}}
	if s, body := verify(q.Encode()); s != 200 || body != "echo-1288432023552776189" {
		t.Fatalf("encoded echostr: %d %q", s, body)
	}
	raw := "msg_signature=" + sig + "&timestamp=" + now + "&nonce=n&echostr=" + enc // '+' unencoded
	if s, body := verify(raw); s != 200 || body != "echo-1288432023552776189" {
		t.Fatalf("unencoded '+': %d %q", s, body)
	}
	q.Set("msg_signature", strings.Repeat("a", 40))
	if s, _ := verify(q.Encode()); s != http.StatusForbidden {
		t.Fatalf("bad signature: %d", s)
	}
	old := strconv.FormatInt(time.Now().Add(-time.Hour).Unix(), 10)
	q = url.Values{"msg_signature": {callback.Signature(sToken, old, "n", enc)}, "timestamp": {old}, "nonce": {"n"}, "echostr": {enc}}
	if s, _ := verify(q.Encode()); s != http.StatusForbidden {
		t.Fatalf("old timestamp: %d", s)
	}
}
