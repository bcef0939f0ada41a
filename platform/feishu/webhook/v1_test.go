package webhook_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// v1Event is a v1-schema event (Feishu's old format) for app with token.
func v1Event(e *env, token, app string) []byte {
	b, err := json.Marshal(map[string]any{"uuid": "41a9425ea7df4536a7623e38fa321bae", "token": token, "ts": "1502199207.7171419",
		"type": "event_callback", "event": map[string]any{"type": "user_add", "app_id": app, "tenant_key": "sim-tenant"}})
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// An authenticated v1-schema event is answered 200 and dropped (logged):
// any other answer makes Feishu push it again and again. Unauthenticated
// ones are refused as v2.0 events are (TestRejections).
func TestV1EventsAreAcknowledgedAndIgnored(t *testing.T) {
	t.Parallel()
	for _, key := range []string{testEncryptKey, ""} {
		e := newEnv(t, key)
		var r response
		if key != "" {
			r = e.postSigned(v1Event(e, testToken, e.keys.FeishuAppID))
		} else {
			r = e.post(e.url, bytes.NewReader(v1Event(e, testToken, e.keys.FeishuAppID)), nil)
		}
		if r.status != http.StatusOK || r.body != "{}" {
			t.Fatalf("key %q: v1 event answered %+v", key, r)
		}
		if n := len(e.rec.got()); n != 0 {
			t.Fatalf("key %q: v1 event delivered (%d)", key, n)
		}
		if len(e.refusals()) != 0 || !bytes.Contains([]byte(e.logs.String()), []byte("v1 event ignored")) {
			t.Fatalf("key %q: logs %s", key, e.logs.String())
		}
		e.assertNoSecrets()
	}
}
