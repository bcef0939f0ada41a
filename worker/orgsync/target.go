package orgsync

import (
	"context"

	"imbridge/ent"
	"imbridge/worker/orgsync/plan"
)

// Target is where a run's changes are written: the IM through its
// platform (IMTarget) or the bridge's OA directory with webhooks to the OA
// (OATarget). The apply calls Write, then Record in the transaction that
// marks the change applied, with every provisional key already replaced
// by the key the target assigned.
type Target interface {
	// Write makes the change in the target system, with key as its
	// idempotency key (stable for the run and the change). Bind/unbind
	// changes are not passed to Write.
	Write(ctx context.Context, key string, c plan.Change) (Written, error)
	// Record records the change's effect in the bridge, in tx.
	Record(ctx context.Context, tx *ent.Client, c plan.Change, w Written) error
}

// Written is what a write returned: the key a create was given, and the
// IM's other ids when it has them.
type Written struct {
	Key     string
	OpenID  string
	UnionID string
}
