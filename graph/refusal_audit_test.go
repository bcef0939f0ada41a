package graph

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"imbridge/ent/viewer"
	"imbridge/worker/broker"
)

// TestRefusalsAreRecordedOncePerWindow: the same actor refused the same
// action with the same code is recorded once per window (shared through
// Redis); another action, code or actor, or the next window, is recorded.
func TestRefusalsAreRecordedOncePerWindow(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 10, 0, time.UTC)
	a := &refusalAuditor{broker: broker.OpenTest(t), log: slog.New(slog.DiscardHandler), now: func() time.Time { return now }}
	token := viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindToken, ID: 7, TenantID: 3})
	other := viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindToken, ID: 8, TenantID: 3})
	forbidden := refusal{action: "createCorp", code: CodeForbidden}

	if !a.first(token, forbidden) {
		t.Fatal("the first refusal was not recorded")
	}
	now = now.Add(40 * time.Second)
	if a.first(token, forbidden) {
		t.Fatal("an identical refusal in the same window was recorded")
	}
	for name, c := range map[string]struct {
		ctx context.Context
		r   refusal
	}{
		"another action": {token, refusal{action: "deleteCorp", code: CodeForbidden}},
		"another code":   {token, refusal{action: "createCorp", code: CodeNotFound}},
		"another actor":  {other, forbidden},
		"anonymous":      {context.Background(), forbidden},
	} {
		if !a.first(c.ctx, c.r) {
			t.Errorf("%s: not recorded", name)
		}
	}
	now = now.Add(refusalWindow)
	if !a.first(token, forbidden) {
		t.Fatal("the same refusal in the next window was not recorded")
	}
}
