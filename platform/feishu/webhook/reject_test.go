package webhook_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// encryptRaw encrypts already padded data under key with a zero iv, so a
// test can choose the padding.
func encryptRaw(padded []byte, key string) string {
	k := sha256.Sum256([]byte(key))
	block, _ := aes.NewCipher(k[:])
	out := make([]byte, aes.BlockSize+len(padded))
	cipher.NewCBCEncrypter(block, out[:aes.BlockSize]).CryptBlocks(out[aes.BlockSize:], padded)
	return base64.StdEncoding.EncodeToString(out)
}

type rejectCase struct {
	name   string
	status int
	reason string // the log's reason (prefix)
	// req builds the request; nil body parts use e.envelope defaults.
	req func(e *env) *http.Request
}

func newReq(t testing.TB, method, url string, body io.Reader, h http.Header) *http.Request {
	req, err := http.NewRequestWithContext(testCtx(t), method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	return req
}

// signedReq is an encrypted app's request for a raw body, correctly signed.
func signedReq(e *env, body []byte) *http.Request {
	return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(body), signed(body, testEncryptKey, time.Now()))
}

// sealedReq encrypts plain and signs it.
func sealedReq(e *env, plain []byte) *http.Request {
	return signedReq(e, seal(e.t, plain, testEncryptKey))
}

func withHeader(mut func(h http.Header)) func(e *env) *http.Request {
	return func(e *env) *http.Request {
		body := seal(e.t, e.envelope("evt-1", nil), testEncryptKey)
		h := signed(body, testEncryptKey, time.Now())
		mut(h)
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(body), h)
	}
}

func signedAt(ts time.Time) func(e *env) *http.Request {
	return func(e *env) *http.Request {
		body := seal(e.t, e.envelope("evt-1", nil), testEncryptKey)
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(body), signed(body, testEncryptKey, ts))
	}
}

func withEnvelope(mut func(h map[string]any)) func(e *env) *http.Request {
	return func(e *env) *http.Request { return sealedReq(e, e.envelope("evt-1", mut)) }
}

