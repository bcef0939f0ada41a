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
// EchoGuard is the other half of two-way sync: Feishu echoes the bridge's
// own writes back as contact events, and the guard recognises them.
package webhook
