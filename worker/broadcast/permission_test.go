package broadcast_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/binding"
	"imbridge/ent/broadcastpermissionrequest"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/detail"
	"imbridge/ent/viewer"
	"imbridge/platform"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broadcast"
	"imbridge/worker/broker"
)

func TestPolicyAllows(t *testing.T) {
	// HQ(1) ─ Sales(2) ─ East(3); HQ ─ R&D(4).
	parent := map[int]int{2: 1, 3: 2, 4: 1}
	selected := broadcast.Policy{Departments: []int{2}, Users: []int{40}}
	for _, tc := range []struct {
		name   string
		policy broadcast.Policy
		member broadcast.Member
		want   bool
	}{
		{"everyone allows anyone", broadcast.Policy{Everyone: true}, broadcast.Member{IMUser: 9}, true},
		{"everyone allows even the unbound", broadcast.Policy{Everyone: true}, broadcast.Member{}, true},
		{"a member of the selected department", selected, broadcast.Member{IMUser: 10, Departments: broadcast.Ancestry([]int{2}, parent)}, true},
		{"a member of a sub-department", selected, broadcast.Member{IMUser: 11, Departments: broadcast.Ancestry([]int{3}, parent)}, true},
		{"a member of another branch", selected, broadcast.Member{IMUser: 12, Departments: broadcast.Ancestry([]int{4}, parent)}, false},
		{"a member of the parent only", selected, broadcast.Member{IMUser: 13, Departments: broadcast.Ancestry([]int{1}, parent)}, false},
		{"a selected person in no selected department", selected, broadcast.Member{IMUser: 40, Departments: []int{4, 1}}, true},
		{"nobody selected", broadcast.Policy{}, broadcast.Member{IMUser: 40, Departments: []int{2}}, false},
		{"not in the org chart (unbound)", selected, broadcast.Member{}, false},
	} {
		if got := tc.policy.Allows(tc.member); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := broadcast.Ancestry([]int{3, 4}, parent); !slices.Equal(got, []int{3, 2, 1, 4}) {
		t.Errorf("ancestry: %v", got)
	}
	if got := broadcast.Ancestry([]int{5}, map[int]int{5: 6, 6: 5}); len(got) != 2 {
		t.Errorf("a cycle: %v", got)
	}
}

func TestPolicyApprovers(t *testing.T) {
	admin := &viewer.Viewer{Kind: viewer.KindAdmin, ID: 1, Role: viewer.RoleTenantAdmin}
	op := &viewer.Viewer{Kind: viewer.KindAdmin, ID: 2, Role: viewer.RoleOperator}
	root := &viewer.Viewer{Kind: viewer.KindAdmin, ID: 3, Role: viewer.RoleSuperAdmin}
	token := &viewer.Viewer{Kind: viewer.KindToken, ID: 2, Scopes: []viewer.Scope{viewer.ScopeBroadcastWrite}}
	system := &viewer.Viewer{Kind: viewer.KindSystem}
	named := broadcast.Policy{Named: true, Approvers: []int{2}, ApproverUsers: []int{70}}
	for _, tc := range []struct {
		name   string
		policy broadcast.Policy
		v      *viewer.Viewer
		oa     int
		want   bool
	}{
		{"admins: a tenant admin", broadcast.Policy{}, admin, 0, true},
		{"admins: a super admin in the tenant", broadcast.Policy{}, root, 0, true},
		{"admins: an operator", broadcast.Policy{}, op, 0, false},
		{"admins: a token", broadcast.Policy{}, token, 0, false},
		{"admins: the system", broadcast.Policy{}, system, 0, false},
		{"admins: nobody", broadcast.Policy{}, nil, 0, false},
		{"named: the named operator", named, op, 0, true},
		{"named: a tenant admin not named", named, admin, 0, false},
		{"named: a token with the named id", named, token, 0, false},
		{"named: an account linked to a named person", named, admin, 70, true},
		{"named: an account linked to someone else", named, admin, 71, false},
		{"named: a token for a named person", named, token, 70, false},
		{"admins: a named person's link counts only when named", broadcast.Policy{ApproverUsers: []int{70}}, op, 70, false},
	} {
		if got := tc.policy.MayDecide(tc.v, tc.oa); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// notes records notifications.
type notes struct{ filed, decided []string }

func (n *notes) Filed(_ context.Context, r *ent.BroadcastPermissionRequest, approvers broadcast.Approvers) error {
	for _, a := range approvers.Admins {
		n.filed = append(n.filed, strconv.Itoa(r.ID)+"→"+a.Username)
	}
	for _, u := range approvers.People {
		n.filed = append(n.filed, strconv.Itoa(r.ID)+"→"+u.ExternalID)
	}
	return nil
}

func (n *notes) Decided(_ context.Context, r *ent.BroadcastPermissionRequest) error {
	n.decided = append(n.decided, strconv.Itoa(r.ID)+":"+string(r.Status))
	return nil
}

// permWorld is a WeCom corp with an org chart on the database: HQ ─ Sales
// ─ East, HQ ─ R&D; OA users east (in East), rd (in R&D), boss (in HQ)
// bound to their IM users; loose is not bound.
type permWorld struct {
	db                      *ent.Client
	sim                     *simwecom.Server
	ctx                     context.Context // the tenant's system
	tenant                  *ent.Tenant
	perms                   *broadcast.Permissions
	notes                   *notes
	corp, app               int
	hq, sales, east, rd     int
	oa, im                  map[string]int
	admin, operator, viewer *ent.Admin
}

func (w *permWorld) as(a *ent.Admin) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{Kind: viewer.KindAdmin, ID: a.ID, Name: a.Username,
		Role: viewer.Role(a.Role), TenantID: w.tenant.ID, Scopes: viewer.RoleScopes(viewer.Role(a.Role))})
}

func newPermWorld(t *testing.T, slug string, db *ent.Client) *permWorld {
	t.Helper()
	w := &permWorld{db: db, notes: &notes{}, oa: map[string]int{}, im: map[string]int{}}
	w.tenant, w.ctx = dbtest.Tenant(t, db, slug)
	org := simwecom.Generate(simwecom.GenOptions{Users: 6, Departments: 1, FanOut: 1, Seed: 9})
	w.sim = simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "s", Living: true}}})
	srv := httptest.NewServer(w.sim)
	t.Cleanup(func() { srv.Close(); w.sim.Close() })
	c, err := wecom.New(wecom.Params{CorpID: org.CorpID, AgentID: "1000002", Secret: "s", BaseURL: srv.URL, Broker: broker.OpenTest(t), Egress: simEgress})
	if err != nil {
		t.Fatal(err)
	}
	ctx := w.ctx
	corp := db.Corp.Create().SetName(slug + " corp").SetPlatform("wecom").SetCorpID(org.CorpID).SaveX(ctx)
	w.corp = corp.ID
	w.app = db.App.Create().SetCorpID(corp.ID).SetName("直播").SetAppID("1000002").SaveX(ctx).ID
	dept := func(name string, parent int) int {
		c := db.Department.Create().SetCorpID(corp.ID).SetName(name).SetExternalID(slug + name)
		if parent != 0 {
			c.SetParentID(parent)
		}
		return c.SaveX(ctx).ID
	}
	w.hq = dept("HQ", 0)
	w.sales = dept("Sales", w.hq)
	w.east = dept("East", w.sales)
	w.rd = dept("R&D", w.hq)
	users := org.Users()
	for i, p := range []struct {
		name string
		dept int
	}{{"east", w.east}, {"rd", w.rd}, {"boss", w.hq}, {"loose", w.hq}} {
		im := db.User.Create().SetCorpID(corp.ID).SetName(p.name).SetExternalID(users[i].UserID).SaveX(ctx)
		db.Membership.Create().SetUserID(im.ID).SetDepartmentID(p.dept).SetPrimary(true).SaveX(ctx)
		oa := db.User.Create().SetName(p.name).SetExternalID("oa-" + p.name).SaveX(ctx)
		w.oa[p.name], w.im[p.name] = oa.ID, im.ID
		if p.name != "loose" {
			db.Binding.Create().SetCorpID(corp.ID).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(ctx)
		}
	}
	mk := func(name, role string) *ent.Admin {
		return db.Admin.Create().SetUsername(slug + "-" + name).SetPasswordHash("x").SetRole(admin.Role(role)).SetTenantID(w.tenant.ID).
			SaveX(viewer.NewContext(dbtest.Bootstrap(), &viewer.Viewer{Kind: viewer.KindSystem, TenantID: w.tenant.ID}))
	}
	w.admin, w.operator, w.viewer = mk("admin", "tenant_admin"), mk("operator", "operator"), mk("viewer", "viewer")
	svc := &broadcast.Service{Store: &broadcast.EntStore{DB: db}, Anchors: &broadcast.EntAnchors{DB: db},
		Live: func(context.Context, string, string, string) (platform.Live, error) { return c.Living(), nil }}
	w.perms = &broadcast.Permissions{DB: db, Service: svc, Notify: w.notes}
	return w
}

