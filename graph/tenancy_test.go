package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/auditevent"
	"imbridge/ent/binding"
	"imbridge/ent/database/dbtest"
	"imbridge/ent/detail"
	"imbridge/ent/migrate"
	"imbridge/ent/reviewitem"
	"imbridge/ent/syncchange"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/ent/webhookdelivery"
	"imbridge/graph/graphtest"
)

// bMarker is part of every name in tenant B, so any response of tenant A
// that contains it has leaked B's data.
const bMarker = "zzB"

// tenancyFixture is the world of the cross-tenant matrix: tenant B with a row
// in every entity, tenant A with its own rows and callers.
type tenancyFixture struct {
	env              *graphtest.Env
	a, b             *ent.Tenant
	aToken, aAdmin   *graphtest.Caller
	bToken, bAdmin   *graphtest.Caller
	root             *graphtest.Caller // super admin, no tenant picked
	rootInA          *graphtest.Caller // super admin acting in A
	bIDs             map[string][]int  // B's row ids by table, from the database
	bAll             []int             // all of B's ids (and B's tenant id)
	bCorp, bApp      int
	bOADepts         []int // HQ, R&D
	bOAUsers         []int // Alice, Bob
	bIMUser, bIMDept int
	bRun, bLiveRun   int
	bAdminID         int
	bTokenID         int
	bProfile         int // 0 until the schema has sync profiles
	bHook, bDelivery int // B's OA webhook endpoint and a dead delivery of it
	bSync, bReview   int // B's sync run awaiting approval and its review item
	aHook            int
	bPushRule        int // B's push rule, its to-do message and a dead delivery
	bMessage         int
	bPushDelivery    int
	aPushRule        int
	aMessage         int
	aCorp, aApp      int
	aRun             int
	aProfile         int
	fields           []string        // Query.x, Mutation.x, Subscription.x of the running schema
	types            map[string]bool // the schema's type names
}

func (f *tenancyFixture) hasField(name string) bool { return slices.Contains(f.fields, name) }

// TestCrossTenantIsolation: a token (or admin) of tenant A can neither read
// nor change anything of tenant B, through any query, mutation or
// subscription. Every root field of the schema must have a case here; a new
// field without one fails the test.
func TestCrossTenantIsolation(t *testing.T) {
	f := newTenancyFixture(t)

	cases := []struct {
		field string
		run   func(t *testing.T, f *tenancyFixture)
	}{
		{"Query.viewer", caseViewer},
		{"Query.node", caseNode},
		{"Query.nodes", caseNodes},
		{"Query.apiTokens", connCase("apiTokens", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{{"idIn": f.bIDs["api_tokens"]}, {"name": bMarker + "-token"}, {"nameContains": bMarker}}
		})},
		{"Query.admins", connCase("admins", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{{"idIn": f.bIDs["admins"]}, {"usernameIn": []string{"b-admin", "zzb-operator"}}, {"usernameContains": "b-"}}
		})},
		{"Query.apps", connCase("apps", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": []int{f.bApp}}, {"corpIDIn": []int{f.bCorp}}, {"corpID": f.bCorp},
				{"hasCorpWith": []map[string]any{{"idIn": []int{f.bCorp}}}}, {"appID": "cli_bbb"},
			}
		})},
		{"Query.auditEvents", connCase("auditEvents", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": f.bIDs["audit_events"]}, {"actorName": "b-admin"},
				{"targetIDIn": []string{strconv.Itoa(f.bCorp), strconv.Itoa(f.bApp)}}, {"summaryContains": bMarker},
			}
		})},
		{"Query.bindings", connCase("bindings", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": f.bIDs["bindings"]}, {"corpIDIn": []int{f.bCorp}}, {"oaUserIDIn": f.bOAUsers}, {"imUserID": f.bIMUser},
				{"imDepartmentID": f.bIMDept}, {"hasCorpWith": []map[string]any{{"idIn": []int{f.bCorp}}}},
				{"hasOaUserWith": []map[string]any{{"idIn": f.bOAUsers}}}, {"hasImUserWith": []map[string]any{{"nameContains": bMarker}}},
			}
		})},
		{"Query.corps", connCase("corps", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": []int{f.bCorp}}, {"id": f.bCorp}, {"nameContains": bMarker},
				{"hasAppsWith": []map[string]any{{"idIn": []int{f.bApp}}}},
			}
		})},
		{"Query.departments", connCase("departments", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": append(slices.Clone(f.bOADepts), f.bIMDept)}, {"corpIDIn": []int{f.bCorp}}, {"parentIDIn": f.bOADepts},
				{"hasParentWith": []map[string]any{{"idIn": f.bOADepts}}}, {"hasMembershipsWith": []map[string]any{{"userIDIn": f.bOAUsers}}},
				{"nameContains": bMarker}, {"oaSide": true, "idIn": f.bOADepts}, {"oaSide": false, "corpID": f.bCorp},
			}
		})},
		{"Query.memberships", connCase("memberships", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": f.bIDs["memberships"]}, {"userIDIn": f.bOAUsers}, {"departmentIDIn": f.bOADepts},
				{"hasUserWith": []map[string]any{{"nameContains": bMarker}}}, {"hasDepartmentWith": []map[string]any{{"idIn": f.bOADepts}}},
			}
		})},
		{"Query.broadcasts", connCase("broadcasts", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": f.bIDs["broadcasts"]}, {"corpIDIn": []int{f.bCorp}}, {"titleContains": bMarker},
				{"hasWatchersWith": []map[string]any{{"idIn": f.bIDs["broadcast_viewers"]}}},
			}
		})},
		{"Query.broadcastPermissionRequests", connCase("broadcastPermissionRequests", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": f.bIDs["broadcast_permission_requests"]}, {"corpID": f.bCorp}, {"requesterID": f.bOAUsers[1]}, {"reasonContains": bMarker},
				{"hasCorpWith": []map[string]any{{"idIn": []int{f.bCorp}}}}, {"hasRequesterWith": []map[string]any{{"nameContains": bMarker}}},
			}
		})},
		{"Query.broadcastPolicy", caseBroadcastPolicy},
		{"Query.pendingBroadcastPermissionRequestCount", casePendingBroadcastPermissionRequestCount},
		{"Mutation.setBroadcastPolicy", caseSetBroadcastPolicy},
		{"Mutation.requestBroadcastPermission", caseRequestBroadcastPermission},
		{"Mutation.approveBroadcastPermissionRequest", decideRefused(`mutation($id: ID!) { approveBroadcastPermissionRequest(input: {id: $id, comment: "pwned"}) { id status } }`)},
		{"Mutation.rejectBroadcastPermissionRequest", decideRefused(`mutation($id: ID!) { rejectBroadcastPermissionRequest(input: {id: $id, comment: "pwned"}) { id status } }`)},
		{"Query.syncRuns", connCase("syncRuns", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": []int{f.bRun, f.bLiveRun}}, {"corpIDIn": []int{f.bCorp}}, {"hasCorpWith": []map[string]any{{"idIn": []int{f.bCorp}}}},
				{"createdByContains": "b-admin"},
			}
		})},
		{"Query.tenants", connCase("tenants", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{{"idIn": []int{f.b.ID}}, {"id": f.b.ID}, {"slug": "b"}}
		})},
		{"Query.syncProfiles", connCase("syncProfiles", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": f.bIDs["sync_profiles"]}, {"corpIDIn": []int{f.bCorp}}, {"appIDIn": []int{f.bApp}},
				{"hasCorpWith": []map[string]any{{"idIn": []int{f.bCorp}}}}, {"hasAppWith": []map[string]any{{"idIn": []int{f.bApp}}}},
			}
		})},
		{"Query.users", connCase("users", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": append(slices.Clone(f.bOAUsers), f.bIMUser)}, {"corpIDIn": []int{f.bCorp}}, {"inDepartment": f.bOADepts[1]},
				{"search": bMarker}, {"search": "13800000001"}, {"hasMembershipsWith": []map[string]any{{"departmentIDIn": f.bOADepts}}},
				{"hasOaBindingsWith": []map[string]any{{"idIn": f.bIDs["bindings"]}}}, {"oaSide": true, "nameContains": bMarker},
				{"hasCorpWith": []map[string]any{{"id": f.bCorp}}},
			}
		})},

		{"Query.webhookEndpoints", connCase("webhookEndpoints", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": []int{f.bHook}}, {"id": f.bHook}, {"nameContains": bMarker}, {"urlContains": "oa.b.example"},
				{"hasDeliveriesWith": []map[string]any{{"idIn": []int{f.bDelivery}}}}, {"hasDeliveriesWith": []map[string]any{{"eventIDContains": bMarker}}},
			}
		})},
		{"Query.webhookDeliveries", connCase("webhookDeliveries", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": []int{f.bDelivery}}, {"endpointID": f.bHook}, {"endpointIDIn": []int{f.bHook}}, {"eventIDContains": bMarker},
				{"subjectContains": bMarker}, {"payloadContains": bMarker}, {"hasEndpointWith": []map[string]any{{"idIn": []int{f.bHook}}}},
			}
		})},
		{"Query.webhookEventTypes", caseWebhookEventTypes},
		{"Query.loginSettings", connCase("loginSettings", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": f.bIDs["login_settings"]}, {"corpID": f.bCorp}, {"appID": f.bApp}, {"passwordCheckEndpointID": f.bHook},
				{"hasCorpWith": []map[string]any{{"idIn": []int{f.bCorp}}}}, {"hasAppWith": []map[string]any{{"appID": "cli_bbb"}}},
				{"hasPasswordCheckEndpointWith": []map[string]any{{"urlContains": "oa.b.example"}}},
			}
		})},
		{"Mutation.updateLoginSetting", caseUpdateLoginSetting},
		{"Mutation.redeemLoginTicket", caseRedeemLoginTicket},
		{"Mutation.unbindMyIM", caseUnbindMyIM},
		{"Query.overview", caseOverview},
		{"Mutation.createWebhookEndpoint", caseCreateWebhookEndpoint},
		{"Mutation.updateWebhookEndpoint", caseUpdateWebhookEndpoint},
		{"Mutation.deleteWebhookEndpoint", webhookRefused(`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedID } }`, "hook")},
		{"Mutation.rotateWebhookSecret", webhookRefused(`mutation($id: ID!) { rotateWebhookSecret(id: $id, input: {keepPreviousHours: 0}) { secret endpoint { id } } }`, "hook")},
		{"Mutation.sendWebhookTest", webhookRefused(`mutation($id: ID!) { sendWebhookTest(id: $id) { ok eventID } }`, "hook")},
		{"Mutation.replayWebhookDelivery", webhookRefused(`mutation($id: ID!) { replayWebhookDelivery(id: $id) { id status } }`, "delivery")},
		{"Mutation.replayDeadWebhookDeliveries", webhookRefused(`mutation($id: ID!) { replayDeadWebhookDeliveries(endpointID: $id) { count } }`, "hook")},

		{"Mutation.createTenant", caseCreateTenant},
		{"Mutation.updateTenant", caseUpdateTenant},
		{"Mutation.deleteTenant", caseDeleteTenant},
		{"Mutation.createAdmin", caseCreateAdmin},
		{"Mutation.updateAdmin", caseUpdateAdmin},
		{"Mutation.changePassword", caseChangePassword},
		{"Mutation.deleteAdmin", caseDeleteAdmin},
		{"Mutation.createAPIToken", caseCreateAPIToken},
		{"Mutation.deleteAPIToken", caseDeleteAPIToken},
		{"Mutation.createCorp", caseCreateCorp},
		{"Mutation.updateCorp", caseUpdateCorp},
		{"Mutation.deleteCorp", caseDeleteCorp},
		{"Mutation.createApp", caseCreateApp},
		{"Mutation.updateApp", caseUpdateApp},
		{"Mutation.deleteApp", caseDeleteApp},
		{"Mutation.importDirectory", caseImportDirectory},
		{"Query.directoryFileTemplate", caseDirectoryFileTemplate},
		{"Query.directoryFilePreview", caseDirectoryFilePreview},
		{"Mutation.importDirectoryFile", caseImportDirectoryFile},
		{"Mutation.verifyApp", caseVerifyApp},
		{"Mutation.createSyncProfile", caseCreateSyncProfile},
		{"Mutation.updateSyncProfile", caseUpdateSyncProfile},
		{"Mutation.pullDirectory", casePullDirectory},
		{"Mutation.bindUsers", caseBindUsers},
		{"Mutation.unbind", caseUnbind},
		{"Query.bindingExport", caseBindingExport},
		{"Query.bindingCount", caseBindingCount},
		{"Mutation.importBindings", caseImportBindings},
		{"Mutation.unbindAll", caseUnbindAll},
		{"Query.jobQueues", superAdminOnly(`{ jobQueues { name archived } }`, nil)},
		{"Query.archivedJobs", superAdminOnly(`{ archivedJobs(queue: "default") { id type lastError } }`, nil)},
		{"Mutation.retryArchivedJob", superAdminOnly(`mutation { retryArchivedJob(queue: "default", id: "run-1") { id } }`, nil)},

		{"Subscription.syncRunProgress", caseSyncRunProgress},
		{"Subscription.syncRunsChanged", caseSyncRunsChanged},

		{"Query.syncChanges", caseSyncChanges},
		{"Query.reviewItems", connCase("reviewItems", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{
				{"idIn": []int{f.bReview}}, {"runID": f.bSync}, {"corpID": f.bCorp}, {"nameContains": bMarker},
				{"hasRunWith": []map[string]any{{"idIn": []int{f.bSync}}}},
			}
		})},
		{"Query.pendingSyncApprovals", casePendingSyncApprovals},
		{"Mutation.previewSync", syncRefused(`mutation($id: ID!) { previewSync(input: {corpID: $id}) { id } }`, "corp")},
		{"Mutation.startSync", syncRefused(`mutation($id: ID!) { startSync(input: {corpID: $id, dryRun: true}) { id } }`, "corp")},
		{"Mutation.applySyncPlan", syncRefused(`mutation($id: ID!) { applySyncPlan(runID: $id) { id } }`, "run")},
		{"Mutation.approveSyncRun", syncRefused(`mutation($id: ID!) { approveSyncRun(id: $id) { id status } }`, "run")},
		{"Mutation.rejectSyncRun", syncRefused(`mutation($id: ID!) { rejectSyncRun(id: $id, reason: "pwned") { id status } }`, "run")},
		{"Mutation.undoSyncRun", syncRefused(`mutation($id: ID!) { undoSyncRun(input: {runID: $id, dryRun: false}) { id } }`, "run")},
		{"Mutation.resolveReviewItem", syncRefused(`mutation($id: ID!) { resolveReviewItem(input: {id: $id, dismiss: true}) { id status } }`, "review")},
		{"Mutation.setSyncFieldMapping", syncRefused(`mutation($id: ID!) { setSyncFieldMapping(profileID: $id, mapping: []) { id } }`, "profile")},
		{"Query.pushRules", connCase("pushRules", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{{"idIn": []int{f.bPushRule}}, {"nameContains": bMarker}, {"source": bMarker + "-src"},
				{"hasTargetsWith": []map[string]any{{"appID": f.bApp}}}, {"hasTargetsWith": []map[string]any{{"bodyTemplateContains": bMarker}}}}
		})},
		{"Query.messages", connCase("messages", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{{"idIn": []int{f.bMessage}}, {"titleContains": bMarker}, {"idempotencyKey": bMarker + "-key"},
				{"todoKey": bMarker + "-todo"}, {"hasDeliveriesWith": []map[string]any{{"reasonContains": bMarker}}}}
		})},
		{"Query.deliveries", connCase("deliveries", func(f *tenancyFixture) []map[string]any {
			return []map[string]any{{"idIn": []int{f.bPushDelivery}}, {"messageID": f.bMessage}, {"recipientContains": bMarker},
				{"reasonContains": bMarker}, {"hasMessageWith": []map[string]any{{"titleContains": bMarker}}}, {"appID": f.bApp}}
		})},
		{"Query.previewPushTemplate", casePreviewPushTemplate},
		{"Query.pushStats", casePushStats},
		{"Mutation.pushMessage", casePushMessage},
		{"Mutation.completeTodo", caseCompleteTodo},
		{"Mutation.recallMessage", pushRefused(`mutation($id: ID!) { recallMessage(id: $id) { id status } }`)},
		{"Mutation.replayDelivery", pushRefused(`mutation($id: ID!) { replayDelivery(id: $id) { id status } }`)},
		{"Mutation.replayDeadDeliveries", pushRefused(`mutation($id: ID!) { replayDeadDeliveries(messageID: $id) { count } }`)},
		{"Mutation.createPushRule", caseCreatePushRule},
		{"Mutation.updatePushRule", caseUpdatePushRule},
		{"Mutation.sendPushTest", caseSendPushTest},
		{"Mutation.deletePushRule", pushRefused(`mutation($id: ID!) { deletePushRule(id: $id) { deletedID } }`)},
		{"Subscription.messageProgress", caseMessageProgress},
		{"Query.broadcast", caseBroadcastQuery},
		{"Query.broadcastExport", caseBroadcastExport},
		{"Mutation.createBroadcast", caseCreateBroadcast},
		{"Mutation.updateBroadcast", broadcastRefused(`mutation($id: ID!, $in: UpdateBroadcastInput!) { updateBroadcast(id: $id, input: $in) { id title } }`)},
		{"Mutation.cancelBroadcast", broadcastRefused(`mutation($id: ID!) { cancelBroadcast(id: $id) { id status } }`)},
		{"Mutation.deleteBroadcastReplay", broadcastRefused(`mutation($id: ID!) { deleteBroadcastReplay(id: $id) { id replayStatus } }`)},
		{"Mutation.setVolcanoKeys", caseSetVolcanoKeys},
	}

	// Every root field of the running schema has a case.
	have := map[string]bool{}
	for _, c := range cases {
		if have[c.field] {
			t.Fatalf("duplicate case for %s", c.field)
		}
		have[c.field] = true
	}
	var missing []string
	for _, fl := range f.fields {
		if !have[fl] {
			missing = append(missing, fl)
		}
	}
	if len(missing) > 0 {
		t.Errorf("root fields without a cross-tenant case in TestCrossTenantIsolation (add one): %s", strings.Join(missing, ", "))
	}

	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			if !f.hasField(c.field) {
				t.Skipf("%s is not in the schema (yet)", c.field)
			}
			c.run(t, f)
		})
	}

	t.Run("nested reads stay in the tenant", func(t *testing.T) { checkNestedReads(t, f, f.aAdmin, f.aToken, f.rootInA) })
	t.Run("super admin acting in A sees only A", func(t *testing.T) { checkSuperAdminInTenant(t, f) })
	t.Run("admins filtered by tenant", func(t *testing.T) { checkAdminsTenantFilter(t, f) })
	t.Run("tenant header ignored for A", func(t *testing.T) { checkTenantSwitchIgnored(t, f) })
	t.Run("no row of A points into B", func(t *testing.T) { checkNoCrossTenantEdges(t, f) })
	t.Run("B still works", func(t *testing.T) { checkBUnharmed(t, f) })
	t.Run("planted foreign edges do not leak", func(t *testing.T) { checkPlantedEdges(t, f) })
}

