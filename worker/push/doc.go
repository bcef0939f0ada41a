// Package push is the message push engine (seed 003 §3, issue 9): the OA's
// pushMessage becomes a Message; a job plans its deliveries (rules of its
// source and every-source rules → targets → recipients resolved through
// bindings, each target once per recipient; unbound, resigned and
// out-of-availability people recorded as skipped with the reason) and
// sends them through platform.Messenger at the platform's limits, each
// with a stable idempotency key (Feishu uuid), so a retried or resumed job
// never sends twice (one by one: batch_send cannot be made exactly once,
// see exactlyOnceRule in deliver.go). To-dos turn done on CompleteTodo; quick-approval
// clicks reach the OA as the message.action webhook.
//
// Files: engine.go (params), input.go (validation, canonical hash),
// accept.go (Push: idempotency), plan.go (rules and recipients),
// content.go (templates and rendering per message type), deliver.go
// (sending, the exactly-once rule, at-most-once batches on request,
// retries, dead deliveries), todo.go (completion),
// recall.go, action.go (quick approval).
package push