func (w *permWorld) input(who string) broadcast.Input {
	return broadcast.Input{AnchorOAUserID: strconv.Itoa(w.oa[who]), Title: "季度全员会", Start: time.Now().Add(time.Hour), Duration: time.Hour}
}

func TestPermissionsFollowThePolicy(t *testing.T) {
	w := newPermWorld(t, "a", dbtest.Open(t).Client)
	ctx := w.ctx
	// No policy: everyone.
	if ok, err := w.perms.Allowed(ctx, w.corp, w.oa["rd"]); !ok || err != nil {
		t.Fatalf("no policy: %v %v", ok, err)
	}
	if _, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Departments: []int{w.sales}, Users: []int{w.im["boss"]}}); err != nil {
		t.Fatal(err)
	}
	for who, want := range map[string]bool{"east": true, "rd": false, "boss": true, "loose": false} {
		if ok, err := w.perms.Allowed(ctx, w.corp, w.oa[who]); ok != want || err != nil {
			t.Errorf("%s: %v %v, want %v", who, ok, err, want)
		}
	}
	if b, err := w.perms.Create(ctx, "", strconv.Itoa(w.corp), strconv.Itoa(w.app), broadcast.ProviderWeComLiving, nil, w.input("east")); err != nil || b.PlatformID == "" {
		t.Fatalf("allowed create: %+v %v", b, err)
	}
	_, err := w.perms.Create(ctx, "", strconv.Itoa(w.corp), strconv.Itoa(w.app), broadcast.ProviderWeComLiving, nil, w.input("rd"))
	var npe *broadcast.NoPermissionError
	if !errors.As(err, &npe) || !errors.Is(err, broadcast.ErrNoPermission) || npe.RequesterID != w.oa["rd"] || npe.Draft.Title != "季度全员会" {
		t.Fatalf("refused create: %v", err)
	}
	if _, err := w.perms.Create(ctx, "", strconv.Itoa(w.corp), strconv.Itoa(w.app), broadcast.ProviderWeComLiving, nil, w.input("loose")); fieldRule(err) != "anchor/bound" {
		t.Fatalf("unbound anchor: %v", err)
	}
	bad := w.input("rd")
	bad.Title = "一个超过二十个字的直播标题一个超过二十个字的直播标题"
	if _, err := w.perms.Create(ctx, "", strconv.Itoa(w.corp), strconv.Itoa(w.app), broadcast.ProviderWeComLiving, nil, bad); fieldRule(err) != "title/max_length" {
		t.Fatalf("the rules come before the permission: %v", err)
	}
	if n := w.sim.Count("POST /cgi-bin/living/create"); n != 1 {
		t.Fatalf("living/create called %d times, want only the allowed one", n)
	}
	// Back to everyone.
	if _, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Everyone: true}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := w.perms.Allowed(ctx, w.corp, w.oa["rd"]); !ok {
		t.Fatal("everyone again: rd refused")
	}
}