// ---- set-up --------------------------------------------------------------

func newTenancyFixture(t *testing.T) *tenancyFixture {
	t.Helper()
	env := graphtest.New(t)
	f := &tenancyFixture{env: env}
	f.a, f.aAdmin, f.aToken = env.Tenant("a")
	f.b, f.bAdmin, f.bToken = env.Tenant("b")
	f.root = env.Admin("root", admin.RoleSuperAdmin, 0)
	f.rootInA = env.Login("root", "Correct-Horse-9")
	f.rootInA.Tenant = strconv.Itoa(f.a.ID)
	f.fields, f.types = introspect(t, f.aToken)

	// Tenant B, through the API as its own admin (so it has audit events too).
	f.bCorp, f.bApp = seedCorpAndApp(t, f.bAdmin, bMarker+"-corp", "cli_bbb", bMarker+"-app-secret-0123456789")
	f.bRun = seedDirectory(t, f.bAdmin, "B", bMarker)
	var tok struct {
		CreateAPIToken struct{ APIToken struct{ ID string } }
	}
	f.bAdmin.MustDo(`mutation { createAPIToken(input: {name: "zzB-token", scopes: ["read"]}) { apiToken { id } } }`, nil, &tok)
	f.bTokenID = atoi(t, tok.CreateAPIToken.APIToken.ID)
	var adm struct{ CreateAdmin struct{ ID string } }
	f.bAdmin.MustDo(`mutation { createAdmin(input: {username: "zzb-operator", displayName: "zzB operator", password: "Correct-Horse-9", role: operator}) { id } }`, nil, &adm)
	f.bAdminID = atoi(t, adm.CreateAdmin.ID)
	bctx := viewer.System(context.Background(), "test", f.b.ID)
	f.bOADepts = oaIDs(t, env.Client.Department.Query().Order(ent.Asc("external_id")).IDsX(bctx), env, bctx, "departments")
	f.bOAUsers = oaIDs(t, env.Client.User.Query().Order(ent.Asc("external_id")).IDsX(bctx), env, bctx, "users")
	f.bIMDept, f.bIMUser = seedIMSide(t, env, bctx, f.bCorp, f.bOADepts[0], f.bOAUsers[0], bMarker)
	f.bLiveRun = env.Client.SyncRun.Create().SetKind(syncrun.KindImPull).SetCorpID(f.bCorp).SetStatus(syncrun.StatusRunning).
		SetTrigger(syncrun.TriggerSchedule).SetPhase("fetch").SetTotal(10).SaveX(bctx).ID

	// Tenant A, its own world.
	f.aCorp, f.aApp = seedCorpAndApp(t, f.aAdmin, "A-corp", "cli_a", "a-app-secret-0123456789")
	f.aRun = seedDirectory(t, f.aToken, "A", "A")
	actx := viewer.System(context.Background(), "test", f.a.ID)
	aDepts := oaIDs(t, env.Client.Department.Query().Order(ent.Asc("external_id")).IDsX(actx), env, actx, "departments")
	aUsers := oaIDs(t, env.Client.User.Query().Order(ent.Asc("external_id")).IDsX(actx), env, actx, "users")
	_, aIMUser := seedIMSide(t, env, actx, f.aCorp, aDepts[0], aUsers[0], "A")
	if f.hasField("Mutation.createSyncProfile") {
		f.bProfile = seedSyncProfile(t, f.bAdmin, f.bCorp, f.bApp)
		f.aProfile = seedSyncProfile(t, f.aAdmin, f.aCorp, f.aApp)
	}
	if f.hasField("Mutation.startSync") {
		f.bSync, f.bReview = seedSyncPlan(t, env, bctx, f.bCorp, bMarker)
		seedSyncPlan(t, env, actx, f.aCorp, "A")
	}
	seedBroadcast(t, env, bctx, f.bCorp, f.bApp, f.bOAUsers[0], bMarker)
	seedBroadcast(t, env, actx, f.aCorp, f.aApp, aUsers[0], "A")
	if f.hasField("Mutation.setBroadcastPolicy") {
		seedBroadcastPermission(t, env, bctx, f.bCorp, f.bApp, f.bIMUser, f.bOAUsers[1], bMarker)
		seedBroadcastPermission(t, env, actx, f.aCorp, f.aApp, aIMUser, aUsers[1], "A")
	}
	if f.hasField("Mutation.createWebhookEndpoint") {
		f.bHook, f.bDelivery = seedWebhook(t, env, f.bAdmin, bctx, "https://oa.b.example/zzB-hook", bMarker)
		f.aHook, _ = seedWebhook(t, env, f.aAdmin, actx, "https://oa.a.example/hook", "A")
	}
	if f.hasField("Mutation.updateLoginSetting") {
		seedLoginSetting(t, f.bAdmin, f.bCorp, f.bApp, f.bHook, "https://oa.b.example")
		seedLoginSetting(t, f.aAdmin, f.aCorp, f.aApp, f.aHook, "https://oa.a.example")
	}
	if f.hasField("Mutation.pushMessage") {
		f.bPushRule, f.bMessage, f.bPushDelivery = seedPush(t, env, f.bAdmin, bctx, f.bApp, bMarker)
		f.aPushRule, f.aMessage, _ = seedPush(t, env, f.aAdmin, actx, f.aApp, "A")
	}

	// B's ids, as stored.
	f.bIDs = map[string][]int{}
	for table, rows := range env.Rows() {
		for _, r := range rows {
			if tid, ok := r.Int("tenant_id"); ok && tid == f.b.ID {
				id, _ := r.Int("id")
				f.bIDs[table] = append(f.bIDs[table], id)
				f.bAll = append(f.bAll, id)
			}
		}
	}
	f.bAll = append(f.bAll, f.b.ID)
	// B has rows in every tenant-scoped table of the schema: a new entity
	// needs fixture data here before the matrix can vouch for it.
	for _, table := range migrate.Tables {
		for _, c := range table.Columns {
			if c.Name == "tenant_id" && len(f.bIDs[table.Name]) == 0 {
				t.Errorf("fixture: tenant B has no %s; add some in newTenancyFixture", table.Name)
			}
		}
	}
	return f
}

