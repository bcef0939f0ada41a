package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"sync"
	"time"

	"imbridge/ent"
	"imbridge/ent/seal"
	"imbridge/ent/viewer"
	"imbridge/ent/webhookendpoint"
	"imbridge/graph/sso"
	"imbridge/worker/webhook"
)

// The demo's stand-in for an OA: a webhook receiver mounted in this
// process, which verifies signatures as docs/oa-webhooks.md tells an OA
// team to, and keeps the last events for a plain page. The demo tenant has
// an endpoint pointing at it; the bridge reaches it like any OA on a
// private network, because IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS lists it
// (by default in demo mode, see webhookEgress).
const (
	demoOAPath         = "/demo/oa"
	demoOAWebhookPath  = demoOAPath + "/webhook"
	demoOAEndpointName = "演示 OA (demo receiver)"
	demoOAKeep         = 100
)

// demoOA is the receiver and what it received.
type demoOA struct {
	mu sync.Mutex
	// secret reads the endpoint's current signing secrets, as if the OA
	// team had copied each new one in (the demo's only shortcut).
	secret func(ctx context.Context) ([]string, error)
	events []demoOAEvent // newest first
	seen   map[string]bool
	// endpointID is the demo endpoint, which also checks passwords for
	// binding at QR-code login (demo_login.go).
	endpointID int
	logins     map[string]bool // the OA's account ids (demo_login.go)
}

// demoOAEvent is one request the receiver got.
type demoOAEvent struct {
	At        time.Time
	Type      string
	Delivery  string
	Sequence  int
	Subject   string
	Verified  bool
	Problem   string
	Duplicate bool
	Data      string
}

// mountOA serves the receiver and its page.
func (d *demo) mountOA(mux *http.ServeMux, a *app) {
	mux.HandleFunc("POST "+demoOAWebhookPath, d.oa.receive)
	mux.HandleFunc("GET "+demoOAPath, d.oa.page)
	mux.HandleFunc("GET "+demoLoginPath, d.loginPage)
	mux.HandleFunc("POST "+demoOAPushPath, d.pushFromOA(a))
}

// receive verifies a delivery, records it and answers 204 (401 when the
// signature does not verify, 400 for a stale timestamp).
func (o *demoOA) receive(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "cannot read the body", http.StatusBadRequest)
		return
	}
	e := demoOAEvent{At: time.Now(), Type: r.Header.Get(webhook.HeaderEvent), Delivery: r.Header.Get(webhook.HeaderDelivery)}
	var env webhook.Envelope
	if json.Unmarshal(body, &env) == nil {
		e.Sequence, e.Subject = env.Sequence, env.Subject
		if b, err := json.MarshalIndent(env.Data, "", "  "); err == nil {
			e.Data = string(b)
		}
	}
	o.mu.Lock()
	secret := o.secret
	o.mu.Unlock()
	secrets, err := secret(r.Context())
	if err != nil {
		http.Error(w, "the demo OA has no secret", http.StatusServiceUnavailable)
		return
	}
	code := http.StatusNoContent
	e.Problem = "no signature verifies with the endpoint's secret"
	for _, s := range secrets {
		err := webhook.Verify(s, r.Header.Get(webhook.HeaderSignature), r.Header.Get(webhook.HeaderTimestamp), body, time.Now(), webhook.DefaultTolerance)
		if err == nil {
			e.Verified, e.Problem = true, ""
			break
		}
		if err == webhook.ErrTimestamp {
			e.Problem = "the timestamp is missing or more than 5 minutes off"
		}
	}
	if !e.Verified {
		code = http.StatusUnauthorized
		if e.Problem == "the timestamp is missing or more than 5 minutes off" {
			code = http.StatusBadRequest
		}
	}
	o.mu.Lock()
	if e.Verified {
		e.Duplicate = o.seen[e.Delivery]
		o.seen[e.Delivery] = true
	}
	o.events = append([]demoOAEvent{e}, o.events[:min(len(o.events), demoOAKeep-1)]...)
	o.mu.Unlock()
	if code != http.StatusNoContent {
		http.Error(w, e.Problem, code)
		return
	}
	if e.Type == sso.PasswordCheckEvent {
		o.checkPassword(w, body, o.accounts())
		return
	}
	w.WriteHeader(code)
}

