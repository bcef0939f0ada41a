package graph_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
	simvolcano "imbridge/platform/sim/volcano"
	simwecom "imbridge/platform/sim/wecom"
	"imbridge/platform/wecom"
	"imbridge/worker/broadcast"
)

// broadcastEnv is a tenant with a WeCom corp on the WeCom simulator (an
// app with living), an OA directory, and OA users bound in three ways:
// alice in range, bob out of the app's visible range, ghost bound to a
// WeCom userid WeCom does not know; carol is not bound.
type broadcastEnv struct {
	env                      *graphtest.Env
	adm                      *graphtest.Caller
	tenant                   *ent.Tenant
	sim                      *simwecom.Server
	corp, app                int
	alice, bob, ghost, carol int
}

func newBroadcastEnv(t *testing.T) *broadcastEnv {
	t.Helper()
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	org := simwecom.Generate(simwecom.GenOptions{Users: 8, Departments: 2, CorpID: "wwlive0001", Seed: 5})
	sim := simwecom.New(simwecom.Config{Org: org, Apps: []simwecom.App{{AgentID: 1000002, Secret: "s", Living: true}}})
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { srv.Close(); sim.Close() })
	var c struct{ CreateCorp struct{ ID string } }
	adm.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "wecom", "name": "企微", "corpID": "wwlive0001", "apiBaseURL": srv.URL}}, &c)
	var a struct{ CreateApp struct{ ID string } }
	adm.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": c.CreateCorp.ID, "name": "OA", "appID": "1000002", "appSecret": "s"}}, &a)
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(env.Logs.String())
		}
	})
	e := &broadcastEnv{env: env, adm: adm, tenant: tn, sim: sim, corp: atoi(t, c.CreateCorp.ID), app: atoi(t, a.CreateApp.ID)}
	seedDirectory(t, adm, "A", "A")
	ctx := viewer.System(context.Background(), "test", tn.ID)
	oa := oaIDs(t, env.Client.User.Query().Order(ent.Asc("external_id")).IDsX(ctx), env, ctx, "users")
	e.alice, e.bob = oa[0], oa[1]
	e.ghost = env.Client.User.Create().SetExternalID("U-A-3").SetName("A-Ghost").SaveX(ctx).ID
	e.carol = env.Client.User.Create().SetExternalID("U-A-4").SetName("A-Carol").SaveX(ctx).ID
	users := org.Users()
	bind := func(oaUser int, userid string, out bool) {
		u := env.Client.User.Create().SetCorpID(e.corp).SetExternalID(userid).SetName(userid)
		if out {
			u.SetOutOfScopeAt(time.Now())
		}
		im := u.SaveX(ctx)
		env.Client.Binding.Create().SetCorpID(e.corp).SetKind(binding.KindUser).SetOaUserID(oaUser).SetImUserID(im.ID).
			SetMethod(binding.MethodManual).SaveX(ctx)
	}
	bind(e.alice, users[0].UserID, false)
	bind(e.bob, users[1].UserID, true)
	bind(e.ghost, "not-in-wecom", false)
	// A viewer bound too, so the statistics show its OA identity.
	viewerOA := env.Client.User.Create().SetExternalID("U-A-5").SetName("A-Viewer").SaveX(ctx).ID
	bind(viewerOA, users[2].UserID, false)
	return e
}

const createBroadcast = `mutation($in: CreateBroadcastInput!) { createBroadcast(input: $in) {
	id status replayStatus platformID title liveType notes activityImages provider } }`

func (e *broadcastEnv) input(over map[string]any) map[string]any {
	in := map[string]any{"corpID": e.corp, "appID": e.app, "anchorID": e.alice, "title": "季度全员会",
		"startTime": time.Now().Add(2 * time.Hour).Format(time.RFC3339), "durationSeconds": 3600}
	for k, v := range over {
		if v == nil {
			delete(in, k)
			continue
		}
		in[k] = v
	}
	return in
}