// seedSyncPlan stores, as the tenant's system, a sync run the deletion
// brake stopped, with one planned change and one ambiguous review item.
func seedSyncPlan(t *testing.T, env *graphtest.Env, ctx context.Context, corp int, name string) (run, review int) {
	t.Helper()
	r := env.Client.SyncRun.Create().SetKind(syncrun.KindOaToIm).SetCorpID(corp).SetStatus(syncrun.StatusAwaitingApproval).
		SetCreatedBy(name + "-admin").SetTotal(1).
		SetPlan(&detail.PlanSummary{Brake: detail.BrakeVerdict{Tripped: true, Reason: name + " brake"}}).SaveX(ctx)
	env.Client.SyncChange.Create().SetRunID(r.ID).SetOrdinal(0).SetKey(name + "-key").SetAction(syncchange.ActionDisableUser).
		SetTargetKind(syncchange.TargetKindUser).SetSource("U-" + name).SetTarget("ou-" + name).SetName(name + "-Alice").
		SetReasonCode("resigned_in_source").SetReason(name + " left").SaveX(ctx)
	ri := env.Client.ReviewItem.Create().SetRunID(r.ID).SetCorpID(corp).SetKind(reviewitem.KindAmbiguous).SetSource("U-" + name + "-2").
		SetName(name + "-Bob").SetMatchField("mobile").SetValue("+86138").SetCandidates([]string{"ou-" + name}).SetText(name + " ambiguous").SaveX(ctx)
	return r.ID, ri.ID
}

// seedWebhook creates an OA webhook endpoint through the API and, as the
// tenant's system, a dead delivery of it (dead: the worker leaves it alone,
// so the snapshots of the matrix stay still).
func seedWebhook(t *testing.T, env *graphtest.Env, c *graphtest.Caller, ctx context.Context, url, name string) (endpoint, delivery int) {
	t.Helper()
	var out struct {
		CreateWebhookEndpoint struct{ Endpoint struct{ ID string } }
	}
	c.MustDo(`mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { endpoint { id } secret } }`,
		map[string]any{"in": map[string]any{"name": name + "-oa", "url": url, "eventTypes": []string{"user.*"}}}, &out)
	endpoint = atoi(t, out.CreateWebhookEndpoint.Endpoint.ID)
	d := env.Client.WebhookDelivery.Create().SetEndpointID(endpoint).SetEventID(name + "-evt-1").SetType("user.created").
		SetSubject("user:" + name).SetSequence(1).SetPayload(`{"data":{"name":"` + name + `-Alice"}}`).
		SetStatus(webhookdelivery.StatusDead).SetAttempts(1).SetLastError("HTTP 400").SaveX(ctx)
	return endpoint, d.ID
}

