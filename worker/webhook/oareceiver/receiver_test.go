package oareceiver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/seal"
	"imbridge/ent/webhookendpoint"
	"imbridge/platform/egress"
	"imbridge/worker/webhook"
	"imbridge/worker/webhook/oareceiver"
)

// The receiver of docs/oa-webhooks.md, run against deliveries made by the
// bridge's own sender: it applies an event once however often it is
// delivered, and refuses a delivery signed with another secret.
func ExampleReceiver() {
	const secret = "whsec_example_do_not_use_0123456789abcdefghijk"
	applied := 0
	srv := httptest.NewServer(oareceiver.Receiver(secret, func(eventType string, body []byte) error {
		var e struct {
			Type     string
			Sequence int
			Data     webhook.UserData
		}
		if err := json.Unmarshal(body, &e); err != nil {
			return err
		}
		applied++
		fmt.Printf("applied %s #%d: %s (%s)\n", eventType, e.Sequence, e.Data.Name, e.Data.Status)
		return nil
	}))
	defer srv.Close()

	// The bridge's side: an endpoint for the receiver, which listens on a
	// private address the operator allows (IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS).
	sealer, _ := seal.New(bytes.Repeat([]byte{1}, 32))
	ep := &ent.WebhookEndpoint{ID: 1, Name: "OA", URL: srv.URL + "/imbridge", SecretSealed: sealer.Seal(webhookendpoint.FieldSecretSealed, secret)}
	sender := &webhook.Sender{Sealer: sealer, Egress: egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1")})}
	data, _ := json.Marshal(webhook.UserData{ID: "U0001", Name: "张三", Status: "disabled"})
	body, _ := json.Marshal(webhook.Envelope{ID: "run-12:4f2a", Type: webhook.TypeUserDisabled, Sequence: 42, Subject: "user:U0001", OccurredAt: time.Now().UTC(), Data: data})

	for attempt := 1; attempt <= 2; attempt++ { // a retry after a lost answer
		res := sender.Send(context.Background(), ep, "run-12:4f2a", webhook.TypeUserDisabled, body)
		fmt.Printf("attempt %d: %s, HTTP %d\n", attempt, res.Outcome, res.Status)
	}
	other := *ep
	other.SecretSealed = sealer.Seal(webhookendpoint.FieldSecretSealed, "whsec_someone_else")
	res := sender.Send(context.Background(), &other, "run-12:4f2b", webhook.TypeUserDisabled, body)
	fmt.Printf("another secret: %s, %s\n", res.Outcome, res.Error)
	fmt.Println("applied", applied, "time")
	// Output:
	// applied user.disabled #42: 张三 (disabled)
	// attempt 1: delivered, HTTP 204
	// attempt 2: delivered, HTTP 204
	// another secret: refused, HTTP 401: the receiver refused the signature or the credentials
	// applied 1 time
}

const doc = "../../../docs/oa-webhooks.md"

// The document shows exactly the receiver that ExampleReceiver runs.
func TestDocumentShowsThisReceiver(t *testing.T) {
	src, err := os.ReadFile("receiver.go")
	if err != nil {
		t.Fatal(err)
	}
	code := between(t, string(src), "// receiver:begin\n", "// receiver:end")
	md, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	block := between(t, string(md), "<!-- go-receiver:begin -->\n```go\npackage oa\n\n", "```\n<!-- go-receiver:end -->")
	if strings.TrimSpace(block) != strings.TrimSpace(code) {
		t.Fatalf("docs/oa-webhooks.md's Go receiver differs from worker/webhook/oareceiver/receiver.go; copy it over:\n%s", code)
	}
}

// The document's worked example of a signature is right.
func TestDocumentSignatureExample(t *testing.T) {
	md, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	ex := between(t, string(md), "<!-- signature-example:begin -->\n", "<!-- signature-example:end -->")
	val := map[string]string{}
	for _, line := range strings.Split(ex, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(line, "```") {
			val[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	var ts int64
	if _, err := fmt.Sscan(val["X-Imbridge-Timestamp"], &ts); err != nil {
		t.Fatalf("timestamp %q: %v", val["X-Imbridge-Timestamp"], err)
	}
	secret, body := val["secret"], val["body"]
	if secret == "" || body == "" || val["signed"] != val["X-Imbridge-Timestamp"]+"."+body {
		t.Fatalf("example incomplete or inconsistent: %q", val)
	}
	if got := "v1=" + webhook.Sign(secret, ts, []byte(body)); val["X-Imbridge-Signature"] != got {
		t.Fatalf("the document says %s, the signature is %s", val["X-Imbridge-Signature"], got)
	}
}

func between(t *testing.T, s, begin, end string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, begin)
	if !ok {
		t.Fatalf("%q not found", begin)
	}
	in, _, ok := strings.Cut(rest, end)
	if !ok {
		t.Fatalf("%q not found", end)
	}
	return in
}