func TestSetPolicyChecksTheOrgChartAndApprovers(t *testing.T) {
	db := dbtest.Open(t).Client
	w := newPermWorld(t, "a", db)
	other := newPermWorld(t, "b", db)
	ctx := w.ctx
	for name, tc := range map[string]struct {
		in   broadcast.PolicyInput
		want string
	}{
		"another tenant's corp":          {broadcast.PolicyInput{CorpID: other.corp, Everyone: true}, "corpID/exists"},
		"another tenant's dept":          {broadcast.PolicyInput{CorpID: w.corp, Departments: []int{other.sales}}, "departmentIDs/org_chart"},
		"an OA user, not the corp's":     {broadcast.PolicyInput{CorpID: w.corp, Users: []int{w.oa["east"]}}, "userIDs/org_chart"},
		"nobody selected":                {broadcast.PolicyInput{CorpID: w.corp}, "departmentIDs/required"},
		"named without names":            {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Named: true}, "approverIDs/approvers"},
		"a viewer as approver":           {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Named: true, Approvers: []int{w.viewer.ID}}, "approverIDs/approvers"},
		"another tenant's admin":         {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Named: true, Approvers: []int{other.admin.ID}}, "approverIDs/approvers"},
		"an unbound approving person":    {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Named: true, ApproverUsers: []int{w.oa["loose"]}}, "approverUserIDs/bound"},
		"an IM user as approving person": {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Named: true, ApproverUsers: []int{w.im["boss"]}}, "approverUserIDs/bound"},
		"another tenant's person":        {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Named: true, ApproverUsers: []int{other.oa["boss"]}}, "approverUserIDs/bound"},
		// ADMINS mode: named approvers would be dropped, so they are refused.
		"approvers without NAMED":        {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Approvers: []int{w.operator.ID}}, "approverIDs/named_only"},
		"approving people without NAMED": {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, ApproverUsers: []int{w.oa["boss"]}}, "approverUserIDs/named_only"},
		// EVERYONE: a selection would be stored with no effect, so it is refused.
		"departments with EVERYONE": {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Departments: []int{w.rd}}, "departmentIDs/selected_only"},
		"people with EVERYONE":      {broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Users: []int{w.im["rd"]}}, "userIDs/selected_only"},
	} {
		if _, err := w.perms.SetPolicy(ctx, tc.in); fieldRule(err) != tc.want {
			t.Errorf("%s: %v, want %s", name, err, tc.want)
		}
	}
	// A refusal names the offending ids, and only those.
	_, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Departments: []int{w.rd, other.sales}, Named: true,
		Approvers: []int{w.operator.ID, other.admin.ID}, ApproverUsers: []int{w.oa["boss"], w.oa["loose"]}})
	for field, want := range map[string]struct{ in, out int }{
		"departmentIDs":   {other.sales, w.rd},
		"approverIDs":     {other.admin.ID, w.operator.ID},
		"approverUserIDs": {w.oa["loose"], w.oa["boss"]},
	} {
		msg := fieldMessage(err, field)
		if !strings.Contains(msg, "not: "+strconv.Itoa(want.in)) || strings.Contains(msg, strconv.Itoa(want.out)) {
			t.Errorf("%s: %q should name %d and not %d", field, msg, want.in, want.out)
		}
	}
	if n := db.BroadcastPolicy.Query().CountX(ctx); n != 0 {
		t.Fatalf("%d policies stored by refused inputs", n)
	}
	p, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Users: []int{w.im["rd"], w.im["rd"]}, Named: true, Approvers: []int{w.operator.ID}})
	if err != nil || len(p.UserIds) != 1 || len(p.ApproverIds) != 1 {
		t.Fatalf("set: %+v %v", p, err)
	}
	// Named people alone are enough approvers; deduplicated.
	p, err = w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Everyone: true, Named: true, ApproverUsers: []int{w.oa["boss"], w.oa["boss"]}})
	if err != nil || len(p.ApproverUserIds) != 1 || len(p.ApproverIds) != 0 {
		t.Fatalf("named people: %+v %v", p, err)
	}
	if ap, _ := w.perms.Approvers(ctx, w.corp); len(ap.Admins) != 0 || len(ap.People) != 1 || ap.People[0].ID != w.oa["boss"] {
		t.Fatalf("approvers: %+v", ap)
	}
	// Replaced, not added: one row per corp.
	if _, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Departments: []int{w.rd}}); err != nil {
		t.Fatal(err)
	}
	if n := db.BroadcastPolicy.Query().CountX(ctx); n != 1 {
		t.Fatalf("%d policy rows", n)
	}
	if ap, _ := w.perms.Approvers(ctx, w.corp); len(ap.Admins) != 1 || ap.Admins[0].ID != w.admin.ID || len(ap.People) != 0 {
		t.Fatalf("back to the tenant's admins: %v", ap)
	}
}