// seedCorpAndApp creates a Feishu corp and an app with all three secrets.
func seedCorpAndApp(t *testing.T, c *graphtest.Caller, name, appID, secret string) (corp, app int) {
	t.Helper()
	var cc struct{ CreateCorp struct{ ID string } }
	c.MustDo(createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": name, "apiBaseURL": "https://open.feishu.cn", "corpID": "ww-" + appID}}, &cc)
	var ac struct{ CreateApp struct{ ID string } }
	c.MustDo(createApp, map[string]any{"in": map[string]any{"corpID": cc.CreateCorp.ID, "name": name + "-app", "appID": appID,
		"appSecret": secret, "encryptKey": secret + "-ek", "verificationToken": secret + "-vt"}}, &ac)
	return atoi(t, cc.CreateCorp.ID), atoi(t, ac.CreateApp.ID)
}

const importDirectory = `mutation($in: ImportDirectoryInput!) { importDirectory(input: $in) { run { id status } } }`

// seedDirectory imports two departments and two users, one with a
// part-time membership, and returns the run.
func seedDirectory(t *testing.T, c *graphtest.Caller, code, name string) int {
	t.Helper()
	in := map[string]any{
		"departments": []map[string]any{
			{"externalID": "D-" + code + "-1", "name": name + "-HQ"},
			{"externalID": "D-" + code + "-2", "name": name + "-R&D", "parentExternalID": "D-" + code + "-1"},
		},
		"users": []map[string]any{
			{"externalID": "U-" + code + "-1", "name": name + "-Alice", "mobile": mobileOf(code, 1), "email": "alice@" + strings.ToLower(code) + ".example",
				"memberships": []map[string]any{{"departmentExternalID": "D-" + code + "-1", "primary": true}, {"departmentExternalID": "D-" + code + "-2"}}},
			{"externalID": "U-" + code + "-2", "name": name + "-Bob", "mobile": mobileOf(code, 2),
				"memberships": []map[string]any{{"departmentExternalID": "D-" + code + "-2", "primary": true}}},
		},
	}
	var out struct {
		ImportDirectory struct{ Run struct{ ID, Status string } }
	}
	c.MustDo(importDirectory, map[string]any{"in": in}, &out)
	return atoi(t, out.ImportDirectory.Run.ID)
}

func mobileOf(code string, n int) string {
	if code == "B" {
		return fmt.Sprintf("1380000000%d", n)
	}
	return fmt.Sprintf("1390000000%d", n)
}

// seedIMSide creates, as the tenant's system, an IM department and user of
// the corp, a membership, and user and department bindings to the OA side.
func seedIMSide(t *testing.T, env *graphtest.Env, ctx context.Context, corp, oaDept, oaUser int, name string) (imDept, imUser int) {
	t.Helper()
	d := env.Client.Department.Create().SetCorpID(corp).SetExternalID("od-" + name).SetOpenID("od-" + name).SetName(name + "-IM-dept").SaveX(ctx)
	u := env.Client.User.Create().SetCorpID(corp).SetExternalID("ou-" + name).SetOpenID("ou-" + name).SetUnionID("on-" + name).SetName(name + "-IM-Alice").SaveX(ctx)
	env.Client.Membership.Create().SetUserID(u.ID).SetDepartmentID(d.ID).SetPrimary(true).SaveX(ctx)
	env.Client.Binding.Create().SetCorpID(corp).SetKind(binding.KindUser).SetOaUserID(oaUser).SetImUserID(u.ID).SetMethod(binding.MethodManual).SetCreatedBy("test").SaveX(ctx)
	env.Client.Binding.Create().SetCorpID(corp).SetKind(binding.KindDepartment).SetOaDepartmentID(oaDept).SetImDepartmentID(d.ID).SetMethod(binding.MethodAuto).SaveX(ctx)
	return d.ID, u.ID
}

// oaIDs keeps the ids of OA-side rows (corp_id NULL), in the given order.
func oaIDs(t *testing.T, ids []int, env *graphtest.Env, _ context.Context, table string) []int {
	t.Helper()
	oa := map[int]bool{}
	for _, r := range env.Rows()[table] {
		if _, im := r.Int("corp_id"); !im {
			id, _ := r.Int("id")
			oa[id] = true
		}
	}
	var out []int
	for _, id := range ids {
		if oa[id] {
			out = append(out, id)
		}
	}
	if len(out) < 2 {
		t.Fatalf("fixture: want 2 OA %s, got %v", table, out)
	}
	return out
}

// introspect lists Query.x, Mutation.x and Subscription.x and the type
// names of the running schema.
func introspect(t *testing.T, c *graphtest.Caller) (fields []string, types map[string]bool) {
	t.Helper()
	type root struct{ Fields []struct{ Name string } }
	var s struct {
		Schema struct {
			QueryType, MutationType, SubscriptionType *root
			Types                                     []struct{ Name string }
		} `json:"__schema"`
	}
	c.MustDo(`{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } types { name } } }`, nil, &s)
	for prefix, typ := range map[string]*root{"Query": s.Schema.QueryType, "Mutation": s.Schema.MutationType, "Subscription": s.Schema.SubscriptionType} {
		if typ == nil {
			continue
		}
		for _, fl := range typ.Fields {
			fields = append(fields, prefix+"."+fl.Name)
		}
	}
	sort.Strings(fields)
	if len(fields) == 0 {
		t.Fatal("introspection found no root fields")
	}
	types = map[string]bool{}
	for _, ty := range s.Schema.Types {
		types[ty.Name] = true
	}
	return fields, types
}

const createSyncProfile = `mutation($in: CreateSyncProfileInput!) { createSyncProfile(input: $in) { id } }`

func seedSyncProfile(t *testing.T, c *graphtest.Caller, corp, app int) int {
	t.Helper()
	var out struct{ CreateSyncProfile struct{ ID string } }
	c.MustDo(createSyncProfile, map[string]any{"in": map[string]any{"corpID": corp, "appID": app, "schedule": "@daily"}}, &out)
	return atoi(t, out.CreateSyncProfile.ID)
}

// ---- checks --------------------------------------------------------------

// callersA are the principals of tenant A the matrix runs as.
func (f *tenancyFixture) callersA() []*graphtest.Caller {
	return []*graphtest.Caller{f.aToken, f.aAdmin}
}

// leaks lists what of B appears in a response's data: B's marker, B's ids.
func (f *tenancyFixture) leaks(data json.RawMessage) []string {
	s := string(data)
	var out []string
	if strings.Contains(strings.ToLower(s), strings.ToLower(bMarker)) {
		out = append(out, "marker "+bMarker)
	}
	for _, id := range f.bAll {
		if strings.Contains(s, `"`+strconv.Itoa(id)+`"`) {
			out = append(out, "id "+strconv.Itoa(id))
		}
	}
	for _, secret := range []string{"13800000001", "alice@b.example", `"cli_bbb"`} {
		if strings.Contains(s, secret) {
			out = append(out, secret)
		}
	}
	return out
}

func (f *tenancyFixture) noLeak(t *testing.T, who *graphtest.Caller, what string, data json.RawMessage) {
	t.Helper()
	if l := f.leaks(data); len(l) > 0 {
		t.Errorf("%s: %s leaked B's data (%s): %s", who, what, strings.Join(l, ", "), truncate(data))
	}
}

// snapshot is every stored row except the columns that reads legitimately
// touch (a token's last use, stamped at most once a minute, and with it the
// token's updated_at: a minute boundary during the matrix is no leak).
func (f *tenancyFixture) snapshot() map[string][]graphtest.Row {
	return f.env.Rows("last_used_at", "api_tokens.updated_at")
}

// outsideA is a snapshot without tenant A's own rows, for mutations that
// legitimately change A.
func (f *tenancyFixture) outsideA() map[string][]graphtest.Row {
	out := map[string][]graphtest.Row{}
	for table, rows := range f.snapshot() {
		for _, r := range rows {
			if tid, ok := r.Int("tenant_id"); ok && tid == f.a.ID {
				continue
			}
			if id, _ := r.Int("id"); table == "tenants" && id == f.a.ID {
				continue
			}
			out[table] = append(out[table], r)
		}
	}
	return out
}

func diffSnapshots(before, after map[string][]graphtest.Row) string {
	var out []string
	tables := map[string]bool{}
	for k := range before {
		tables[k] = true
	}
	for k := range after {
		tables[k] = true
	}
	for table := range tables {
		b, a := before[table], after[table]
		if reflect.DeepEqual(b, a) {
			continue
		}
		if len(b) != len(a) {
			out = append(out, fmt.Sprintf("%s: %d rows → %d", table, len(b), len(a)))
			continue
		}
		for i := range b {
			if !reflect.DeepEqual(b[i], a[i]) {
				out = append(out, fmt.Sprintf("%s: %v → %v", table, b[i], a[i]))
			}
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// mustFail runs a mutation that must be refused with one of codes and must
// change nothing at all, except for the audit record of the refused attempt
// (in the caller's tenant), which must exist.
func (f *tenancyFixture) mustFail(t *testing.T, c *graphtest.Caller, query string, vars map[string]any, codes ...string) {
	t.Helper()
	before := withoutRefusals(f.snapshot())
	r := c.Do(query, vars)
	if len(r.Errors) == 0 {
		t.Errorf("%s: %s succeeded across tenants: %s", c, firstLine(query), truncate(r.Data))
	} else if code := r.Errors[0].Code(); !slices.Contains(codes, code) {
		t.Errorf("%s: %s: code %s (%s), want one of %v", c, firstLine(query), code, r.Errors[0].Message, codes)
	} else if mutation, action := rootField(t, query); mutation && (code == "FORBIDDEN" || code == "NOT_FOUND") {
		actor, _, _ := strings.Cut(c.Name, "+") // "a-token+tenant-header-B" is a-token
		ok, err := f.env.Client.AuditEvent.Query().Where(auditevent.Action(action), auditevent.ActorName(actor), auditevent.Success(false)).Exist(dbtest.Bootstrap())
		if err != nil || !ok {
			t.Errorf("%s: %s refused (%s) but not audited as a refused attempt (%v)", c, firstLine(query), code, err)
		}
	}
	if !nullData(r.Data) {
		t.Errorf("%s: %s returned data: %s", c, firstLine(query), truncate(r.Data))
	}
	f.noLeak(t, c, firstLine(query), r.Data)
	if d := diffSnapshots(before, withoutRefusals(f.snapshot())); d != "" {
		t.Errorf("%s: %s changed stored rows:\n%s", c, firstLine(query), d)
	}
}

// withoutRefusals drops the audit records of refused attempts from a
// snapshot: refusing a mutation records one.
func withoutRefusals(snap map[string][]graphtest.Row) map[string][]graphtest.Row {
	rows := snap["audit_events"][:0:0]
	for _, r := range snap["audit_events"] {
		if v := fmt.Sprint(r["success"]); v != "false" && v != "0" {
			rows = append(rows, r)
		}
	}
	snap["audit_events"] = rows
	return snap
}

// rootField is the first root field of a query, and whether it is a mutation.
func rootField(t *testing.T, query string) (mutation bool, name string) {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil || len(doc.Operations) == 0 || len(doc.Operations[0].SelectionSet) == 0 {
		t.Fatalf("parsing %s: %v", firstLine(query), err)
	}
	op := doc.Operations[0]
	return op.Operation == ast.Mutation, op.SelectionSet[0].(*ast.Field).Name
}

// mayChangeOnlyA runs a mutation that may succeed inside A; B and every
// other tenant must stay as they were.
func (f *tenancyFixture) mayChangeOnlyA(t *testing.T, c *graphtest.Caller, query string, vars map[string]any) graphtest.Response {
	t.Helper()
	before := f.outsideA()
	r := c.Do(query, vars)
	f.noLeak(t, c, firstLine(query), r.Data)
	if d := diffSnapshots(before, f.outsideA()); d != "" {
		t.Errorf("%s: %s changed rows outside tenant A:\n%s", c, firstLine(query), d)
	}
	return r
}

// nullData reports whether data is absent or holds only nulls at the root.
func nullData(data json.RawMessage) bool {
	if len(data) == 0 || string(data) == "null" {
		return true
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return false
	}
	for _, v := range m {
		if string(v) != "null" {
			return false
		}
	}
	return true
}

// ---- queries -------------------------------------------------------------

// typeFields are the scalar fields each entity type shows.
var typeFields = map[string]string{
	"Broadcast":                  "title platformID corpID tenantID",
	"BroadcastViewer":            "imUserID watchSeconds tenantID",
	"BroadcastPermissionRequest": "reason status corpID requesterID tenantID",
	"Tenant":                     "name slug",
	"Admin":                      "username displayName tenantID",
	"APIToken":                   "name prefix tenantID",
	"Corp":                       "name corpID apiBaseURL tenantID",
	"App":                        "name appID appSecretHint corpID tenantID",
	"Department":                 "name externalID corpID parentID tenantID",
	"User":                       "name mobile email externalID corpID tenantID",
	"Membership":                 "userID departmentID tenantID",
	"Binding":                    "corpID oaUserID imUserID tenantID",
	"SyncRun":                    "status createdBy corpID tenantID",
	"AuditEvent":                 "action actorName summary targetID tenantID",
	"SyncProfile":                "mode schedule corpID appID tenantID",
	"WebhookEndpoint":            "name url secretHint eventTypes tenantID",
	"WebhookDelivery":            "eventID type subject status payload lastError endpointID tenantID",
	"SyncChange":                 "name source target reason runID tenantID",
	"ReviewItem":                 "name source text candidates runID corpID tenantID",
	"LoginSetting":               "enabled allowedOrigins corpID appID passwordCheckEndpointID redirectURL startURL snippet tenantID",
	"PushRule":                   "name source description tenantID",
	"PushTarget":                 "appID messageType bodyTemplate tenantID",
	"Message":                    "idempotencyKey source title content todoKey status statusReason tenantID",
	"Delivery":                   "recipient status reason messageID appID tenantID approvalTaskState",
}

// connections maps each root connection to its node type and table.
var connections = map[string]struct{ typ, table string }{
	"apiTokens":                   {"APIToken", "api_tokens"},
	"admins":                      {"Admin", "admins"},
	"apps":                        {"App", "apps"},
	"auditEvents":                 {"AuditEvent", "audit_events"},
	"bindings":                    {"Binding", "bindings"},
	"corps":                       {"Corp", "corps"},
	"departments":                 {"Department", "departments"},
	"memberships":                 {"Membership", "memberships"},
	"syncProfiles":                {"SyncProfile", "sync_profiles"},
	"syncRuns":                    {"SyncRun", "sync_runs"},
	"tenants":                     {"Tenant", "tenants"},
	"users":                       {"User", "users"},
	"webhookEndpoints":            {"WebhookEndpoint", "webhook_endpoints"},
	"webhookDeliveries":           {"WebhookDelivery", "webhook_deliveries"},
	"reviewItems":                 {"ReviewItem", "review_items"},
	"loginSettings":               {"LoginSetting", "login_settings"},
	"pushRules":                   {"PushRule", "push_rules"},
	"messages":                    {"Message", "messages"},
	"deliveries":                  {"Delivery", "deliveries"},
	"broadcasts":                  {"Broadcast", "broadcasts"},
	"broadcastPermissionRequests": {"BroadcastPermissionRequest", "broadcast_permission_requests"},
}

// nodeSelection selects every known type's fields on a Node, aliased by
// type so fields of the same name and different types do not conflict.
func (f *tenancyFixture) nodeSelection() string {
	var b strings.Builder
	b.WriteString("id __typename")
	types := make([]string, 0, len(typeFields))
	for typ := range typeFields {
		if f.types[typ] {
			types = append(types, typ)
		}
	}
	sort.Strings(types)
	for _, typ := range types {
		b.WriteString(" ... on " + typ + " {")
		for _, fl := range strings.Fields(typeFields[typ]) {
			b.WriteString(" " + typ + "_" + fl + ": " + fl)
		}
		b.WriteString(" }")
	}
	return b.String()
}

func caseViewer(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		var out struct {
			Viewer struct{ Tenant struct{ ID string } }
		}
		r := c.Do(`{ viewer { kind name role permissions tenant { id name slug } } }`, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: viewer: %+v", c, r.Errors)
		}
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatalf("%s: viewer: %s: %v", c, r.Data, err)
		}
		if out.Viewer.Tenant.ID != strconv.Itoa(f.a.ID) {
			t.Errorf("%s: viewer.tenant = %s, want A (%d)", c, out.Viewer.Tenant.ID, f.a.ID)
		}
		f.noLeak(t, c, "viewer", r.Data)
	}
}

func caseNode(t *testing.T, f *tenancyFixture) {
	q := `query($id: ID!) { node(id: $id) { ` + f.nodeSelection() + ` } }`
	for _, c := range f.callersA() {
		for _, id := range f.bAll {
			r := c.Do(q, map[string]any{"id": id})
			if !nullData(r.Data) {
				t.Errorf("%s: node(%d) returned %s", c, id, truncate(r.Data))
			}
			for _, e := range r.Errors {
				if code := e.Code(); code != "NOT_FOUND" && code != "FORBIDDEN" {
					t.Errorf("%s: node(%d): code %s (%s)", c, id, code, e.Message)
				}
			}
			f.noLeak(t, c, fmt.Sprintf("node(%d)", id), r.Data)
		}
	}
	// Positive control: A's own run is found.
	var own struct{ Node *struct{ ID string } }
	f.aToken.MustDo(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": f.aRun}, &own)
	if own.Node == nil {
		t.Fatal("node(A's run) is null: the check above proves nothing")
	}
}

func caseNodes(t *testing.T, f *tenancyFixture) {
	q := `query($ids: [ID!]!) { nodes(ids: $ids) { ` + f.nodeSelection() + ` } }`
	for _, c := range f.callersA() {
		for _, ids := range [][]int{f.bAll, append([]int{f.aRun}, f.bAll...)} {
			r := c.Do(q, map[string]any{"ids": ids})
			var out struct{ Nodes []json.RawMessage }
			if err := json.Unmarshal(r.Data, &out); err != nil {
				t.Fatalf("%s: nodes: %s: %v", c, r.Data, err)
			}
			// A list with a place for every id asked, B's empty.
			if len(out.Nodes) != len(ids) {
				t.Fatalf("%s: nodes of %d ids returned %d entries: %s %+v", c, len(ids), len(out.Nodes), truncate(r.Data), r.Errors)
			}
			for i, n := range out.Nodes {
				own := ids[i] == f.aRun
				if null := string(n) == "null"; null == own {
					t.Errorf("%s: nodes[%d] (id %d, A's own: %v) = %s", c, i, ids[i], own, n)
				}
			}
			for _, e := range r.Errors {
				if code := e.Code(); code != "NOT_FOUND" && code != "FORBIDDEN" {
					t.Errorf("%s: nodes: code %s (%s)", c, code, e.Message)
				}
			}
			f.noLeak(t, c, "nodes", r.Data)
		}
	}
}

// connCase checks a connection: unfiltered it returns exactly A's rows (and
// counts only them); filtered by anything naming B it returns nothing.
func connCase(field string, filters func(*tenancyFixture) []map[string]any) func(*testing.T, *tenancyFixture) {
	return func(t *testing.T, f *tenancyFixture) {
		typ, table := connections[field].typ, connections[field].table
		if typ == "" {
			t.Fatalf("add %s to connections", field)
		}
		q := fmt.Sprintf(`query($where: %sWhereInput, $first: Int, $last: Int) { %s(where: $where, first: $first, last: $last) { totalCount edges { node { id %s } } pageInfo { hasNextPage } } }`, typ, field, typeFields[typ])
		type conn struct {
			TotalCount int
			Edges      []struct{ Node struct{ ID string } }
		}
		decode := func(r graphtest.Response) conn {
			var m map[string]*conn
			if err := json.Unmarshal(r.Data, &m); err != nil || m[field] == nil {
				t.Fatalf("%s: no connection in %s (%v)", field, truncate(r.Data), err)
			}
			return *m[field]
		}
		for _, c := range f.callersA() {
			want := f.aRows(table)
			for _, page := range []map[string]any{{"first": 1000}, {"last": 1000}} {
				r := c.Do(q, page)
				if len(r.Errors) > 0 {
					t.Fatalf("%s: %s: %+v", c, field, r.Errors)
				}
				got := decode(r)
				var ids []int
				for _, e := range got.Edges {
					ids = append(ids, atoi(t, e.Node.ID))
				}
				sort.Ints(ids)
				if got.TotalCount != len(want) || !slices.Equal(ids, want) {
					t.Errorf("%s: %s %v: totalCount %d ids %v, want A's %d rows %v", c, field, page, got.TotalCount, ids, len(want), want)
				}
				f.noLeak(t, c, field, r.Data)
			}
			if len(want) == 0 {
				t.Errorf("fixture: A has no %s, the check proves nothing", table)
			}
			for _, where := range filters(f) {
				r := c.Do(q, map[string]any{"where": where, "first": 1000})
				if len(r.Errors) > 0 {
					t.Errorf("%s: %s(where: %v): %+v", c, field, where, r.Errors)
					continue
				}
				if got := decode(r); got.TotalCount != 0 || len(got.Edges) != 0 {
					t.Errorf("%s: %s(where: %v) found %d rows: %s", c, field, where, got.TotalCount, truncate(r.Data))
				}
				f.noLeak(t, c, field, r.Data)
			}
		}
	}
}

// aRows are the ids of A's rows in a table (for tenants: A itself).
func (f *tenancyFixture) aRows(table string) []int {
	var out []int
	for _, r := range f.env.Rows()[table] {
		id, _ := r.Int("id")
		tid, ok := r.Int("tenant_id")
		if (table == "tenants" && id == f.a.ID) || (ok && tid == f.a.ID) {
			out = append(out, id)
		}
	}
	sort.Ints(out)
	return out
}

// ---- mutations -----------------------------------------------------------

var refused = []string{"NOT_FOUND", "FORBIDDEN"}

// The overview counts and lists A's rows only: its corps, their apps and
// runs, its failures and next steps.
func caseOverview(t *testing.T, f *tenancyFixture) {
	q := `{ overview { oaUsers failedRuns recentFailures { id error } nextSteps { key corp { id name } app { id name } }
		corps { corp { id name } imUsers boundUsers unboundUsers lastPull { id corpID } lastSync { id }
			connection { status verifiedAt app { id name appID } failed { name message } } } } }`
	for _, c := range f.callersA() {
		var out struct {
			Overview struct {
				Corps []struct{ Corp struct{ ID string } }
			}
		}
		r := c.Do(q, nil)
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil {
			t.Fatalf("%s: overview: %s %+v", c, r.Data, r.Errors)
		}
		f.noLeak(t, c, "overview", r.Data)
		for _, co := range out.Overview.Corps {
			if co.Corp.ID == strconv.Itoa(f.bCorp) {
				t.Fatalf("%s: overview lists B's corp", c)
			}
		}
	}
}

func caseWebhookEventTypes(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		var out struct{ WebhookEventTypes []struct{ Name string } }
		r := c.Do(`{ webhookEventTypes { name description } }`, nil)
		if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || len(out.WebhookEventTypes) == 0 {
			t.Fatalf("%s: webhookEventTypes: %s %+v", c, r.Data, r.Errors)
		}
		f.noLeak(t, c, "webhookEventTypes", r.Data)
	}
}

func caseCreateWebhookEndpoint(t *testing.T, f *tenancyFixture) {
	// The input names no tenant and no foreign object: it lands in A, even
	// with B's name and URL.
	q := `mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { endpoint { id tenantID } } }`
	r := f.mayChangeOnlyA(t, f.aToken, q, map[string]any{"in": map[string]any{"name": "A second hook", "url": "https://oa.b.example/copy"}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"tenantID":"`+strconv.Itoa(f.a.ID)+`"`) {
		t.Fatalf("createWebhookEndpoint in A: %s %+v", r.Data, r.Errors)
	}
}

func caseUpdateWebhookEndpoint(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!, $in: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(id: $id, input: $in) { id url } }`
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{{"name": "pwned"}, {"url": "https://evil.example/hook"}, {"enabled": false}, {"eventTypes": []string{}}} {
			f.mustFail(t, c, q, map[string]any{"id": f.bHook, "in": in}, refused...)
		}
		// Nor any other B object posing as an endpoint.
		f.mustFail(t, c, q, map[string]any{"id": f.bDelivery, "in": map[string]any{"name": "pwned"}}, refused...)
	}
}

// webhookRefused: a mutation on B's endpoint (or delivery) is refused for
// A's callers and changes nothing.
func webhookRefused(q, target string) func(*testing.T, *tenancyFixture) {
	return func(t *testing.T, f *tenancyFixture) {
		ids := []int{f.bHook, f.bDelivery}
		if target == "delivery" {
			ids = []int{f.bDelivery, f.bHook}
		}
		for _, c := range f.callersA() {
			for _, id := range ids {
				f.mustFail(t, c, q, map[string]any{"id": id}, refused...)
			}
		}
	}
}

// syncRefused: a sync mutation on one of B's objects is refused, whatever
// the target (the ids of B's corp, run, review item and profile are all tried).
func syncRefused(q, target string) func(*testing.T, *tenancyFixture) {
	return func(t *testing.T, f *tenancyFixture) {
		ids := map[string][]int{"corp": {f.bCorp, f.bSync}, "run": {f.bSync, f.bRun, f.bCorp}, "review": {f.bReview, f.bSync},
			"profile": {f.bProfile, f.bCorp}}[target]
		for _, c := range f.callersA() {
			for _, id := range ids {
				f.mustFail(t, c, q, map[string]any{"id": id}, "NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
			}
		}
	}
}

// caseSyncChanges: A asking for the changes of B's run gets none.
func caseSyncChanges(t *testing.T, f *tenancyFixture) {
	q := `query($id: ID!, $where: SyncChangeWhereInput) { syncChanges(runID: $id, first: 100, where: $where) { totalCount edges { node { id name reason } } } }`
	for _, c := range f.callersA() {
		for _, where := range []map[string]any{nil, {"nameContains": bMarker}, {"idIn": f.bIDs["sync_changes"]}, {"hasRunWith": []map[string]any{{"idIn": []int{f.bSync}}}}} {
			r := c.Do(q, map[string]any{"id": f.bSync, "where": where})
			if len(r.Errors) > 0 {
				t.Fatalf("%s: %+v", c, r.Errors)
			}
			var out struct{ SyncChanges struct{ TotalCount int } }
			if err := json.Unmarshal(r.Data, &out); err != nil || out.SyncChanges.TotalCount != 0 {
				t.Errorf("%s: syncChanges of B's run (where %v): %s", c, where, truncate(r.Data))
			}
			f.noLeak(t, c, "syncChanges", r.Data)
		}
	}
}

// casePendingSyncApprovals: B's run awaiting approval is not in A's count.
func casePendingSyncApprovals(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		var out struct{ PendingSyncApprovals int }
		c.MustDo(`{ pendingSyncApprovals }`, nil, &out)
		if out.PendingSyncApprovals != 1 {
			t.Errorf("%s: pendingSyncApprovals = %d, want A's own 1", c, out.PendingSyncApprovals)
		}
	}
}

func caseCreateTenant(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation { createTenant(input: {name: "b2", slug: "b2"}) { id } }`, nil, "FORBIDDEN")
	}
}

func caseUpdateTenant(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation($id: ID!) { updateTenant(id: $id, input: {name: "pwned", slug: "pwned"}) { id name } }`, map[string]any{"id": f.b.ID}, refused...)
	}
}

func caseDeleteTenant(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation($id: ID!) { deleteTenant(id: $id) { deletedID } }`, map[string]any{"id": f.b.ID}, refused...)
	}
}

func caseCreateAdmin(t *testing.T, f *tenancyFixture) {
	q := `mutation($in: CreateAdminInput!) { createAdmin(input: $in) { id tenantID } }`
	for _, c := range f.callersA() {
		for _, role := range []string{"tenant_admin", "viewer"} {
			f.mustFail(t, c, q, map[string]any{"in": map[string]any{"username": "intruder-" + role, "password": "Correct-Horse-9", "role": role, "tenantID": f.b.ID}},
				"FORBIDDEN", "NOT_FOUND", "BAD_USER_INPUT")
		}
		// A super admin (who would see every tenant) cannot be minted either.
		f.mustFail(t, c, q, map[string]any{"in": map[string]any{"username": "intruder-root", "password": "Correct-Horse-9", "role": "super_admin"}},
			"FORBIDDEN", "BAD_USER_INPUT")
	}
	// Without tenantID the new admin lands in A.
	r := f.mayChangeOnlyA(t, f.aAdmin, q, map[string]any{"in": map[string]any{"username": "a-viewer", "password": "Correct-Horse-9", "role": "viewer"}})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"tenantID":"`+strconv.Itoa(f.a.ID)+`"`) {
		t.Errorf("createAdmin in A: %s %+v", r.Data, r.Errors)
	}
}

