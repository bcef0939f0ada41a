// Package webhook delivers signed outbound webhooks to the tenant's OA:
// the OA following the IM (sync mode im_to_oa) learns of every change this
// way, and later push quick-approval callbacks and login's password check
// call the OA the same way. docs/oa-webhooks.md is the receiver's side.
//
// The pieces:
//
//   - Publisher queues an Event for every enabled WebhookEndpoint of the
//     tenant that receives its type: one WebhookDelivery row per endpoint,
//     written in the caller's transaction (so a rolled-back change is
//     never sent and a committed one never lost), numbered by the
//     endpoint's sequence, and never twice for one event id.
//   - Dispatcher (a background component of the worker) delivers what is
//     due: per endpoint and subject in sequence order, retrying 5xx, 408,
//     429 and network failures with exponential backoff and jitter
//     (honouring Retry-After), giving up at once on other 4xx answers and
//     after RetryPolicy.MaxAttempts; what it gives up on is dead, and an
//     admin can replay it (Replay, ReplayDead).
//   - Sender makes one signed POST: X-Imbridge-Event, X-Imbridge-Delivery,
//     X-Imbridge-Timestamp and X-Imbridge-Signature (v1=hex HMAC-SHA256 of
//     timestamp "." body, once per secret during a rotation), through an
//     egress policy (IMBRIDGE_ALLOW_PRIVATE_WEBHOOK_HOSTS), no redirects,
//     a timeout. SendTest pings an endpoint synchronously.
//
// Nothing here logs or returns a secret or any text of a receiver's answer:
// a failed attempt is its HTTP status and a reason classified from it
// (reason.go), since a receiver may be an internal host.
package webhook