var encryptedCases = []rejectCase{
	{"wrong signature", 401, "signature mismatch", withHeader(func(h http.Header) {
		h.Set("X-Lark-Signature", strings.Repeat("ab", 32))
	})},
	{"signature with another key", 401, "signature mismatch", func(e *env) *http.Request {
		body := seal(e.t, e.envelope("evt-1", nil), testEncryptKey)
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(body), signed(body, "other-key", time.Now()))
	}},
	{"signature not hex", 401, "signature mismatch", withHeader(func(h http.Header) {
		h.Set("X-Lark-Signature", strings.Repeat("zz", 32))
	})},
	{"body changed after signing", 401, "signature mismatch", func(e *env) *http.Request {
		body := seal(e.t, e.envelope("evt-1", nil), testEncryptKey)
		h := signed(body, testEncryptKey, time.Now())
		other := seal(e.t, e.envelope("evt-2", nil), testEncryptKey)
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(other), h)
	}},
	{"missing signature", 401, "missing signature headers", withHeader(func(h http.Header) { h.Del("X-Lark-Signature") })},
	{"missing timestamp", 401, "missing signature headers", withHeader(func(h http.Header) { h.Del("X-Lark-Request-Timestamp") })},
	{"missing nonce", 401, "missing signature headers", withHeader(func(h http.Header) { h.Del("X-Lark-Request-Nonce") })},
	{"stale timestamp", 403, "timestamp outside the allowed window", signedAt(time.Now().Add(-6 * time.Minute))},
	{"future timestamp", 403, "timestamp outside the allowed window", signedAt(time.Now().Add(6 * time.Minute))},
	{"ancient timestamp", 403, "timestamp outside the allowed window", signedAt(time.Unix(0, 0))},
	{"wrong header.token", 401, "verification token mismatch", withEnvelope(func(h map[string]any) { h["token"] = "WRONGTOKEN" })},
	{"missing header.token", 401, "verification token mismatch", withEnvelope(func(h map[string]any) { delete(h, "token") })},
	{"wrong app_id", 403, "header.app_id is not this app", withEnvelope(func(h map[string]any) { h["app_id"] = "cli_other" })},
	{"missing event_id", 400, "missing or oversized event_id", withEnvelope(func(h map[string]any) { delete(h, "event_id") })},
	{"oversized event_id", 400, "missing or oversized event_id", withEnvelope(func(h map[string]any) { h["event_id"] = strings.Repeat("e", 129) })},
	{"bad create_time", 400, "create_time is not unix milliseconds", withEnvelope(func(h map[string]any) { h["create_time"] = "yesterday" })},
	{"schema 1.0", 400, "schema is not 2.0", func(e *env) *http.Request {
		return sealedReq(e, []byte(`{"schema":"1.0","header":{}}`))
	}},
	{"v1 event, wrong token", 401, "verification token mismatch", func(e *env) *http.Request {
		return sealedReq(e, v1Event(e, "WRONGTOKEN", e.keys.FeishuAppID))
	}},
	{"v1 event for another app", 403, "event.app_id is not this app", func(e *env) *http.Request {
		return sealedReq(e, v1Event(e, testToken, "cli_other"))
	}},
	{"unknown app", 404, "unknown app", func(e *env) *http.Request {
		body := seal(e.t, e.envelope("evt-1", nil), testEncryptKey)
		return newReq(e.t, http.MethodPost, e.srv.URL+"/callback/feishu/nope", bytes.NewReader(body), signed(body, testEncryptKey, time.Now()))
	}},
	{"oversized body", 413, "body too large", func(e *env) *http.Request {
		return signedReq(e, sealedBody(strings.Repeat("A", 1<<20)))
	}},
	{"oversized body, chunked", 413, "body too large", func(e *env) *http.Request {
		r := signedReq(e, sealedBody(strings.Repeat("A", 1<<20)))
		r.ContentLength = -1
		r.Body = io.NopCloser(io.MultiReader(r.Body))
		return r
	}},
	{"plaintext body", 400, "plaintext body but the app has an encrypt key", func(e *env) *http.Request {
		return signedReq(e, e.envelope("evt-1", nil))
	}},
	{"plaintext challenge", 400, "plaintext body but the app has an encrypt key", func(e *env) *http.Request {
		return signedReq(e, []byte(`{"challenge":"c","token":"`+testToken+`","type":"url_verification"}`))
	}},
	{"not JSON", 400, "body is not a JSON object", func(e *env) *http.Request { return signedReq(e, []byte("encrypt=1")) }},
	{"encrypt not a string", 400, "body is not a JSON object", func(e *env) *http.Request {
		return signedReq(e, []byte(`{"encrypt":42}`))
	}},
	{"bad base64", 400, "feishu webhook: cannot decrypt: bad base64", func(e *env) *http.Request {
		return signedReq(e, sealedBody("%%%not-base64%%%"))
	}},
	{"bad padding", 400, "feishu webhook: cannot decrypt: bad padding", func(e *env) *http.Request {
		plain := append([]byte(`{"schema":"2.0"}`), bytes.Repeat([]byte{0x11}, 16)...) // pad byte 17 > 16
		return signedReq(e, sealedBody(encryptRaw(plain, testEncryptKey)))
	}},
	{"inconsistent padding", 400, "feishu webhook: cannot decrypt: bad padding", func(e *env) *http.Request {
		plain := append([]byte(`{"schema":"2.0"}`), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 4)
		return signedReq(e, sealedBody(encryptRaw(plain, testEncryptKey)))
	}},
	{"zero padding", 400, "feishu webhook: cannot decrypt: bad padding", func(e *env) *http.Request {
		return signedReq(e, sealedBody(encryptRaw(make([]byte, 32), testEncryptKey)))
	}},
	{"truncated ciphertext", 400, "feishu webhook: cannot decrypt: ciphertext length", func(e *env) *http.Request {
		enc := seal(e.t, e.envelope("evt-1", nil), testEncryptKey)
		var s struct{ Encrypt string }
		_ = json.Unmarshal(enc, &s)
		raw, _ := base64.StdEncoding.DecodeString(s.Encrypt)
		return signedReq(e, sealedBody(base64.StdEncoding.EncodeToString(raw[:len(raw)-5])))
	}},
	{"iv only", 400, "feishu webhook: cannot decrypt: ciphertext length", func(e *env) *http.Request {
		return signedReq(e, sealedBody(base64.StdEncoding.EncodeToString(make([]byte, 16))))
	}},
	{"decrypts to garbage", 400, "envelope is not a JSON object", func(e *env) *http.Request {
		return sealedReq(e, []byte("not json at all"))
	}},
	{"GET", 405, "method GET", func(e *env) *http.Request { return newReq(e.t, http.MethodGet, e.url, nil, nil) }},
}