func caseUpdateAdmin(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!, $in: UpdateAdminInput!) { updateAdmin(id: $id, input: $in) { id username } }`
	for _, c := range f.callersA() {
		for _, id := range []int{f.bAdminID, f.bIDs["admins"][0]} {
			for _, in := range []map[string]any{
				{"displayName": "pwned"}, {"password": "Pwned-Password-1"}, {"role": "viewer"}, {"disabled": true}, {"role": "super_admin"},
			} {
				f.mustFail(t, c, q, map[string]any{"id": id, "in": in}, refused...)
			}
		}
	}
}

// changePassword names no account: it changes the caller's own, and a
// token (which has none) is refused.
func caseChangePassword(t *testing.T, f *tenancyFixture) {
	q := `mutation($in: ChangePasswordInput!) { changePassword(input: $in) { id username } }`
	f.mustFail(t, f.aToken, q, map[string]any{"in": map[string]any{"currentPassword": "x", "newPassword": "Pwned-Password-1"}}, "FORBIDDEN")
	f.mustFail(t, f.aAdmin, q, map[string]any{"in": map[string]any{"currentPassword": "wrong-password", "newPassword": "Pwned-Password-1"}}, "BAD_USER_INPUT")
	r := f.mayChangeOnlyA(t, f.aAdmin, q, map[string]any{"in": map[string]any{"currentPassword": "Correct-Horse-9", "newPassword": "Correct-Horse-9"}})
	if len(r.Errors) > 0 || strings.Contains(string(r.Data), "b-admin") {
		t.Fatalf("changePassword: %s %+v", r.Data, r.Errors)
	}
}

func caseDeleteAdmin(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		for _, id := range f.bIDs["admins"] {
			f.mustFail(t, c, `mutation($id: ID!) { deleteAdmin(id: $id) { deletedID } }`, map[string]any{"id": id}, refused...)
		}
	}
}

func caseCreateAPIToken(t *testing.T, f *tenancyFixture) {
	q := `mutation { createAPIToken(input: {name: "a-tool", scopes: ["read"]}) { secret apiToken { id tenantID } } }`
	f.mustFail(t, f.aToken, q, nil, "FORBIDDEN")
	// The input names no tenant: the token is A's and reads only A.
	r := f.mayChangeOnlyA(t, f.aAdmin, q, nil)
	var out struct {
		CreateAPIToken struct {
			Secret   string
			APIToken struct{ TenantID string }
		}
	}
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil || out.CreateAPIToken.APIToken.TenantID != strconv.Itoa(f.a.ID) {
		t.Fatalf("createAPIToken in A: %s %+v", r.Data, r.Errors)
	}
}

func caseDeleteAPIToken(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		for _, id := range f.bIDs["api_tokens"] {
			f.mustFail(t, c, `mutation($id: ID!) { deleteAPIToken(id: $id) { deletedID } }`, map[string]any{"id": id}, refused...)
		}
	}
}

func caseCreateCorp(t *testing.T, f *tenancyFixture) {
	// The input names no tenant and no foreign object; the corp lands in A,
	// even with B's corp id (the platform's) and name.
	r := f.mayChangeOnlyA(t, f.aToken, createCorp, map[string]any{"in": map[string]any{"platform": "feishu", "name": "A second corp", "corpID": "ww-cli_bbb"}})
	if len(r.Errors) > 0 {
		t.Fatalf("createCorp in A: %+v", r.Errors)
	}
}

func caseUpdateCorp(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!, $in: UpdateCorpInput!) { updateCorp(id: $id, input: $in) { id name } }`
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{{"name": "pwned"}, {"apiBaseURL": "https://evil.example"}, {"clearCorpID": true}} {
			f.mustFail(t, c, q, map[string]any{"id": f.bCorp, "in": in}, refused...)
		}
	}
}