type gqlBroadcast struct {
	ID, Status, ReplayStatus, PlatformID, Title, Provider string
	LiveType                                              int
	Notes, ActivityImages                                 []string
}

// Every seed-002 rule, through GraphQL: a BAD_USER_INPUT naming the field
// and the rule, and nothing sent to WeCom.
func TestCreateBroadcastRules(t *testing.T) {
	e := newBroadcastEnv(t)
	past := time.Now().Add(-time.Minute).Format(time.RFC3339)
	for _, tc := range []struct {
		name  string
		over  map[string]any
		field string
		rule  string
	}{
		{"title over 20", map[string]any{"title": strings.Repeat("直", 21)}, "input.title", "broadcast.max_length"},
		{"title empty", map[string]any{"title": " "}, "input.title", "broadcast.required"},
		{"description over 100", map[string]any{"description": strings.Repeat("述", 101)}, "input.description", "broadcast.max_length"},
		{"start in the past", map[string]any{"startTime": past}, "input.startTime", "broadcast.future"},
		{"duration under a minute", map[string]any{"durationSeconds": 59}, "input.durationSeconds", "broadcast.min"},
		{"negative remind", map[string]any{"remindSeconds": -1}, "input.remindSeconds", "broadcast.min"},
		{"unknown type", map[string]any{"liveType": 5}, "input.liveType", "broadcast.enum"},
		{"activity fields on 通用直播", map[string]any{"activity": map[string]any{"description": "x"}}, "input.activity", "broadcast.activity_only"},
		{"anchor not bound", map[string]any{"anchorID": e.carol}, "input.anchorID", "broadcast.bound"},
		{"anchor outside the visible range", map[string]any{"anchorID": e.bob}, "input.anchorID", "broadcast.visible_range"},
		{"anchor not an OA user", map[string]any{"anchorID": 999999}, "input.anchorID", "broadcast.anchor"},
		{"volcano on a WeCom corp", map[string]any{"provider": "volcano_live"}, "input.provider", ""},
		// The attack pass (issue 12 hardening): every one refused before WeCom.
		// Refused by the shared text rule of every GraphQL argument
		// (text_check.go) before the broadcast rules see it.
		{"NUL, ESC and RLO in the title", map[string]any{"title": "a\u0000b\u001b[31m\u202e"}, "input.title", ""},
		{"cover 3000 bytes", map[string]any{"liveType": 4, "activity": map[string]any{"coverMediaID": strings.Repeat("z", 3000)}}, "input.activity.coverMediaID", "broadcast.max_length"},
		{"activity description 5000", map[string]any{"liveType": 4, "activity": map[string]any{"description": strings.Repeat("y", 5000)}}, "input.activity.description", "broadcast.max_length"},
		{"duration 2^40 s", map[string]any{"durationSeconds": int64(1) << 40}, "input.durationSeconds", "broadcast.range"},
		{"remind 2147483647 s", map[string]any{"remindSeconds": 2147483647}, "input.remindSeconds", "broadcast.max"},
		{"start 9999-12-31", map[string]any{"startTime": "9999-12-31T23:59:59Z"}, "input.startTime", "broadcast.max"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, err := e.adm.ErrCode(createBroadcast, map[string]any{"in": e.input(tc.over)})
			if code != "BAD_USER_INPUT" || err.Extensions["field"] != tc.field || tc.rule != "" && err.Extensions["reason"] != tc.rule {
				t.Fatalf("got %s %+v", code, err)
			}
		})
	}
	// Several broken rules: each is reported.
	r := e.adm.Do(createBroadcast, map[string]any{"in": e.input(map[string]any{"title": strings.Repeat("直", 21), "durationSeconds": 10})})
	fields := map[any]bool{}
	for _, er := range r.Errors {
		fields[er.Extensions["field"]] = true
	}
	if !fields["input.title"] || !fields["input.durationSeconds"] {
		t.Fatalf("both rules reported: %+v", r.Errors)
	}
	if n := e.sim.Count(wecom.APILivingCreate); n != 0 {
		t.Fatalf("%d refused broadcasts reached WeCom", n)
	}
	if n := e.env.Client.Broadcast.Query().CountX(viewer.System(context.Background(), "t", e.tenant.ID)); n != 0 {
		t.Fatalf("%d refused broadcasts stored", n)
	}
}