func TestRequestApprovalGrantsAndCreatesTheWaitingBroadcast(t *testing.T) {
	db := dbtest.Open(t).Client
	w := newPermWorld(t, "a", db)
	other := newPermWorld(t, "b", db)
	ctx := w.ctx
	if _, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Departments: []int{w.sales}}); err != nil {
		t.Fatal(err)
	}
	_, err := w.perms.Create(ctx, "", strconv.Itoa(w.corp), strconv.Itoa(w.app), broadcast.ProviderWeComLiving, nil, w.input("rd"))
	var npe *broadcast.NoPermissionError
	if !errors.As(err, &npe) {
		t.Fatal(err)
	}
	r, err := w.perms.FileRefused(ctx, npe)
	if err != nil || !r.Auto || r.Draft == nil || r.Draft.AppID != w.app || r.Status != broadcastpermissionrequest.StatusPENDING {
		t.Fatalf("filed: %+v %v", r, err)
	}
	if !slices.Equal(w.notes.filed, []string{strconv.Itoa(r.ID) + "→a-admin"}) {
		t.Fatalf("approvers notified: %v", w.notes.filed)
	}
	// A second refusal finds the pending request instead of filing another.
	_, err = w.perms.Create(ctx, "", strconv.Itoa(w.corp), strconv.Itoa(w.app), broadcast.ProviderWeComLiving, nil, w.input("rd"))
	if !errors.As(err, &npe) || npe.PendingID != r.ID {
		t.Fatalf("second refusal: %v", err)
	}
	if again, err := w.perms.FileRefused(ctx, npe); err != nil || again.ID != r.ID {
		t.Fatalf("second filing: %v %v", again, err)
	}
	// The badge: the admin decides, the operator does not.
	if n, _ := w.perms.PendingCount(w.as(w.admin), 0); n != 1 {
		t.Fatalf("admin's badge: %d", n)
	}
	if n, _ := w.perms.PendingCount(w.as(w.operator), 0); n != 0 {
		t.Fatalf("operator's badge: %d", n)
	}
	if _, err := w.perms.Decide(w.as(w.operator), r.ID, true, "ok"); !errors.Is(err, broadcast.ErrNotApprover) {
		t.Fatalf("operator decided: %v", err)
	}
	if _, err := other.perms.Decide(other.as(other.admin), r.ID, true, "ok"); !errors.Is(err, broadcast.ErrRequestNotFound) {
		t.Fatalf("another tenant's admin decided: %v", err)
	}
	r, err = w.perms.Decide(w.as(w.admin), r.ID, true, "同意")
	if err != nil || r.Status != broadcastpermissionrequest.StatusAPPROVED || r.BroadcastID == nil || r.DeciderName != "a-admin" || r.Comment != "同意" || r.DecidedAt == nil {
		t.Fatalf("approve: %+v %v", r, err)
	}
	if n := w.sim.Count("POST /cgi-bin/living/create"); n != 1 {
		t.Fatalf("the waiting broadcast: living/create called %d times", n)
	}
	b := db.Broadcast.GetX(ctx, *r.BroadcastID)
	if b.AnchorOaUserID != w.oa["rd"] || b.Title != "季度全员会" || b.Status != "RESERVED" {
		t.Fatalf("the created broadcast: %+v", b)
	}
	if ok, _ := w.perms.Allowed(ctx, w.corp, w.oa["rd"]); !ok {
		t.Fatal("approval did not grant the permission")
	}
	if !slices.Equal(w.notes.decided, []string{strconv.Itoa(r.ID) + ":APPROVED"}) {
		t.Fatalf("requester notified: %v", w.notes.decided)
	}
	if _, err := w.perms.Decide(w.as(w.admin), r.ID, false, "again"); fieldRule(err) != "id/pending_only" {
		t.Fatalf("second decision: %v", err)
	}
	if n, _ := w.perms.PendingCount(w.as(w.admin), 0); n != 0 {
		t.Fatalf("badge after the decision: %d", n)
	}
	// Now allowed directly.
	if _, err := w.perms.Create(ctx, "", strconv.Itoa(w.corp), strconv.Itoa(w.app), broadcast.ProviderWeComLiving, nil, w.input("rd")); err != nil {
		t.Fatalf("create after approval: %v", err)
	}
}