func caseDeleteCorp(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation($id: ID!) { deleteCorp(id: $id) { deletedID } }`, map[string]any{"id": f.bCorp}, refused...)
	}
}

func caseCreateApp(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, createApp, map[string]any{"in": map[string]any{"corpID": f.bCorp, "name": "intruder", "appID": "cli_x", "appSecret": "s3cret-0123456789"}},
			"NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
		// Not any other B object posing as a corp either.
		f.mustFail(t, c, createApp, map[string]any{"in": map[string]any{"corpID": f.bApp, "name": "intruder", "appID": "cli_y"}},
			"NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
	}
}

func caseUpdateApp(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!, $in: UpdateAppInput!) { updateApp(id: $id, input: $in) { id appSecretHint } }`
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{{"name": "pwned"}, {"appSecret": "attacker-secret-123"}, {"encryptKey": ""}, {"homepageMode": "custom", "homepageURL": "https://evil.example"}} {
			f.mustFail(t, c, q, map[string]any{"id": f.bApp, "in": in}, refused...)
		}
	}
}

func caseDeleteApp(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation($id: ID!) { deleteApp(id: $id) { deletedID } }`, map[string]any{"id": f.bApp}, refused...)
	}
}

func caseImportDirectory(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		// A parent or membership naming B's department codes does not reach B.
		f.mustFail(t, c, importDirectory, map[string]any{"in": map[string]any{
			"departments": []map[string]any{{"externalID": "D-X-1", "name": "X", "parentExternalID": "D-B-1"}},
		}}, "BAD_USER_INPUT")
		f.mustFail(t, c, importDirectory, map[string]any{"in": map[string]any{
			"users": []map[string]any{{"externalID": "U-X-1", "name": "X", "memberships": []map[string]any{{"departmentExternalID": "D-B-2"}}}},
		}}, "BAD_USER_INPUT")
	}
	// Upserting B's external ids creates A's own rows; B's stay untouched.
	r := f.mayChangeOnlyA(t, f.aToken, importDirectory, map[string]any{"in": map[string]any{
		"departments": []map[string]any{{"externalID": "D-B-1", "name": "A copy of HQ"}},
		"users":       []map[string]any{{"externalID": "U-B-1", "name": "A copy of Alice", "memberships": []map[string]any{{"departmentExternalID": "D-B-1"}}}},
	}})
	if len(r.Errors) > 0 {
		t.Fatalf("import of B's codes into A: %+v", r.Errors)
	}
	// A complete import resigns A's absent users and removes A's absent
	// departments: only A's.
	r = f.mayChangeOnlyA(t, f.aToken, importDirectory, map[string]any{"in": map[string]any{
		"complete":    true,
		"departments": []map[string]any{{"externalID": "D-A-1", "name": "A-HQ"}, {"externalID": "D-A-2", "name": "A-R&D", "parentExternalID": "D-A-1"}},
		"users": []map[string]any{{"externalID": "U-A-1", "name": "A-Alice", "mobile": mobileOf("A", 1), "email": "alice@a.example",
			"memberships": []map[string]any{{"departmentExternalID": "D-A-1", "primary": true}, {"departmentExternalID": "D-A-2"}}}},
	}})
	if len(r.Errors) > 0 {
		t.Fatalf("complete import into A: %+v", r.Errors)
	}
}

func caseVerifyApp(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation($id: ID!) { verifyApp(id: $id) { id name } }`, map[string]any{"id": f.bApp}, refused...)
	}
}

func caseCreateSyncProfile(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{
			{"corpID": f.bCorp, "appID": f.bApp}, {"corpID": f.aCorp, "appID": f.bApp}, {"corpID": f.bCorp, "appID": f.aApp},
		} {
			f.mustFail(t, c, createSyncProfile, map[string]any{"in": in}, "NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
		}
	}
}

func caseUpdateSyncProfile(t *testing.T, f *tenancyFixture) {
	q := `mutation($id: ID!, $in: UpdateSyncProfileInput!) { updateSyncProfile(id: $id, input: $in) { id } }`
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{{"schedule": "@hourly"}, {"clearSchedule": true}, {"appID": f.aApp}} {
			f.mustFail(t, c, q, map[string]any{"id": f.bProfile, "in": in}, refused...)
		}
		// A's own profile cannot be pointed at B's app.
		f.mustFail(t, c, q, map[string]any{"id": f.aProfile, "in": map[string]any{"appID": f.bApp}}, "NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
	}
}

func casePullDirectory(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		f.mustFail(t, c, `mutation($id: ID!) { pullDirectory(corpID: $id) { id status } }`, map[string]any{"id": f.bCorp}, refused...)
	}
}

func caseBindUsers(t *testing.T, f *tenancyFixture) {
	q := `mutation($in: BindUsersInput!) { bindUsers(input: $in) { id } }`
	aOA := f.aRows("users")
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{
			{"oaUserID": f.bOAUsers[0], "imUserID": f.bIMUser},
			{"oaUserID": aOA[0], "imUserID": f.bIMUser},
			{"oaUserID": f.bOAUsers[1], "imUserID": aOA[0]},
		} {
			f.mustFail(t, c, q, map[string]any{"in": in}, "NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
		}
	}
}

func caseUnbind(t *testing.T, f *tenancyFixture) {
	for _, c := range f.callersA() {
		for _, id := range f.bIDs["bindings"] {
			f.mustFail(t, c, `mutation($id: ID!) { unbind(id: $id) { deletedID } }`, map[string]any{"id": id}, refused...)
		}
	}
}

// superAdminOnly: the job queues are shared by every tenant, so tenant
// callers are refused whatever they ask for.
func superAdminOnly(query string, vars map[string]any) func(*testing.T, *tenancyFixture) {
	return func(t *testing.T, f *tenancyFixture) {
		for _, c := range f.callersA() {
			f.mustFail(t, c, query, vars, "FORBIDDEN")
		}
	}
}

// ---- subscription --------------------------------------------------------

// subResult is what one subscription yielded before it ended.
type subResult struct {
	results  []graphtest.Response
	done     bool  // the server completed the operation
	err      error // the connection failed or was refused
	timedOut bool
}

func (s subResult) data() []json.RawMessage {
	var out []json.RawMessage
	for _, r := range s.results {
		if !nullData(r.Data) {
			out = append(out, r.Data)
		}
	}
	return out
}

// subscribe runs one subscription to its end (complete, an error frame, a
// closed connection) or until timeout, and returns everything it yielded.
func subscribe(t *testing.T, c *graphtest.Caller, query string, vars map[string]any, timeout time.Duration) subResult {
	t.Helper()
	s, err := c.Subscribe(query, vars)
	if err != nil {
		return subResult{err: err}
	}
	defer s.Close()
	expired := make(chan struct{})
	timer := time.AfterFunc(timeout, func() { close(expired); s.Close() })
	defer timer.Stop()
	var out subResult
	for {
		r, done, err := s.Next()
		if err != nil {
			select {
			case <-expired:
				out.timedOut = true
			default:
				out.err = err
			}
			return out
		}
		if done {
			out.done = true
			return out
		}
		out.results = append(out.results, r)
		if nullData(r.Data) && len(r.Errors) > 0 {
			return out // an error frame ends the operation
		}
	}
}

const runProgress = `subscription($id: ID!) { syncRunProgress(id: $id) { id status phase total done tenantID createdBy corp { id name } } }`

func caseSyncRunProgress(t *testing.T, f *tenancyFixture) {
	// Positive control: A follows its own run.
	if own := subscribe(t, f.aToken, runProgress, map[string]any{"id": f.aRun}, 10*time.Second); len(own.data()) == 0 {
		t.Fatalf("subscribing to A's own run yielded no data: %+v", own)
	}
	for _, c := range f.callersA() {
		for _, id := range []int{f.bRun, f.bLiveRun, f.bCorp} {
			f.subscriptionRefused(t, c, "syncRunProgress", runProgress, map[string]any{"id": id})
		}
	}
}

// subscriptionRefused checks that a subscription of caller c is refused
// with a GraphQL error (NOT_FOUND or FORBIDDEN), sends no data and leaks
// nothing of B, and ends rather than hangs.
func (f *tenancyFixture) subscriptionRefused(t *testing.T, c *graphtest.Caller, field, query string, vars map[string]any) {
	t.Helper()
	s := subscribe(t, c, query, vars, 5*time.Second)
	if s.timedOut {
		t.Errorf("%s: %s(%v) neither failed nor ended", c, field, vars)
	}
	if s.err != nil {
		t.Errorf("%s: %s(%v): connection error instead of a GraphQL error: %v", c, field, vars, s.err)
	}
	if d := s.data(); len(d) > 0 {
		t.Errorf("%s: %s(%v) sent data: %s", c, field, vars, d[0])
	}
	gotError := false
	for _, r := range s.results {
		f.noLeak(t, c, field, r.Data)
		for _, e := range r.Errors {
			gotError = true
			if !slices.Contains(refused, e.Code()) {
				t.Errorf("%s: %s(%v): code %s (%s)", c, field, vars, e.Code(), e.Message)
			}
		}
	}
	if !gotError {
		t.Errorf("%s: %s(%v) yielded no error: %+v", c, field, vars, s)
	}
}

// ---- whole-API checks ----------------------------------------------------