// The WeCom state machine through GraphQL: create (defaults, more than 5
// pictures kept to 5 and said), update and cancel only while reserved,
// the refreshing query, the statistics with OA identities, the export,
// and the replay deleted only once ended with a ready replay.
func TestBroadcastLifecycleWeCom(t *testing.T) {
	e := newBroadcastEnv(t)
	var out struct{ CreateBroadcast gqlBroadcast }
	e.adm.MustDo(createBroadcast, map[string]any{"in": e.input(map[string]any{"liveType": 4,
		"activity": map[string]any{"description": "年会", "images": []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7"}}})}, &out)
	b := out.CreateBroadcast
	if b.Status != "RESERVED" || b.ReplayStatus != "NONE" || b.Provider != "wecom_living" || len(b.ActivityImages) != 5 ||
		len(b.Notes) != 1 || !strings.Contains(b.Notes[0], "first 5") {
		t.Fatalf("created: %+v", b)
	}
	if l, ok := e.sim.GetLiving(b.PlatformID); !ok || len(l.ActivityImages) != 5 || l.Type != 4 {
		t.Fatalf("on WeCom: %+v", l)
	}
	// Type defaults to 通用直播 and remind to 0.
	var def struct{ CreateBroadcast gqlBroadcast }
	e.adm.MustDo(createBroadcast, map[string]any{"in": e.input(nil)}, &def)
	if def.CreateBroadcast.LiveType != 0 {
		t.Fatalf("default type: %+v", def.CreateBroadcast)
	}

	const update = `mutation($id: ID!, $in: UpdateBroadcastInput!) { updateBroadcast(id: $id, input: $in) { id title durationSeconds } }`
	var up struct {
		UpdateBroadcast struct {
			Title           string
			DurationSeconds int
		}
	}
	e.adm.MustDo(update, map[string]any{"id": b.ID, "in": map[string]any{"title": "年会（改）"}}, &up)
	if up.UpdateBroadcast.Title != "年会（改）" || up.UpdateBroadcast.DurationSeconds != 3600 {
		t.Fatalf("update kept the rest: %+v", up)
	}
	if l, _ := e.sim.GetLiving(b.PlatformID); l.Theme != "年会（改）" {
		t.Fatalf("modify not sent: %q", l.Theme)
	}
	if code, er := e.adm.ErrCode(update, map[string]any{"id": b.ID, "in": map[string]any{"title": strings.Repeat("改", 21)}}); code != "BAD_USER_INPUT" || er.Extensions["field"] != "input.title" {
		t.Fatalf("update rules: %s %+v", code, er)
	}

	// Live, then ended with two viewers; the query reads WeCom again.
	_ = e.sim.StartLiving(b.PlatformID)
	users := e.sim.Org().Users()
	_ = e.sim.EndLiving(b.PlatformID, simwecom.WatchRecord{UserID: users[2].UserID, WatchTime: 600, IsComment: 1},
		simwecom.WatchRecord{UserID: users[3].UserID, WatchTime: 120, IsMic: 1})
	// Nothing reached us yet (no callback in this test): the query reads
	// WeCom and the stored state follows.
	e.adm.MustDo(`query($id: ID!) { broadcast(id: $id) { id } }`, map[string]any{"id": b.ID}, nil)
	const del = `mutation($id: ID!) { deleteBroadcastReplay(id: $id) { id replayStatus } }`
	if code, er := e.adm.ErrCode(del, map[string]any{"id": b.ID}); code != "BAD_USER_INPUT" || er.Extensions["reason"] != "broadcast.ended_with_replay" {
		t.Fatalf("delete replay while generating: %s %+v", code, er)
	}
	for _, q := range []string{update, `mutation($id: ID!) { cancelBroadcast(id: $id) { id } }`} {
		vars := map[string]any{"id": b.ID, "in": map[string]any{"title": "x"}}
		if !strings.Contains(q, "$in") {
			delete(vars, "in")
		}
		if code, er := e.adm.ErrCode(q, vars); code != "BAD_USER_INPUT" || er.Extensions["reason"] != "broadcast.reserved_only" {
			t.Fatalf("%s after the end: %s %+v", q, code, er)
		}
	}
	if e.sim.Count(wecom.APILivingCancel) != 0 {
		t.Fatal("a refused cancel reached WeCom")
	}
	_ = e.sim.ReplayReady(b.PlatformID, false)
	var got struct {
		Broadcast struct {
			Status, ReplayStatus string
			Anchor               struct{ Name string }
			Stats                struct{ Viewers, TotalWatchSeconds, AverageWatchSeconds, Comments, Mics, ViewerRecords int }
			Watchers             struct {
				Edges []struct {
					Node struct {
						ImUserID     string
						WatchSeconds int
						OaUser       *struct{ Name string }
					}
				}
			}
		}
	}
	e.adm.MustDo(`query($id: ID!) { broadcast(id: $id) { status replayStatus anchor { name }
		stats { viewers totalWatchSeconds averageWatchSeconds comments mics viewerRecords }
		watchers(first: 10, orderBy: {field: WATCH_SECONDS, direction: DESC}) { edges { node { imUserID watchSeconds oaUser { name } } } } } }`,
		map[string]any{"id": b.ID}, &got)
	g := got.Broadcast
	if g.Status != "ENDED" || g.ReplayStatus != "READY" || g.Anchor.Name != "A-Alice" {
		t.Fatalf("refreshed: %+v", g)
	}
	if s := g.Stats; s.Viewers != 2 || s.TotalWatchSeconds != 720 || s.AverageWatchSeconds != 360 || s.Comments != 1 || s.Mics != 1 || s.ViewerRecords != 2 {
		t.Fatalf("stats: %+v", s)
	}
	if w := g.Watchers.Edges; len(w) != 2 || w[0].Node.WatchSeconds != 600 || w[0].Node.OaUser == nil || w[0].Node.OaUser.Name != "A-Viewer" || w[1].Node.OaUser != nil {
		t.Fatalf("viewers: %+v", w)
	}

	var ex struct {
		BroadcastExport struct {
			FileName, ContentBase64 string
			Rows                    int
		}
	}
	e.adm.MustDo(`query($id: ID!) { broadcastExport(id: $id) { fileName contentBase64 rows } }`, map[string]any{"id": b.ID}, &ex)
	raw, _ := base64.StdEncoding.DecodeString(ex.BroadcastExport.ContentBase64)
	x, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil || ex.BroadcastExport.Rows != 2 || !strings.HasSuffix(ex.BroadcastExport.FileName, ".xlsx") {
		t.Fatalf("export: %v %+v", err, ex.BroadcastExport)
	}
	rows, _ := x.GetRows("观众 Viewers")
	if len(rows) != 3 || rows[1][0] != users[2].UserID || rows[1][4] != "A-Viewer" || rows[1][5] != "600" || rows[1][8] == broadcast.MicNotReported {
		t.Fatalf("export rows: %v", rows)
	}

	var d struct{ DeleteBroadcastReplay struct{ ReplayStatus string } }
	e.adm.MustDo(del, map[string]any{"id": b.ID}, &d)
	if d.DeleteBroadcastReplay.ReplayStatus != "DELETED" {
		t.Fatalf("delete replay: %+v", d)
	}
	if code, _ := e.adm.ErrCode(del, map[string]any{"id": b.ID}); code != "BAD_USER_INPUT" {
		t.Fatalf("deleting a deleted replay: %s", code)
	}

	// Cancel while reserved.
	var c struct{ CancelBroadcast struct{ Status string } }
	e.adm.MustDo(`mutation($id: ID!) { cancelBroadcast(id: $id) { status } }`, map[string]any{"id": def.CreateBroadcast.ID}, &c)
	if c.CancelBroadcast.Status != "CANCELLED" || e.sim.Count(wecom.APILivingCancel) != 1 {
		t.Fatalf("cancel: %+v", c)
	}
}

// WeCom's own refusal (an anchor WeCom does not know) comes back as
// PLATFORM_ERROR with WeCom's code; nothing is stored.
func TestBroadcastPlatformRefusal(t *testing.T) {
	e := newBroadcastEnv(t)
	code, er := e.adm.ErrCode(createBroadcast, map[string]any{"in": e.input(map[string]any{"anchorID": e.ghost})})
	if code != "PLATFORM_ERROR" || er.Extensions["platformCode"] != float64(60111) {
		t.Fatalf("got %s %+v", code, er)
	}
	if n := e.env.Client.Broadcast.Query().CountX(viewer.System(context.Background(), "t", e.tenant.ID)); n != 0 {
		t.Fatalf("%d stored", n)
	}
}

// Scopes: only broadcast:write creates and changes broadcasts; a push or
// read token cannot.
func TestBroadcastScopes(t *testing.T) {
	e := newBroadcastEnv(t)
	for _, scope := range []viewer.Scope{viewer.ScopePushWrite, viewer.ScopeRead, viewer.ScopeIntegrationWrite} {
		tok := e.env.Token(e.tenant.ID, "t-"+string(scope), scope)
		if code, _ := tok.ErrCode(createBroadcast, map[string]any{"in": e.input(nil)}); code != "FORBIDDEN" {
			t.Fatalf("%s token: %s", scope, code)
		}
	}
	w := e.env.Token(e.tenant.ID, "writer", viewer.ScopeBroadcastWrite, viewer.ScopeRead)
	var out struct{ CreateBroadcast gqlBroadcast }
	w.MustDo(createBroadcast, map[string]any{"in": e.input(nil)}, &out)
	for _, q := range []string{`mutation($id: ID!) { cancelBroadcast(id: $id) { id } }`, `mutation($id: ID!) { deleteBroadcastReplay(id: $id) { id } }`} {
		tok := e.env.Token(e.tenant.ID, "pusher", viewer.ScopePushWrite, viewer.ScopeRead)
		if code, _ := tok.ErrCode(q, map[string]any{"id": out.CreateBroadcast.ID}); code != "FORBIDDEN" {
			t.Fatalf("push token on %s: %s", q, code)
		}
	}
	if code, _ := w.ErrCode(`mutation($id: ID!) { setVolcanoKeys(corpID: $id, input: {accessKeyID: "x"}) { id } }`, map[string]any{"id": e.corp}); code != "FORBIDDEN" {
		t.Fatalf("broadcast token setting keys: %s", code)
	}
}

// Volcano enterprise live on a Feishu corp: keys sealed and never
// returned, the room created and read back through the signed API, no
// replay-delete API, cancel deletes the room.
func TestBroadcastVolcano(t *testing.T) {
	e := newBroadcastEnv(t)
	sim := simvolcano.New(simvolcano.Config{Keys: map[string]string{"AKLTvolc": "sk-volc-secret"}})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	feishuCorp, feishuApp := seedCorpAndApp(t, e.adm, "飞书", "cli_live", "app-secret-0123456789")
	const setKeys = `mutation($id: ID!, $in: VolcanoKeysInput!) { setVolcanoKeys(corpID: $id, input: $in) {
		id volcanoKeysSet volcanoBaseURL volcanoCallbackSecretSet volcanoCallbackURL } }`
	if code, er := e.adm.ErrCode(setKeys, map[string]any{"id": e.corp, "in": map[string]any{"accessKeyID": "x"}}); code != "BAD_USER_INPUT" || er.Extensions["field"] != "corpID" {
		t.Fatalf("keys on a WeCom corp: %s %+v", code, er)
	}
	// Volcano has no anchor; the rules still ask for a bound one.
	ctx := viewer.System(context.Background(), "test", e.tenant.ID)
	im := e.env.Client.User.Create().SetCorpID(feishuCorp).SetExternalID("ou_alice").SetName("alice").SaveX(ctx)
	e.env.Client.Binding.Create().SetCorpID(feishuCorp).SetKind(binding.KindUser).SetOaUserID(e.alice).SetImUserID(im.ID).SetMethod(binding.MethodManual).SaveX(ctx)
	// No keys yet: a clear refusal, not a platform call.
	if code, _ := e.adm.ErrCode(createBroadcast, map[string]any{"in": e.input(map[string]any{"corpID": feishuCorp, "appID": feishuApp})}); code != "CONFLICT" {
		t.Fatalf("create without keys: %s", code)
	}
	r := e.adm.Do(setKeys, map[string]any{"id": feishuCorp, "in": map[string]any{"baseURL": srv.URL, "accessKeyID": "AKLTvolc",
		"secretAccessKey": "sk-volc-secret", "callbackSecret": "cb-secret"}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"volcanoKeysSet":true`) || !strings.Contains(string(r.Data), "/callback/volcano/") {
		t.Fatalf("set keys: %s %+v", r.Data, r.Errors)
	}
	for _, secret := range []string{"sk-volc-secret", "cb-secret", "AKLTvolc"} {
		if strings.Contains(string(r.Data), secret) {
			t.Fatalf("a key was returned: %s", r.Data)
		}
	}
	// Over Volcano's 72 hours: the field's rule, not INTERNAL, and no room
	// consumed (issue 12 hardening).
	for _, d := range []int{259201, 300000, 2147483647} {
		code, er := e.adm.ErrCode(createBroadcast, map[string]any{"in": e.input(map[string]any{"corpID": feishuCorp, "appID": feishuApp, "durationSeconds": d})})
		if code != "BAD_USER_INPUT" || er.Extensions["field"] != "input.durationSeconds" || er.Extensions["reason"] != "broadcast.max" {
			t.Fatalf("duration %d: %s %+v", d, code, er)
		}
	}
	if reqs := sim.Requests(); slices.Contains(reqs, "CreateActivityAPIV2") || slices.Contains(reqs, "CreateActivity") {
		t.Fatalf("refused inputs reached Volcano: %v", reqs)
	}
	var out struct{ CreateBroadcast gqlBroadcast }
	e.adm.MustDo(createBroadcast, map[string]any{"in": e.input(map[string]any{"corpID": feishuCorp, "appID": feishuApp})}, &out)
	b := out.CreateBroadcast
	// The same cap on update (it was stored before).
	if code, er := e.adm.ErrCode(`mutation($id: ID!) { updateBroadcast(id: $id, input: {durationSeconds: 300000}) { id } }`, map[string]any{"id": b.ID}); code != "BAD_USER_INPUT" || er.Extensions["field"] != "input.durationSeconds" {
		t.Fatalf("update over 72 h: %s %+v", code, er)
	}
	id, _ := strconv.ParseInt(b.PlatformID, 10, 64)
	if room, ok := sim.Room(id); !ok || b.Provider != "volcano_live" || room.Name != "季度全员会" {
		t.Fatalf("room: %+v %+v", b, room)
	}
	var live struct{ CreateBroadcast gqlBroadcast }
	e.adm.MustDo(createBroadcast, map[string]any{"in": e.input(map[string]any{"corpID": feishuCorp, "appID": feishuApp, "title": "二场"})}, &live)
	lid, _ := strconv.ParseInt(live.CreateBroadcast.PlatformID, 10, 64)
	sim.SetWatch(lid, 50, 20, 9, 200)
	// Per-viewer rows (ListUserBehaviorDataAPIV2): alice (bound, her
	// Feishu id as Volcano's ExternalUserId) came twice and commented; a
	// guest is bound to no one.
	sim.SetBehaviour(lid, simvolcano.Behaviour{UserID: 11, ExternalUserID: "ou_alice", UserName: "alice", WatchTime: 600, CommentCounts: 2},
		simvolcano.Behaviour{UserID: 12, ExternalUserID: "guest-1", UserName: "访客", WatchTime: 30},
		simvolcano.Behaviour{UserID: 11, ExternalUserID: "ou_alice", UserName: "alice", WatchTime: 300, CommentCounts: 1})
	_, _ = sim.SetStatus(lid, 3) // 回放
	type watcher struct {
		ExternalUserID, Name       string
		WatchSeconds, CommentCount int
		Commented                  bool
		OaUser                     *struct{ Name string }
	}
	var got struct {
		Broadcast struct {
			Status, ReplayStatus string
			Stats                struct{ Viewers, PeakOnline, TotalWatchSeconds, Comments, ViewerRecords int }
			Watchers             struct{ Edges []struct{ Node watcher } }
		}
	}
	e.adm.MustDo(`query($id: ID!) { broadcast(id: $id) { status replayStatus stats { viewers peakOnline totalWatchSeconds comments viewerRecords }
		watchers(orderBy: {field: WATCH_SECONDS, direction: DESC}) { edges { node { externalUserID name watchSeconds commentCount commented oaUser { name } } } } } }`,
		map[string]any{"id": live.CreateBroadcast.ID}, &got)
	if g := got.Broadcast; g.Status != "ENDED" || g.ReplayStatus != "READY" || g.Stats.PeakOnline != 9 || g.Stats.Viewers != 20 || g.Stats.TotalWatchSeconds != 12000 ||
		g.Stats.Comments != 3 || g.Stats.ViewerRecords != 2 {
		t.Fatalf("refreshed: %+v", g)
	}
	ws := got.Broadcast.Watchers.Edges
	if len(ws) != 2 || ws[0].Node.ExternalUserID != "ou_alice" || ws[0].Node.WatchSeconds != 900 || ws[0].Node.CommentCount != 3 || !ws[0].Node.Commented ||
		ws[0].Node.OaUser == nil || ws[1].Node.OaUser != nil || ws[1].Node.Name != "访客" {
		t.Fatalf("viewers: %+v", ws)
	}
	aliceName := ws[0].Node.OaUser.Name
	// Volcano reports no per-viewer mic (连麦): the export says so rather
	// than a 0 or a "no" (WatchTime is read as seconds: 600 + 300 = 900).
	var vex struct {
		BroadcastExport struct{ ContentBase64 string }
	}
	e.adm.MustDo(`query($id: ID!) { broadcastExport(id: $id) { contentBase64 } }`, map[string]any{"id": live.CreateBroadcast.ID}, &vex)
	vraw, _ := base64.StdEncoding.DecodeString(vex.BroadcastExport.ContentBase64)
	vx, err := excelize.OpenReader(bytes.NewReader(vraw))
	if err != nil {
		t.Fatal(err)
	}
	if mic, _ := vx.GetCellValue("统计 Summary", "B9"); mic != broadcast.MicNotReported {
		t.Fatalf("summary mic of a Volcano broadcast: %q", mic)
	}
	if vrows, _ := vx.GetRows("观众 Viewers"); len(vrows) != 3 || vrows[1][5] != "900" || vrows[1][8] != broadcast.MicNotReported {
		t.Fatalf("Volcano export rows: %v", vrows)
	}
	// The OA identity was stored at refresh time: unbinding alice later
	// does not take it off the statistics read without a refresh.
	e.env.Client.Binding.Delete().Where(binding.ImUserID(im.ID)).ExecX(ctx)
	var list struct {
		Broadcasts struct {
			Edges []struct {
				Node struct {
					ID       string
					Watchers struct{ Edges []struct{ Node watcher } }
				}
			}
		}
	}
	e.adm.MustDo(`{ broadcasts(first: 5) { edges { node { id watchers(first: 5, orderBy: {field: WATCH_SECONDS, direction: DESC}) { edges { node { externalUserID oaUser { name } } } } } } } }`, nil, &list)
	found := false
	for _, n := range list.Broadcasts.Edges {
		if n.Node.ID == live.CreateBroadcast.ID {
			found = true
			if w := n.Node.Watchers.Edges; len(w) != 2 || w[0].Node.OaUser == nil || w[0].Node.OaUser.Name != aliceName {
				t.Fatalf("stored identity lost: %+v", w)
			}
		}
	}
	if !found {
		t.Fatal("the broadcast is not listed")
	}
	if code, er := e.adm.ErrCode(`mutation($id: ID!) { deleteBroadcastReplay(id: $id) { id } }`, map[string]any{"id": live.CreateBroadcast.ID}); code != "BAD_USER_INPUT" || er.Extensions["reason"] != "broadcast.unsupported" {
		t.Fatalf("volcano replay delete: %s %+v", code, er)
	}
	var c struct{ CancelBroadcast struct{ Status string } }
	e.adm.MustDo(`mutation($id: ID!) { cancelBroadcast(id: $id) { status } }`, map[string]any{"id": b.ID}, &c)
	if _, ok := sim.Room(id); ok || c.CancelBroadcast.Status != "CANCELLED" {
		t.Fatalf("cancel: %+v, room still there: %v", c, ok)
	}
	// A new base URL without new keys clears them: they are never sent to
	// a host they were not entered for.
	r = e.adm.Do(setKeys, map[string]any{"id": feishuCorp, "in": map[string]any{"baseURL": "https://livesaas.volcengineapi.com"}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"volcanoKeysSet":false`) || !strings.Contains(string(r.Data), `"volcanoCallbackSecretSet":false`) {
		t.Fatalf("new URL: %s %+v", r.Data, r.Errors)
	}
}

// A mutation's selection the token may not read is refused BEFORE the
// platform is called (issue 12 hardening): the attack pass's
// cancelBroadcast { watchers } with a broadcast:write token deleted the
// room and rolled the bridge's row back. Fragments count too.
func TestBroadcastSelectionRefusedBeforePlatform(t *testing.T) {
	e := newBroadcastEnv(t)
	var out struct{ CreateBroadcast gqlBroadcast }
	e.adm.MustDo(createBroadcast, map[string]any{"in": e.input(nil)}, &out)
	id := out.CreateBroadcast.ID
	w := e.env.Token(e.tenant.ID, "writer-only", viewer.ScopeBroadcastWrite)
	for _, q := range []string{
		`mutation($id: ID!) { cancelBroadcast(id: $id) { id status watchers(first: 3) { totalCount } } }`,
		`mutation($id: ID!) { cancelBroadcast(id: $id) { id ...W } } fragment W on Broadcast { anchor { id } }`,
		`mutation($id: ID!) { updateBroadcast(id: $id, input: {title: "probe2"}) { id ... on Broadcast { watchers { totalCount } } } }`,
	} {
		if code, er := w.ErrCode(q, map[string]any{"id": id}); code != "FORBIDDEN" {
			t.Fatalf("%s: %s %+v", q, code, er)
		}
	}
	if n, m := e.sim.Count(wecom.APILivingCancel), e.sim.Count(wecom.APILivingModify); n != 0 || m != 0 {
		t.Fatalf("the platform was called: %d cancels, %d modifies", n, m)
	}
	// The changed object's own fields stay allowed.
	var c struct{ CancelBroadcast struct{ Status string } }
	w.MustDo(`mutation($id: ID!) { cancelBroadcast(id: $id) { id status } }`, map[string]any{"id": id}, &c)
	if c.CancelBroadcast.Status != "CANCELLED" || e.sim.Count(wecom.APILivingCancel) != 1 {
		t.Fatalf("own fields: %+v", c)
	}
}
