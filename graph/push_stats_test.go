package graph_test

import (
	"testing"
	"time"

	"imbridge/ent/database/dbtest"
	"imbridge/ent/viewer"
)

// The console's charts: today's row and the source's row sum what the
// messages delivered (2 sent, 1 skipped), the window is one row a day,
// a push:write token cannot read them, and a window out of range names
// the argument.
func TestPushStats(t *testing.T) {
	w := newPushWorld(t, 2)
	ten := w.env.Client.Tenant.Query().OnlyX(dbtest.Bootstrap())
	var out struct{ PushMessage struct{ ID string } }
	w.adm.MustDo(`mutation($in: PushMessageInput!) { pushMessage(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"idempotencyKey": "stats-1", "source": "审批", "title": "报销单 1", "link": "https://oa.example.com/flow/1",
		"recipients": map[string]any{"userIDs": []string{"OA-" + w.users[0], "OA-" + w.users[1], "OA-" + w.users[2]}}}}, &out)
	if p := follow(t, w.adm, out.PushMessage.ID); p.Status != "delivered" {
		t.Fatalf("progress: %+v", p)
	}
	type row struct {
		Day                            *time.Time
		Source                         *string
		Sent, Skipped, Failed, Pending int
	}
	var got struct{ PushStats struct{ Days, Sources []row } }
	w.adm.MustDo(`{ pushStats(days: 14) { days { day sent skipped failed pending } sources { source sent skipped failed pending } } }`, nil, &got)
	days := got.PushStats.Days
	if len(days) != 14 {
		t.Fatalf("%d days, want 14", len(days))
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	last := days[len(days)-1]
	if last.Day == nil || !last.Day.Equal(today) || last.Sent != 2 || last.Skipped != 1 || last.Failed != 0 || last.Pending != 0 {
		t.Fatalf("today: %+v (day %v), want 2 sent and 1 skipped on %s", last, last.Day, today)
	}
	if first := days[0]; first.Day == nil || !first.Day.Equal(today.AddDate(0, 0, -13)) || first.Sent+first.Skipped != 0 {
		t.Fatalf("first day: %+v", first)
	}
	src := got.PushStats.Sources
	if len(src) != 1 || src[0].Source == nil || *src[0].Source != "审批" || src[0].Sent != 2 || src[0].Skipped != 1 {
		t.Fatalf("sources: %+v", src)
	}

	oa := w.env.Token(ten.ID, "oa", viewer.ScopePushWrite)
	if code, _ := oa.ErrCode(`{ pushStats { days { sent } } }`, nil); code == "" {
		t.Fatal("a push:write token read the charts")
	}
	for _, n := range []int{0, 32} {
		if code, e := w.adm.ErrCode(`query($n: Int) { pushStats(days: $n) { days { sent } } }`, map[string]any{"n": n}); code != "BAD_USER_INPUT" || e.Extensions["field"] != "days" {
			t.Fatalf("days %d: %s %+v", n, code, e)
		}
	}
}