// nestedReads walk A's objects through every edge of the schema.
var nestedReads = []string{
	`{ corps(first: 20) { edges { node { id name tenant { id name } apps(first: 20) { totalCount edges { node { id corp { id name } tenant { id } } } } } } } }`,
	`{ apps(first: 20) { edges { node { id corp { id name tenant { id } apps(first: 20) { edges { node { id } } } } tenant { id } } } } }`,
	`{ departments(first: 20) { edges { node { id name corp { id } tenant { id }
		parent { id name parent { id } children(first: 20) { edges { node { id } } } }
		children(first: 20) { totalCount edges { node { id name memberships { id user { id name } } } } }
		memberships { id primary user { id name memberships { department { id } } } department { id } tenant { id } } } } } }`,
	`{ users(first: 50) { edges { node { id name corp { id name } tenant { id }
		memberships { id department { id name parent { id name } corp { id } } user { id } tenant { id } }
		oaBindings { id corp { id } oaUser { id } imUser { id name memberships { department { id name } } } oaDepartment { id } imDepartment { id } tenant { id } }
		imBindings { id oaUser { id name } corp { id } } } } } }`,
	`{ bindings(first: 50) { edges { node { id corp { id apps(first: 20) { edges { node { id } } } } oaUser { id name } imUser { id name } oaDepartment { id name } imDepartment { id name } tenant { id } } } } }`,
	`{ memberships(first: 50) { edges { node { id user { id name oaBindings { id } } department { id name children(first: 20) { edges { node { id } } } } tenant { id } } } } }`,
	`{ syncRuns(first: 1000) { edges { node { id corp { id name } tenant { id } } } } }`,
	`{ webhookEndpoints(first: 50) { edges { node { id name url tenant { id } deliveries(first: 50) { totalCount edges { node { id payload endpoint { id name } tenant { id } } } } } } }
		webhookDeliveries(first: 50) { edges { node { id eventID payload endpoint { id name deliveries(first: 50) { edges { node { id } } } } } } } }`,
	`{ admins(first: 1000) { edges { node { id username tenant { id name } } } } apiTokens(first: 1000) { edges { node { id tenant { id } } } } }`,
	`{ messages(first: 50) { edges { node { id statusReason tenant { id } approvalInstances { appID instanceID state lastError } outcomes { status reason count }
		deliveries(first: 50) { edges { node { id reason approvalTaskState message { id title } tenant { id } } } } } } } }`,
	// A's refused attempts on B's objects name the ids A sent: not B's data.
	`{ auditEvents(first: 1000, where: {success: true}) { edges { node { id summary targetID tenant { id } } } } tenants { edges { node { id name } } } viewer { tenant { id } } }`,
}

// nestedReads are cheap enough to run: the fixture's tenants hold fewer rows
// than any page above, so every edge is still walked.

func checkNestedReads(t *testing.T, f *tenancyFixture, callers ...*graphtest.Caller) {
	for _, c := range callers {
		for _, q := range nestedReads {
			r := c.Do(q, nil)
			if len(r.Errors) > 0 {
				t.Errorf("%s: %s: %+v", c, firstLine(q), r.Errors)
			}
			if nullData(r.Data) {
				t.Errorf("%s: %s: no data", c, firstLine(q))
			}
			f.noLeak(t, c, firstLine(q), r.Data)
		}
	}
}

