package broadcast_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"imbridge/platform"
	"imbridge/worker/broadcast"
)

type auditLog []string

func (a *auditLog) Record(_ context.Context, action, _, summary string) error {
	*a = append(*a, action+": "+summary)
	return nil
}

func (a auditLog) count(action string) int {
	n := 0
	for _, e := range a {
		if strings.HasPrefix(e, action+":") {
			n++
		}
	}
	return n
}

func TestPolicyAllows(t *testing.T) {
	p := broadcast.Policy{Departments: []string{"d-sales"}, Users: []string{"u-ceo"}}
	for _, tc := range []struct {
		user  string
		depts []string
		want  bool
	}{
		{"u-ceo", nil, true}, {"u-1", []string{"d-sales"}, true}, {"u-2", []string{"d-rd"}, false}, {"u-3", nil, false},
	} {
		if got := p.Allows(tc.user, tc.depts); got != tc.want {
			t.Errorf("%s in %v: %v", tc.user, tc.depts, got)
		}
	}
	if !(broadcast.Policy{Everyone: true}).Allows("anyone", nil) {
		t.Error("everyone policy refused")
	}
}

func TestRequestApprovalCreatesTheWaitingBroadcast(t *testing.T) {
	e := newWeCom(t)
	ctx := context.Background()
	var audit auditLog
	perms := &broadcast.Permissions{Service: e.svc, Audit: &audit}
	if err := perms.SetPolicy(ctx, "c1", broadcast.Policy{Users: []string{"someone-else"}, Approvers: []string{"boss"}}); err != nil {
		t.Fatal(err)
	}
	// Refused before the platform.
	if _, err := perms.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, nil, in()); !errors.Is(err, broadcast.ErrNoPermission) {
		t.Fatalf("create without permission: %v", err)
	}
	if n := e.sim.Count("POST /cgi-bin/living/create"); n != 0 {
		t.Fatalf("living/create called %d times", n)
	}
	if _, err := perms.File(ctx, "c1", "a1", "oa-1", " ", broadcast.ProviderWeComLiving, nil); fieldRule(err) != "reason/required" {
		t.Fatalf("no reason: %v", err)
	}
	waiting := in()
	r, err := perms.File(ctx, "c1", "a1", "oa-1", "季度会要直播", broadcast.ProviderWeComLiving, &waiting)
	if err != nil || perms.Pending("c1") != 1 || audit.count("broadcast.request.notify") != 1 {
		t.Fatalf("file: %v, pending %d, audit %v", err, perms.Pending("c1"), audit)
	}
	if _, err := perms.Decide(ctx, "t1", r.ID, "not-an-approver", true, "ok"); fieldRule(err) != "id/approver" {
		t.Fatalf("non-approver decided: %v", err)
	}
	r, err = perms.Decide(ctx, "t1", r.ID, "boss", true, "同意")
	if err != nil || r.Status != broadcast.RequestApproved || r.BroadcastID == "" {
		t.Fatalf("approve: %+v %v", r, err)
	}
	if n := e.sim.Count("POST /cgi-bin/living/create"); n != 1 {
		t.Fatalf("the waiting broadcast: living/create called %d times", n)
	}
	if !perms.Policy("c1").Allows("oa-1", nil) || perms.Pending("c1") != 0 {
		t.Fatal("approval did not grant the permission")
	}
	if _, err := perms.Decide(ctx, "t1", r.ID, "boss", false, "again"); fieldRule(err) != "id/pending_only" {
		t.Fatalf("second decision: %v", err)
	}
	if audit.count("broadcast.request.approved") != 1 || audit.count("broadcast.request.notify") != 2 || audit.count("broadcast.policy.update") != 1 {
		t.Fatalf("audit: %v", audit)
	}
	// Now allowed directly.
	if b, err := perms.Create(ctx, "t1", "c1", "a1", broadcast.ProviderWeComLiving, nil, in()); err != nil || b.Status != platform.LiveReserved {
		t.Fatalf("create after approval: %v", err)
	}
}

func TestRejectedRequestGrantsNothing(t *testing.T) {
	e := newWeCom(t)
	ctx := context.Background()
	var audit auditLog
	perms := &broadcast.Permissions{Service: e.svc, Audit: &audit}
	_ = perms.SetPolicy(ctx, "c1", broadcast.Policy{})
	waiting := in()
	r, _ := perms.File(ctx, "c1", "a1", "oa-1", "想直播", broadcast.ProviderWeComLiving, &waiting)
	if r, err := perms.Decide(ctx, "t1", r.ID, "admin", false, "不行"); err != nil || r.Status != broadcast.RequestRejected || r.BroadcastID != "" {
		t.Fatalf("reject: %+v %v", r, err)
	}
	if perms.Policy("c1").Allows("oa-1", nil) || e.sim.Count("POST /cgi-bin/living/create") != 0 {
		t.Fatal("a rejection granted something")
	}
	if audit.count("broadcast.request.rejected") != 1 {
		t.Fatalf("audit: %v", audit)
	}
}
