// Package webhook receives Feishu/Lark event callbacks: the handler behind
// POST /callback/feishu/{app}.
//
// It does by hand what the SDK's event dispatcher does only partly
// (reference feishu-api.md §4.3): the dispatcher never checks the
// verification token of a plaintext event, never checks the freshness of a
// signed request, trims decrypted text to its braces instead of checking the
// padding, and runs handlers inside the request. Here every request is
// authenticated (signature + fresh timestamp in encrypted mode, the
// verification token in plaintext mode), the v2.0 envelope is checked
// against the app it was addressed to, each event_id is accepted once
// across all processes (Redis), and the event is handed to Deliver, which
// only enqueues, so the answer goes back well within Feishu's 3 s.
//
// Mounting, in server.go:
//
//	mux.Handle("POST /callback/feishu/{app}", webhook.NewHandler(webhook.Params{
//		Lookup: …, Deliver: …, Broker: b, Logger: log,
//	}))
//
// Card clicks (card.action.trigger) come to the same endpoint: set the
// app's callback request URL (事件与回调 › 回调配置) to it. With
// Params.OnCardAction they are verified further and handed over there
// (card_action.go).
//
// Answers: 200 {} (accepted, or a replay of an accepted event), 200
// {"challenge":…}, or {"error":…} with 400 (malformed, including every
// decryption failure), 401 (signature or token), 403 (stale or future
// timestamp, another app's event), 404 (unknown app), 413 (body over
// MaxBodyBytes), 500 (Deliver or Redis failed: Feishu retries).
//
// Approval-center actions (approve / reject of a third-party approval in
// Feishu's approval center) are not events: they come to their own
// endpoint, the definition's action_callback_url, and NewApprovalHandler
// receives them (approval_action.go).
//
// EchoGuard is the other half of two-way sync: Feishu echoes the bridge's
// own writes back as contact events, and the guard recognises them.
package webhook