func TestRejectionGrantsNothingAndNamedApproversDecide(t *testing.T) {
	w := newPermWorld(t, "a", dbtest.Open(t).Client)
	ctx := w.ctx
	if _, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Users: []int{w.im["boss"]}, Named: true, Approvers: []int{w.operator.ID}}); err != nil {
		t.Fatal(err)
	}
	d := broadcast.DraftOf(w.input("rd"), w.app, broadcast.ProviderWeComLiving)
	r, err := w.perms.File(ctx, broadcast.FileInput{CorpID: w.corp, RequesterID: w.oa["rd"], Reason: "想直播", Draft: &d})
	if err != nil || r.Auto {
		t.Fatalf("file: %+v %v", r, err)
	}
	if !slices.Equal(w.notes.filed, []string{strconv.Itoa(r.ID) + "→a-operator"}) {
		t.Fatalf("named approver notified: %v", w.notes.filed)
	}
	if _, err := w.perms.Decide(w.as(w.admin), r.ID, false, "no"); !errors.Is(err, broadcast.ErrNotApprover) {
		t.Fatalf("an admin not named decided: %v", err)
	}
	r, err = w.perms.Decide(w.as(w.operator), r.ID, false, "不行")
	if err != nil || r.Status != broadcastpermissionrequest.StatusREJECTED || r.BroadcastID != nil {
		t.Fatalf("reject: %+v %v", r, err)
	}
	if ok, _ := w.perms.Allowed(ctx, w.corp, w.oa["rd"]); ok || w.sim.Count("POST /cgi-bin/living/create") != 0 {
		t.Fatal("a rejection granted something")
	}
	if !slices.Equal(w.notes.decided, []string{strconv.Itoa(r.ID) + ":REJECTED"}) {
		t.Fatalf("requester notified: %v", w.notes.decided)
	}
}

