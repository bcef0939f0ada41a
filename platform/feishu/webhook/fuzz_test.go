package webhook_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"imbridge/platform/feishu/webhook"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

func FuzzDecrypt(f *testing.F) {
	for _, plain := range []string{"", "{}", `{"schema":"2.0","header":{}}`, strings.Repeat("x", 33)} {
		enc, err := feishusim.Encrypt([]byte(plain), testEncryptKey)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc, []byte(plain))
	}
	f.Add("", []byte{})
	f.Add("====", []byte{0})
	f.Add(base64.StdEncoding.EncodeToString(make([]byte, 32)), []byte("\x10"))
	f.Fuzz(func(t *testing.T, data string, plain []byte) {
		out, err := webhook.Decrypt(data, testEncryptKey)
		if err != nil {
			if !errors.Is(err, webhook.ErrDecrypt) || out != nil {
				t.Fatalf("error %v with output %q", err, out)
			}
		} else {
			raw, _ := base64.StdEncoding.DecodeString(data)
			if len(out) > len(raw)-17 {
				t.Fatalf("plaintext of %d bytes from %d bytes of data", len(out), len(raw))
			}
		}
		enc, err := feishusim.Encrypt(plain, testEncryptKey)
		if err != nil {
			t.Fatal(err)
		}
		back, err := webhook.Decrypt(enc, testEncryptKey)
		if err != nil || !bytes.Equal(back, plain) {
			t.Fatalf("round trip of %q: %q, %v", plain, back, err)
		}
	})
}

// captured is one request the simulator pushed.
type captured struct {
	body           []byte
	ts, nonce, sig string
}

// capturePushes records real pushes (events and a challenge) of the
// simulator, encrypted with key or plaintext when key is "".
func capturePushes(tb testing.TB, appID, key string) []captured {
	var mu sync.Mutex
	var got []captured
	keep := func(r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, captured{body: b, ts: r.Header.Get("X-Lark-Request-Timestamp"),
			nonce: r.Header.Get("X-Lark-Request-Nonce"), sig: r.Header.Get("X-Lark-Signature")})
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keep(r)
		_, _ = w.Write([]byte("{}"))
	}))
	defer srv.Close()
	org := feishusim.Generate(feishusim.GenOptions{Users: 3, Departments: 2, Seed: 2})
	sim := feishusim.New(feishusim.Config{Org: org, Apps: []feishusim.App{{ID: appID, Secret: "s"}}})
	defer sim.Close()
	sim.SetEventSubscription(appID, srv.URL, key, testToken)
	changeOrg(tb, org)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sim.WaitEvents(ctx); err != nil {
		tb.Fatal(err)
	}
	req, _, err := feishusim.NewURLVerificationRequest(ctx, srv.URL, key, testToken)
	if err != nil {
		tb.Fatal(err)
	}
	keep(req)
	return got
}

// Fuzz flags: what the fuzz function does to its input before sending it.
const (
	fuzzResign = 1 << iota // sign the (final) body with the right key
	fuzzSeal               // treat body as plaintext and encrypt it first
	fuzzFresh              // use the current time as the timestamp
)