var plaintextCases = []rejectCase{
	{"wrong header.token", 401, "verification token mismatch", func(e *env) *http.Request {
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(e.envelope("evt-1", func(h map[string]any) { h["token"] = "WRONGTOKEN" })), nil)
	}},
	{"empty header.token", 401, "verification token mismatch", func(e *env) *http.Request {
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(e.envelope("evt-1", func(h map[string]any) { h["token"] = "" })), nil)
	}},
	{"wrong app_id", 403, "header.app_id is not this app", func(e *env) *http.Request {
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(e.envelope("evt-1", func(h map[string]any) { h["app_id"] = "cli_x" })), nil)
	}},
	{"v1 event, wrong token", 401, "verification token mismatch", func(e *env) *http.Request {
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(v1Event(e, "WRONGTOKEN", e.keys.FeishuAppID)), nil)
	}},
	{"encrypted body", 400, "encrypted body but the app has no encrypt key", func(e *env) *http.Request {
		return newReq(e.t, http.MethodPost, e.url, bytes.NewReader(seal(e.t, e.envelope("evt-1", nil), "k")), nil)
	}},
	{"unknown app", 404, "unknown app", func(e *env) *http.Request {
		return newReq(e.t, http.MethodPost, e.srv.URL+"/callback/feishu/nope", bytes.NewReader(e.envelope("evt-1", nil)), nil)
	}},
}

func TestRejections(t *testing.T) {
	t.Parallel()
	for _, mode := range []struct {
		name  string
		key   string
		cases []rejectCase
	}{{"encrypted", testEncryptKey, encryptedCases}, {"plaintext", "", plaintextCases}} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			for _, c := range mode.cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					e := newEnv(t, mode.key)
					r := e.do(c.req(e))
					if r.status != c.status {
						t.Fatalf("status %d, want %d (%s)", r.status, c.status, r.body)
					}
					if !strings.HasPrefix(r.body, `{"error":"`) || len(r.body) > 40 {
						t.Fatalf("error body %q", r.body)
					}
					if n := len(e.rec.got()); n != 0 {
						t.Fatalf("delivered %d events", n)
					}
					rf := e.refusals()
					if len(rf) != 1 {
						t.Fatalf("refusals logged: %d\n%s", len(rf), e.logs.String())
					}
					reason, _ := rf[0]["reason"].(string)
					if !strings.HasPrefix(reason, c.reason) || rf[0]["status"] != float64(c.status) {
						t.Fatalf("log: %v, want reason %q", rf[0], c.reason)
					}
					if app, _ := rf[0]["app"].(string); app == "" {
						t.Fatalf("log without app: %v", rf[0])
					}
					e.assertNoSecrets()
				})
			}
		})
	}
}

// The event id is logged once it is known, after authentication.
func TestRefusalLogNamesEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t, testEncryptKey)
	r := e.do(sealedReq(e, e.envelope("evt-named", func(h map[string]any) { h["app_id"] = "cli_other" })))
	if r.status != 403 {
		t.Fatalf("%+v", r)
	}
	rf := e.refusals()
	if len(rf) != 1 || rf[0]["event_id"] != "evt-named" || rf[0]["app_id"] != float64(e.keys.AppID) ||
		rf[0]["level"] != "WARN" {
		t.Fatalf("log: %v", rf)
	}
}