var demoOAPage = template.Must(template.New("oa").Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Demo OA · webhooks received</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}pre{margin:0;max-height:12em;overflow:auto;font-size:12px}
.ok{color:#389e0d}.bad{color:#cf1322}.muted{color:#888}</style></head><body>
<h1>演示 OA · Demo OA receiver</h1>
<p>The last {{.Keep}} webhooks the bridge delivered to <code>{{.Path}}</code>, newest first, as an OA would
receive them (<code>docs/oa-webhooks.md</code> in the repository describes them).
Signatures are checked with the endpoint's secret; a delivery id seen before is marked as a duplicate.
<a href="{{.Self}}">Refresh</a>.</p>
<form method="post" action="{{.Push}}"><input type="hidden" name="csrf" value="{{.CSRF}}"><button type="submit">推送一条审批待办 · Push an approval to-do</button>
<span class="muted">(to three bound people and one the OA alone knows; click 同意 / 拒绝 in the simulator's view and the decision arrives here as <code>message.action</code>)</span></form>
{{if not .Events}}<p class="muted">Nothing received yet. In the console: Integrations › OA webhooks › Send test, or run a sync in which the OA follows Feishu.</p>{{end}}
<table><tr><th>received</th><th>event</th><th>delivery id</th><th>seq</th><th>subject</th><th>signature</th><th>data</th></tr>
{{range .Events}}<tr><td>{{.At.Format "2006-01-02 15:04:05"}}</td><td>{{.Type}}</td><td><code>{{.Delivery}}</code>{{if .Duplicate}} <span class="muted">(duplicate)</span>{{end}}</td>
<td>{{.Sequence}}</td><td>{{.Subject}}</td><td>{{if .Verified}}<span class="ok">✓ verified</span>{{else}}<span class="bad">✗ {{.Problem}}</span>{{end}}</td><td><pre>{{.Data}}</pre></td></tr>
{{end}}</table></body></html>
`))

// page shows what the receiver got.
func (o *demoOA) page(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	events := append([]demoOAEvent(nil), o.events...)
	o.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	_ = demoOAPage.Execute(w, map[string]any{"Events": events, "Keep": demoOAKeep, "Path": demoOAWebhookPath, "Self": demoOAPath, "Push": demoOAPushPath, "CSRF": demoOACSRF(w, r)})
}

// startOA points the demo tenant's OA endpoint at the receiver (creating
// it on the first start: the URL follows the listen address), gives the
// receiver the endpoint's secret and sends a ping, so the page shows one
// verified delivery from the start.
func (d *demo) startOA(ctx context.Context, a *app, host string) error {
	sys := viewer.System(ctx, "demo", d.tenID)
	db := a.db.Client
	url := "http://" + host + demoOAWebhookPath
	ep, err := db.WebhookEndpoint.Query().Where(webhookendpoint.Name(demoOAEndpointName)).Only(sys)
	switch {
	case ent.IsNotFound(err):
		c := db.WebhookEndpoint.Create().SetName(demoOAEndpointName).SetURL(url).
			SetDescription("The demo's stand-in for an OA, served by this process at " + demoOAPath + ".")
		webhook.SetSecret(c.Mutation(), a.webhooks.Sealer, webhook.NewSecret())
		ep, err = c.Save(sys)
	case err == nil && ep.URL != url:
		ep, err = ep.Update().SetURL(url).Save(sys)
	}
	if err != nil {
		return fmt.Errorf("the demo OA endpoint: %w", err)
	}
	d.oa.mu.Lock()
	d.oa.endpointID = ep.ID
	d.oa.secret = func(ctx context.Context) ([]string, error) {
		cur, err := db.WebhookEndpoint.Get(viewer.System(ctx, "demo", d.tenID), ep.ID)
		if err != nil {
			return nil, err
		}
		return demoSecrets(a.webhooks.Sealer, cur)
	}
	d.oa.mu.Unlock()
	if _, res := a.webhooks.SendTest(ctx, ep); res.Outcome != webhook.Delivered {
		a.log.Warn("the demo OA receiver did not accept a ping", "error", res.Error)
	}
	return nil
}

// demoSecrets opens the endpoint's secrets: the current one and, during a
// rotation, the previous one.
func demoSecrets(sealer *seal.Sealer, ep *ent.WebhookEndpoint) ([]string, error) {
	cur, err := sealer.Open(webhookendpoint.FieldSecretSealed, ep.SecretSealed)
	if err != nil {
		return nil, err
	}
	out := []string{cur}
	if len(ep.PreviousSecretSealed) > 0 && ep.PreviousSecretExpiresAt != nil && time.Now().Before(*ep.PreviousSecretExpiresAt) {
		if prev, err := sealer.Open(webhookendpoint.FieldPreviousSecretSealed, ep.PreviousSecretSealed); err == nil {
			out = append(out, prev)
		}
	}
	return out, nil
}

// newDemoOA returns an empty receiver; startOA gives it its secret.
func newDemoOA() *demoOA {
	return &demoOA{
		seen:   map[string]bool{},
		secret: func(context.Context) ([]string, error) { return nil, fmt.Errorf("not started") },
	}
}

// accounts are the demo OA's account ids, once QR-code login is wired.
func (o *demoOA) accounts() map[string]bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.logins
}