// FuzzHandler sends arbitrary requests to an encrypted and a plaintext app.
// Invariants: no panic, no 500, and nothing is delivered unless the request
// is authentic: correctly signed and fresh (encrypted app), carrying the
// verification token (plaintext app), and addressed to the app.
func FuzzHandler(f *testing.F) {
	const feishuApp = "cli_fuzz0001"
	for _, key := range []string{testEncryptKey, ""} {
		for _, c := range capturePushes(f, feishuApp, key) {
			f.Add(c.body, c.ts, c.nonce, c.sig, uint8(0))
			f.Add(c.body, c.ts, c.nonce, c.sig, uint8(fuzzResign|fuzzFresh))
		}
	}
	f.Add([]byte(`{"schema":"2.0","header":{"event_id":"e","event_type":"t","create_time":"1","token":"`+testToken+
		`","app_id":"`+feishuApp+`"},"event":{}}`), "0", "n", "", uint8(fuzzSeal|fuzzResign|fuzzFresh))

	b := broker.OpenTest(f)
	var mu sync.Mutex
	var delivered []webhook.Event
	keys := map[string]webhook.AppKeys{
		"enc":   {TenantID: 1, AppID: 1, FeishuAppID: feishuApp, EncryptKey: testEncryptKey, VerificationToken: testToken},
		"plain": {TenantID: 1, AppID: 2, FeishuAppID: feishuApp, VerificationToken: testToken},
	}
	mux := http.NewServeMux()
	mux.Handle("/callback/feishu/{app}", webhook.NewHandler(webhook.Params{
		Lookup: func(_ context.Context, app string) (webhook.AppKeys, error) {
			k, ok := keys[app]
			if !ok {
				return k, webhook.ErrUnknownApp
			}
			return k, nil
		},
		Deliver: func(_ context.Context, _ webhook.AppKeys, ev webhook.Event) error {
			mu.Lock()
			defer mu.Unlock()
			delivered = append(delivered, ev)
			return nil
		},
		Broker: b,
	}))
	send := func(t *testing.T, app string, body []byte, h http.Header) (int, []webhook.Event) {
		mu.Lock()
		delivered = nil
		mu.Unlock()
		req := httptest.NewRequest(http.MethodPost, "/callback/feishu/"+app, bytes.NewReader(body))
		req.Header = h
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		resp := rec.Body.String()
		if strings.Contains(resp, testEncryptKey) || strings.Contains(resp, testToken) {
			t.Fatalf("response leaks a secret: %s", resp)
		}
		mu.Lock()
		defer mu.Unlock()
		return rec.Code, append([]webhook.Event(nil), delivered...)
	}

	f.Fuzz(func(t *testing.T, body []byte, ts, nonce, sig string, flags uint8) {
		if flags&fuzzFresh != 0 {
			ts = strconv.FormatInt(time.Now().Unix(), 10)
		}
		encBody := body
		if flags&fuzzSeal != 0 {
			enc, err := feishusim.Encrypt(body, testEncryptKey)
			if err != nil {
				t.Fatal(err)
			}
			encBody = sealedBody(enc)
		}
		if flags&fuzzResign != 0 {
			sig = feishusim.Sign(ts, nonce, testEncryptKey, encBody)
		}
		h := http.Header{}
		h.Set("X-Lark-Request-Timestamp", ts)
		h.Set("X-Lark-Request-Nonce", nonce)
		h.Set("X-Lark-Signature", sig)

		status, evs := send(t, "enc", encBody, h)
		if status == http.StatusInternalServerError {
			t.Fatal("500 from the encrypted app")
		}
		for _, ev := range evs {
			if !strings.EqualFold(sig, feishusim.Sign(ts, nonce, testEncryptKey, encBody)) {
				t.Fatalf("delivered %q without a valid signature", ev.ID)
			}
			sec, err := strconv.ParseInt(ts, 10, 64)
			if d := time.Since(time.Unix(sec, 0)); err != nil || d > webhook.DefaultMaxSkew || d < -webhook.DefaultMaxSkew {
				t.Fatalf("delivered %q with timestamp %q", ev.ID, ts)
			}
			var s struct{ Encrypt string }
			if err := json.Unmarshal(encBody, &s); err != nil {
				t.Fatalf("delivered from a body that is not {encrypt}: %v", err)
			}
			plain, err := webhook.Decrypt(s.Encrypt, testEncryptKey)
			if err != nil || !bytes.Equal(plain, ev.Raw) {
				t.Fatalf("delivered %q that is not the body's plaintext", ev.ID)
			}
			checkAuthentic(t, ev, feishuApp)
		}

		status, evs = send(t, "plain", body, h)
		if status == http.StatusInternalServerError {
			t.Fatal("500 from the plaintext app")
		}
		for _, ev := range evs {
			if !bytes.Equal(ev.Raw, body) {
				t.Fatalf("delivered %q that is not the body", ev.ID)
			}
			checkAuthentic(t, ev, feishuApp)
		}
	})
}

// checkAuthentic: a delivered envelope names our app and carries the token.
func checkAuthentic(t *testing.T, ev webhook.Event, feishuApp string) {
	t.Helper()
	var env struct {
		Schema string
		Header struct {
			EventID string `json:"event_id"`
			Token   string
			AppID   string `json:"app_id"`
		}
	}
	if err := json.Unmarshal(ev.Raw, &env); err != nil || env.Schema != "2.0" || env.Header.Token != testToken ||
		env.Header.AppID != feishuApp || env.Header.EventID != ev.ID || ev.ID == "" {
		t.Fatalf("delivered an unauthentic event: %s (%v)", ev.Raw, err)
	}
}