// checkAdminsTenantFilter: the Admins page's tenant filter (where: tenantID)
// is a filter, not a way in: A's callers naming B get nothing, while the
// super admin without a tenant gets B's accounts only, or with
// tenantIDIsNil the accounts of no tenant.
func checkAdminsTenantFilter(t *testing.T, f *tenancyFixture) {
	const q = `query($w: AdminWhereInput) { admins(first: 1000, where: $w) { totalCount edges { node { id role tenant { id } } } } }`
	type page struct {
		Admins struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID     string
					Role   string
					Tenant *struct{ ID string }
				}
			}
		}
	}
	b := strconv.Itoa(f.b.ID)
	for _, c := range []*graphtest.Caller{f.aAdmin, f.rootInA} {
		r := c.Do(q, map[string]any{"w": map[string]any{"tenantID": b}})
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"totalCount":0`) {
			t.Errorf("%s: admins of B by the filter: %s %+v", c, truncate(r.Data), r.Errors)
		}
		f.noLeak(t, c, "admins(where: tenantID B)", r.Data)
	}
	var got page
	f.root.MustDo(q, map[string]any{"w": map[string]any{"tenantID": b}}, &got)
	if got.Admins.TotalCount == 0 {
		t.Fatal("super admin: the filter on B found none of B's admins")
	}
	for _, e := range got.Admins.Edges {
		if e.Node.Tenant == nil || e.Node.Tenant.ID != b {
			t.Errorf("super admin: the filter on B returned %+v", e.Node)
		}
	}
	got = page{}
	f.root.MustDo(q, map[string]any{"w": map[string]any{"tenantIDIsNil": true}}, &got)
	if got.Admins.TotalCount == 0 {
		t.Fatal("super admin: no account without a tenant (the super admin itself is one)")
	}
	for _, e := range got.Admins.Edges {
		if e.Node.Tenant != nil || e.Node.Role != "super_admin" {
			t.Errorf("super admin: tenantIDIsNil returned %+v", e.Node)
		}
	}
}

func checkSuperAdminInTenant(t *testing.T, f *tenancyFixture) {
	// Positive control: without a tenant the super admin does see B.
	r := f.root.Do(`query($ids: [ID!]!) { users(where: {idIn: $ids}) { totalCount } }`, map[string]any{"ids": f.bOAUsers})
	if !strings.Contains(string(r.Data), `"totalCount":2`) {
		t.Fatalf("super admin without a tenant does not see B: %s %+v", r.Data, r.Errors)
	}
	for field, c := range connections {
		if f.hasField("Query." + field) {
			t.Run(field, func(t *testing.T) { connOnly(t, f, f.rootInA, field, c.table) })
		}
	}
	q := `query($id: ID!) { node(id: $id) { ` + f.nodeSelection() + ` } }`
	for _, id := range f.bAll {
		r := f.rootInA.Do(q, map[string]any{"id": id})
		if !nullData(r.Data) {
			t.Errorf("super admin in A: node(%d) = %s", id, truncate(r.Data))
		}
		f.noLeak(t, f.rootInA, "node", r.Data)
	}
	if s := subscribe(t, f.rootInA, runProgress, map[string]any{"id": f.bRun}, 5*time.Second); len(s.data()) > 0 || s.timedOut {
		t.Errorf("super admin in A: syncRunProgress(B's run): %+v", s)
	}
	// Acting in A, tenant-scoped writes stay in A too (tenant rows themselves
	// are the super admin's to manage, so the tenant mutations are not here).
	for _, m := range []struct {
		q    string
		vars map[string]any
	}{
		{`mutation($id: ID!) { updateCorp(id: $id, input: {name: "pwned"}) { id } }`, map[string]any{"id": f.bCorp}},
		{`mutation($id: ID!) { deleteApp(id: $id) { deletedID } }`, map[string]any{"id": f.bApp}},
		{`mutation($id: ID!) { updateApp(id: $id, input: {appSecret: "attacker-secret-1"}) { id } }`, map[string]any{"id": f.bApp}},
		{`mutation($id: ID!) { updateAdmin(id: $id, input: {disabled: true}) { id } }`, map[string]any{"id": f.bAdminID}},
		{`mutation($id: ID!) { deleteAPIToken(id: $id) { deletedID } }`, map[string]any{"id": f.bTokenID}},
		{createApp, map[string]any{"in": map[string]any{"corpID": f.bCorp, "name": "x", "appID": "cli_root"}}},
	} {
		f.mustFail(t, f.rootInA, m.q, m.vars, "NOT_FOUND", "FORBIDDEN", "BAD_USER_INPUT")
	}
}

// checkTenantSwitchIgnored: only super admins pick a tenant. A's token and
// admin naming B in X-Imbridge-Tenant (or the WebSocket's tenant parameter)
// still act in A.
func checkTenantSwitchIgnored(t *testing.T, f *tenancyFixture) {
	for _, orig := range f.callersA() {
		c := *orig
		c.Tenant = strconv.Itoa(f.b.ID)
		c.Name = orig.Name + "+tenant-header-B"
		for field, conn := range connections {
			if f.hasField("Query." + field) {
				connOnly(t, f, &c, field, conn.table)
			}
		}
		f.mustFail(t, &c, `mutation($id: ID!) { updateCorp(id: $id, input: {name: "pwned"}) { id } }`, map[string]any{"id": f.bCorp}, refused...)
		if s := subscribe(t, &c, runProgress, map[string]any{"id": f.bRun}, 5*time.Second); len(s.data()) > 0 || s.timedOut {
			t.Errorf("%s: syncRunProgress(B's run): %+v", &c, s)
		}
	}
}

// connOnly checks one connection as one caller: exactly A's rows.
func connOnly(t *testing.T, f *tenancyFixture, c *graphtest.Caller, field, table string) {
	want := f.aRows(table)
	r := c.Do(fmt.Sprintf(`{ %s(first: 1000) { totalCount edges { node { id } } } }`, field), nil)
	var m map[string]struct {
		TotalCount int
		Edges      []struct{ Node struct{ ID string } }
	}
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &m) != nil {
		t.Fatalf("%s: %s: %s %+v", c, field, r.Data, r.Errors)
	}
	var ids []int
	for _, e := range m[field].Edges {
		ids = append(ids, atoi(t, e.Node.ID))
	}
	sort.Ints(ids)
	if m[field].TotalCount != len(want) || !slices.Equal(ids, want) {
		t.Errorf("%s: %s: totalCount %d ids %v, want %v", c, field, m[field].TotalCount, ids, want)
	}
	f.noLeak(t, c, field, r.Data)
}

// checkNoCrossTenantEdges: after all of the above, no stored row of one
// tenant references a row of another (every foreign key of the schema).
func checkNoCrossTenantEdges(t *testing.T, f *tenancyFixture) {
	rows := f.env.Rows()
	tenantOf := map[int]int{}
	for _, table := range migrate.Tables {
		for _, r := range rows[table.Name] {
			id, _ := r.Int("id")
			if tid, ok := r.Int("tenant_id"); ok {
				tenantOf[id] = tid
			}
		}
	}
	for _, table := range migrate.Tables {
		for _, fk := range table.ForeignKeys {
			col := fk.Columns[0].Name
			if col == "tenant_id" {
				continue
			}
			for _, r := range rows[table.Name] {
				tid, ok := r.Int("tenant_id")
				ref, set := r.Int(col)
				if !ok || !set {
					continue
				}
				if rt, has := tenantOf[ref]; has && rt != tid {
					t.Errorf("%s row %v: %s = %d belongs to tenant %d, the row to %d", table.Name, r["id"], col, ref, rt, tid)
				}
			}
		}
	}
}

// checkBUnharmed: B's admin session and token survived every attempt, and
// B still sees all its data.
func checkBUnharmed(t *testing.T, f *tenancyFixture) {
	for _, c := range []*graphtest.Caller{f.bAdmin, f.bToken} {
		var out struct {
			Users, Corps, Apps struct{ TotalCount int }
		}
		c.MustDo(`{ users { totalCount } corps { totalCount } apps { totalCount } }`, nil, &out)
		if out.Users.TotalCount != 3 || out.Corps.TotalCount != 1 || out.Apps.TotalCount != 1 {
			t.Errorf("%s sees %+v, want 3 users, 1 corp, 1 app", c, out)
		}
	}
	var op struct{ Node struct{ Disabled bool } }
	f.bAdmin.MustDo(`query($id: ID!) { node(id: $id) { ... on Admin { disabled } } }`, map[string]any{"id": f.bAdminID}, &op)
	if op.Node.Disabled {
		t.Error("B's operator was disabled")
	}
	f.env.Login("zzb-operator", "Correct-Horse-9") // password unchanged
}

// checkPlantedEdges corrupts A's data on purpose — rows of A pointing at B's
// rows, which the API refuses to create — and checks that the privacy layer
// still hides B's rows when A follows those edges (defence in depth).
func checkPlantedEdges(t *testing.T, f *tenancyFixture) {
	actx := viewer.System(context.Background(), "test", f.a.ID)
	aDept := f.env.Client.Department.Create().SetExternalID("D-A-planted").SetName("A planted").SetParentID(f.bOADepts[0]).SaveX(actx)
	aUser := f.env.Client.User.Create().SetExternalID("U-A-planted").SetName("A planted user").SaveX(actx)
	f.env.Client.Binding.Create().SetCorpID(f.aCorp).SetKind(binding.KindUser).SetOaUserID(aUser.ID).SetImUserID(f.bOAUsers[1]).SetMethod(binding.MethodManual).SaveX(actx)
	if f.aMessage != 0 {
		// B's approval-center instance and delivery on A's message: not in
		// A's approvalInstances, outcomes or deliveries.
		bctx := viewer.System(context.Background(), "test", f.b.ID)
		f.env.Client.ApprovalInstance.Create().SetMessageID(f.aMessage).SetAppID(f.bApp).SetInstanceID(bMarker + "-planted").
			SetVersion(2).SetSyncedVersion(2).SetStatus("APPROVED").SetLastError(bMarker + " error").SaveX(bctx)
		f.env.Client.Delivery.Create().SetMessageID(f.aMessage).SetAppID(f.bApp).SetTargetKey("planted:todo").SetMessageType("approval").
			SetRecipient(bMarker + "-planted").SetStatus("dead").SetReason(bMarker + " planted reason").SaveX(bctx)
	}
	for _, c := range []*graphtest.Caller{f.aToken, f.aAdmin} {
		for _, q := range []string{
			`query($id: ID!) { node(id: $id) { ... on Department { id parent { id name } } } }`,
			`query($id: ID!) { node(id: $id) { ... on User { id oaBindings { id imUser { id name mobile } } } } }`,
		} {
			id := aDept.ID
			if strings.Contains(q, "User") {
				id = aUser.ID
			}
			r := c.Do(q, map[string]any{"id": id})
			f.noLeak(t, c, "planted edge", r.Data)
			if nullData(r.Data) {
				t.Errorf("%s: %s: A's own object not returned: %+v", c, firstLine(q), r.Errors)
			}
		}
		for _, q := range nestedReads {
			r := c.Do(q, nil)
			f.noLeak(t, c, "planted: "+firstLine(q), r.Data)
		}
		// Filters through the planted edge: has<Edge>With predicates are SQL
		// subqueries that the privacy filter does not reach; the generated
		// predicates require the neighbour to share the row's tenant
		// (ent/template/tenant_edge.tmpl), so B's names select nothing.
		for _, q := range []string{
			`{ bindings(where: {hasImUserWith: [{nameContains: "zzB"}]}) { totalCount } }`,
			`{ departments(where: {hasParentWith: [{nameContains: "zzB"}]}) { totalCount } }`,
			`{ users(where: {hasOaBindingsWith: [{hasImUserWith: [{nameContains: "zzB"}]}]}) { totalCount } }`,
		} {
			var out map[string]struct{ TotalCount int }
			c.MustDo(q, nil, &out)
			for _, conn := range out {
				if conn.TotalCount != 0 {
					t.Errorf("%s: %s: a planted cross-tenant edge makes B's names observable (%d match)", c, firstLine(q), conn.TotalCount)
				}
			}
		}
	}
	checkEdgeFilters(t, f)
}

// checkEdgeFilters plants a cross-tenant edge through every foreign key of
// the schema, both ways (a row of A pointing at one of B, a row of B at one
// of A), straight in the database, then runs every has<Edge>With filter of
// every root connection as A with B's ids: each must match nothing. The
// list of filters comes from the running schema, so new edges join.
func checkEdgeFilters(t *testing.T, f *tenancyFixture) {
	// Positive control, before planting: edge filters work inside a tenant.
	for _, q := range []string{
		`{ users(where: {hasMembershipsWith: [{hasDepartmentWith: [{nameContains: "R&D"}]}]}) { totalCount } }`,
		`{ bindings(where: {hasOaUserWith: [{nameContains: "Alice"}]}) { totalCount } }`,
		`{ departments(where: {hasChildrenWith: [{nameContains: "R&D"}]}) { totalCount } }`,
		`{ corps(where: {hasAppsWith: [{nameContains: "A-corp"}]}) { totalCount } }`,
	} {
		var out map[string]struct{ TotalCount int }
		f.aAdmin.MustDo(q, nil, &out)
		for _, conn := range out {
			if conn.TotalCount == 0 {
				t.Errorf("%s matched nothing in A's own data", firstLine(q))
			}
		}
	}
	// A spare corp in each tenant: columns unique per corp (a corp's sync
	// profile) can point at it.
	for _, tid := range []int{f.a.ID, f.b.ID} {
		f.env.Client.Corp.Create().SetName("spare").SetPlatform("feishu").SaveX(viewer.System(context.Background(), "test", tid))
	}
	rows := f.env.Rows()
	firstOf := func(table string, tenant int) []int {
		var ids []int
		for _, r := range rows[table] {
			if tid, ok := r.Int("tenant_id"); ok && tid == tenant {
				id, _ := r.Int("id")
				ids = append(ids, id)
			}
		}
		return ids
	}
	hasTenant := map[string]bool{}
	for _, table := range migrate.Tables {
		for _, c := range table.Columns {
			if c.Name == "tenant_id" {
				hasTenant[table.Name] = true
			}
		}
	}
	planted := 0
	for _, table := range migrate.Tables {
		for _, fk := range table.ForeignKeys {
			col, ref := fk.Columns[0].Name, fk.RefTable.Name
			if col == "tenant_id" || !hasTenant[table.Name] || !hasTenant[ref] {
				continue
			}
			for _, dir := range []struct{ from, to int }{{f.a.ID, f.b.ID}, {f.b.ID, f.a.ID}} {
				targets := firstOf(ref, dir.to)
				if len(targets) == 0 {
					t.Fatalf("fixture: tenant %d has no %s to point %s.%s at", dir.to, ref, table.Name, col)
				}
				done := false
				// The first pair a unique index allows. Integers only, formatted
				// in, so the statement is the same on SQLite and PostgreSQL.
				for _, id := range firstOf(table.Name, dir.from) {
					for _, target := range targets {
						if _, err := f.env.DB.SQL.Exec(fmt.Sprintf(`UPDATE %s SET %s = %d WHERE id = %d`, table.Name, col, target, id)); err == nil {
							done = true
							break
						}
					}
					if done {
						break
					}
				}
				if !done {
					t.Errorf("could not plant %s.%s from tenant %d into %d", table.Name, col, dir.from, dir.to)
				}
				planted++
			}
		}
	}
	var filters []string
	var s struct {
		Schema struct {
			Types []struct {
				Name        string
				InputFields []struct{ Name string }
			}
		} `json:"__schema"`
	}
	f.aAdmin.MustDo(`{ __schema { types { name inputFields { name } } } }`, nil, &s)
	inputs := map[string][]string{}
	for _, ty := range s.Schema.Types {
		for _, fl := range ty.InputFields {
			if strings.HasPrefix(fl.Name, "has") && strings.HasSuffix(fl.Name, "With") {
				inputs[ty.Name] = append(inputs[ty.Name], fl.Name)
			}
		}
	}
	for field, conn := range connections {
		for _, has := range inputs[conn.typ+"WhereInput"] {
			filters = append(filters, field+"."+has)
			for _, c := range f.callersA() {
				q := fmt.Sprintf(`query($ids: [ID!]) { %s(where: {%s: [{idIn: $ids}]}) { totalCount edges { node { id } } } }`, field, has)
				var out map[string]struct{ TotalCount int }
				r := c.Do(q, map[string]any{"ids": f.bAll})
				if len(r.Errors) > 0 || json.Unmarshal(r.Data, &out) != nil {
					t.Errorf("%s: %s.%s: %s %+v", c, field, has, r.Data, r.Errors)
					continue
				}
				if n := out[field].TotalCount; n != 0 {
					t.Errorf("%s: %s(where: {%s: B's ids}) matched %d of A's rows through a planted edge", c, field, has, n)
				}
				f.noLeak(t, c, field+"."+has, r.Data)
			}
		}
	}
	if planted == 0 || len(filters) == 0 {
		t.Fatalf("planted %d edges, tried %d filters: the check proves nothing", planted, len(filters))
	}
	t.Logf("planted %d cross-tenant edges, tried %d edge filters", planted, len(filters))
}

// ---- helpers -------------------------------------------------------------

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

func firstLine(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 90 {
		return q[:90] + "…"
	}
	return q
}

// seedLoginSetting turns QR-code login on for a corp, with binding at login.
func seedLoginSetting(t *testing.T, c *graphtest.Caller, corp, app, hook int, origin string) {
	t.Helper()
	c.MustDo(`mutation($corp: ID!, $in: UpdateLoginSettingInput!) { updateLoginSetting(corpID: $corp, input: $in) { id } }`,
		map[string]any{"corp": corp, "in": map[string]any{"enabled": true, "appID": app, "allowedOrigins": []string{origin},
			"bindOnFirstLogin": true, "passwordCheckEndpointID": hook, "consoleSignIn": true}}, nil)
}

func caseUpdateLoginSetting(t *testing.T, f *tenancyFixture) {
	q := `mutation($corp: ID!, $in: UpdateLoginSettingInput!) { updateLoginSetting(corpID: $corp, input: $in) { id enabled } }`
	for _, c := range f.callersA() {
		for _, in := range []map[string]any{{"enabled": false}, {"allowedOrigins": []string{"https://evil.example"}}, {"appID": f.aApp}} {
			f.mustFail(t, c, q, map[string]any{"corp": f.bCorp, "in": in}, refused...)
		}
		// A's own settings cannot point at B's app or endpoint.
		f.mustFail(t, c, q, map[string]any{"corp": f.aCorp, "in": map[string]any{"appID": f.bApp}}, "NOT_FOUND", "BAD_USER_INPUT")
		f.mustFail(t, c, q, map[string]any{"corp": f.aCorp, "in": map[string]any{"passwordCheckEndpointID": f.bHook}}, "NOT_FOUND", "BAD_USER_INPUT")
	}
}

// caseRedeemLoginTicket: a ticket of B is NOT_FOUND for A's callers, and
// stays redeemable by B.
func caseRedeemLoginTicket(t *testing.T, f *tenancyFixture) {
	bctx := viewer.System(context.Background(), "test", f.b.ID)
	tk, err := f.env.Resolver.SSO.IssueTicket(bctx, f.b.ID, f.bCorp, f.bOAUsers[0], f.bIMUser, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	q := `mutation($t: String!) { redeemLoginTicket(ticket: $t) { oaUserID name user { id } imUser { id } corp { id name } } }`
	for _, c := range f.callersA() {
		f.mustFail(t, c, q, map[string]any{"t": tk}, "NOT_FOUND")
	}
	bRedeemer := f.env.Token(f.b.ID, "zzB-redeem", viewer.ScopeLoginRedeem)
	var out struct{ RedeemLoginTicket struct{ OaUserID string } }
	bRedeemer.MustDo(q, map[string]any{"t": tk}, &out)
	if out.RedeemLoginTicket.OaUserID != "U-B-1" {
		t.Fatalf("B's redemption: %+v", out)
	}
}

// caseUnbindMyIM: only the caller's own account changes; a token has
// no account.
func caseUnbindMyIM(t *testing.T, f *tenancyFixture) {
	q := `mutation { unbindMyIM { id username } }`
	f.mustFail(t, f.aToken, q, nil, "FORBIDDEN")
	r := f.aAdmin.Do(q, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("A's admin: %+v", r.Errors)
	}
	f.noLeak(t, f.aAdmin, "unbindMyIM", r.Data)
	// A super admin working in A unlinks their own (tenant-less) account;
	// it was NOT_FOUND through A's filter.
	r = f.rootInA.Do(q, nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"username":"root"`) {
		t.Fatalf("the super admin in A: %s %+v", r.Data, r.Errors)
	}
}
