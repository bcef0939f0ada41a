package orgsync_test

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/department"
	"imbridge/ent/syncchange"
	"imbridge/ent/user"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
	"imbridge/worker/orgsync"
)

// benchChanges is the size of BenchmarkApplyRateLimited's plan
// (IMBRIDGE_BENCH_SYNC_CHANGES; default 10,000 as issue 8 asks, which at
// Feishu's documented limits takes several minutes).
func benchChanges() int {
	if n, err := strconv.Atoi(os.Getenv("IMBRIDGE_BENCH_SYNC_CHANGES")); err == nil && n >= 100 {
		return n
	}
	return 10000
}

// BenchmarkApplyRateLimited applies a plan of creates (departments and
// users), updates, moves and disables against the simulator with Feishu's
// documented limits (50/s and 1000/min per API; user/patch of
// department_ids or is_frozen 1 QPS) and a 40 ms round trip, through the
// adapter with the same limits, and reports the wall time of the apply
// over the lower bound the limits allow for the calls made. Target: ratio
// ≤ 1.1.
func BenchmarkApplyRateLimited(b *testing.B) {
	n := benchChanges()
	nd, nc, nm, nx := n/100, n*40/100, n*3/100, n/100
	nu := n - nd - nc - nm - nx
	for range b.N {
		e := newEnv(b, feishusim.Config{})
		org := e.sim.Org()
		top := must(org.CreateDepartment(feishusim.Department{Name: "公司", ParentID: "0"}))
		e.oaDept("C", "公司", "")
		const old = 10
		for i := range old {
			must(org.CreateDepartment(feishusim.Department{Name: fmt.Sprint("部门", i), ParentID: top.DepartmentID}))
			e.oaDept(fmt.Sprint("D", i), fmt.Sprint("部门", i), "C")
		}
		for i := range nd {
			e.oaDept(fmt.Sprint("N", i), fmt.Sprint("新部门", i), "C")
		}
		snap := org.Snapshot()
		deptID := map[string]string{}
		for _, d := range snap.Departments {
			deptID[d.Name] = d.DepartmentID
		}
		existing := nu + nm + nx
		oaRows := map[string]int{}
		for i := range existing {
			must(org.CreateUser(feishusim.User{Name: fmt.Sprint("员工", i), Mobile: fmt.Sprintf("+86137%08d", i), JobTitle: "工程师",
				DepartmentIDs: []string{deptID[fmt.Sprint("部门", i%old)]}}))
		}
		depts := map[string]int{}
		for _, d := range must(e.db.Department.Query().Where(department.CorpIDIsNil()).All(e.ctx)) {
			depts[d.ExternalID] = d.ID
		}
		add := func(key, name, mobile, title, dept string, st user.Status) {
			oaRows[mobile] = must(e.db.User.Create().SetExternalID(key).SetName(name).SetMobile(mobile).SetTitle(title).SetStatus(st).Save(e.ctx)).ID
			must(e.db.Membership.Create().SetUserID(oaRows[mobile]).SetDepartmentID(depts[dept]).SetPrimary(true).Save(e.ctx))
		}
		for i := range existing {
			title, dept, st := "工程师", fmt.Sprint("D", i%old), user.StatusActive
			switch {
			case i < nu:
				title = "高级工程师" // update
			case i < nu+nm:
				dept = fmt.Sprint("D", (i+1)%old) // move
			default:
				st = user.StatusDisabled // disable
			}
			add(fmt.Sprintf("E%06d", i), fmt.Sprint("员工", i), fmt.Sprintf("+86137%08d", i), title, dept, st)
		}
		for i := range nc {
			add(fmt.Sprintf("C%06d", i), fmt.Sprint("新员工", i), fmt.Sprintf("+86136%08d", i), "", fmt.Sprint("N", i%max(nd, 1)), user.StatusActive)
		}
		e.pull()
		// Existing people are bound already (a first sync did that).
		var bs []*ent.BindingCreate
		for _, u := range must(e.db.User.Query().Where(user.CorpID(e.corp.ID)).All(e.ctx)) {
			if id, ok := oaRows[u.Mobile]; ok {
				bs = append(bs, e.db.Binding.Create().SetCorpID(e.corp.ID).SetKind(binding.KindUser).SetOaUserID(id).SetImUserID(u.ID).SetMethod(binding.MethodManual))
			}
		}
		for start := 0; start < len(bs); start += 500 {
			must(0, e.db.Binding.CreateBulk(bs[start:min(start+500, len(bs))]...).Exec(e.ctx))
		}

		// Now Feishu as documented, 40 ms away, and the adapter's own limits.
		e.sim.DisableRateLimits(false)
		e.sim.SetLatency(40 * time.Millisecond)
		e.sim.ResetRequests()
		client := must(feishu.New(feishu.Params{AppID: e.client.AppID(), AppSecret: "s", BaseURL: e.srvURL, Broker: broker.OpenTest(b),
			Egress: simEgress, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
		run := must(orgsync.Create(e.ctx, e.db, orgsync.Request{CorpID: e.corp.ID}))
		p := e.params(run, client)
		p.Refresh = nil
		p.Concurrency = 8
		var applyStart time.Time
		p.Report = func(pr orgsync.Progress) {
			if pr.Phase == orgsync.PhaseApply && applyStart.IsZero() {
				applyStart = time.Now()
			}
		}
		b.ResetTimer()
		c, err := orgsync.Execute(e.ctx, p)
		wall := time.Since(applyStart)
		b.StopTimer()
		if err != nil || c.Failed != 0 {
			b.Fatalf("apply: %v %+v", err, c)
		}
		run = must(e.db.SyncRun.Get(e.ctx, run.ID))
		calls, throttled := map[string]int{}, map[string]int{}
		for _, r := range e.sim.Requests() {
			if r.API == "" || strings.Contains(r.API, "token") {
				continue
			}
			switch r.Status {
			case 200:
				calls[r.API]++
			case 429:
				throttled[r.API]++
			}
		}
		b.Logf("429s by API: %v", throttled)
		membership := must(e.db.SyncChange.Query().Where(syncchange.RunID(run.ID),
			syncchange.ActionIn(syncchange.ActionMoveUser, syncchange.ActionDisableUser, syncchange.ActionEnableUser)).Count(e.ctx))
		// Departments are created before the users in them; user patches
		// (updates, moves, disables) share one budget, and moves and
		// disables also the 1 QPS one.
		creates := (limit50(calls[feishusim.APIDepartmentCreate]) + limit50(calls[feishusim.APIUserCreate])).Seconds()
		patches := limit50(calls[feishusim.APIUserPatch]).Seconds()
		slow := float64(max(membership-1, 0))
		bound := max(creates, patches, slow)
		for api, k := range calls {
			b.Logf("%s: %d calls", api, k)
		}
		b.Logf("%d changes (%+v): %d membership patches; bounds: creates %.1fs, patches %.1fs, 1 QPS %.1fs", run.Total, c, membership, creates, patches, slow)
		b.ReportMetric(float64(run.Total), "changes")
		b.ReportMetric(wall.Seconds(), "s/apply")
		b.ReportMetric(bound, "s-lower-bound")
		b.ReportMetric(wall.Seconds()/bound, "ratio")
		b.ReportMetric(float64(e.sim.Stats().RateLimited), "429s")
	}
}

// limit50 is the least time n calls to one API take under 50/s and
// 1000/min (as the mirror's benchmark computes it).
func limit50(n int) time.Duration {
	if n <= 1 {
		return 0
	}
	k := n - 1
	return time.Duration(60*(k/1000))*time.Second + time.Duration(k%1000)*time.Second/50
}