func TestFileChecksTheRequest(t *testing.T) {
	db := dbtest.Open(t).Client
	w := newPermWorld(t, "a", db)
	other := newPermWorld(t, "b", db)
	ctx := w.ctx
	if _, err := w.perms.SetPolicy(ctx, broadcast.PolicyInput{CorpID: w.corp, Departments: []int{w.sales}}); err != nil {
		t.Fatal(err)
	}
	draft := func(mod func(*broadcast.Input), app int) *detail.BroadcastDraft {
		in := w.input("rd")
		mod(&in)
		d := broadcast.DraftOf(in, app, broadcast.ProviderWeComLiving)
		return &d
	}
	for name, tc := range map[string]struct {
		in   broadcast.FileInput
		want string
	}{
		"no reason":             {broadcast.FileInput{CorpID: w.corp, RequesterID: w.oa["rd"], Reason: "  "}, "reason/required"},
		"another tenant's corp": {broadcast.FileInput{CorpID: other.corp, RequesterID: w.oa["rd"], Reason: "r"}, "corpID/exists"},
		"an IM user":            {broadcast.FileInput{CorpID: w.corp, RequesterID: w.im["rd"], Reason: "r"}, "requesterID/oa_user"},
		"another tenant's user": {broadcast.FileInput{CorpID: w.corp, RequesterID: other.oa["rd"], Reason: "r"}, "requesterID/oa_user"},
		"already allowed":       {broadcast.FileInput{CorpID: w.corp, RequesterID: w.oa["east"], Reason: "r"}, "requesterID/already_allowed"},
		"a draft in the past": {broadcast.FileInput{CorpID: w.corp, RequesterID: w.oa["rd"], Reason: "r",
			Draft: draft(func(i *broadcast.Input) { i.Start = time.Now().Add(-time.Hour) }, w.app)}, "draft.start/future"},
		"a draft on another tenant's app": {broadcast.FileInput{CorpID: w.corp, RequesterID: w.oa["rd"], Reason: "r",
			Draft: draft(func(*broadcast.Input) {}, other.app)}, "draft.appID/corp"},
	} {
		if _, err := w.perms.File(ctx, tc.in); fieldRule(err) != tc.want {
			t.Errorf("%s: %v, want %s", name, err, tc.want)
		}
	}
	if n := db.BroadcastPermissionRequest.Query().CountX(ctx); n != 0 {
		t.Fatalf("%d requests stored by refused inputs", n)
	}
	if _, err := w.perms.File(ctx, broadcast.FileInput{CorpID: w.corp, RequesterID: w.oa["rd"], Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.perms.File(ctx, broadcast.FileInput{CorpID: w.corp, RequesterID: w.oa["rd"], Reason: "again"}); fieldRule(err) != "requesterID/pending" {
		t.Fatalf("a second pending request: %v", err)
	}
}

// fieldMessage is the message of err's error on field ("" if none).
func fieldMessage(err error, field string) string {
	var fe broadcast.FieldErrors
	if errors.As(err, &fe) {
		for _, f := range fe {
			if f.Field == field {
				return f.Message
			}
		}
	}
	return ""
}
