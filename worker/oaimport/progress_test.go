package oaimport_test

import (
	"slices"
	"testing"

	"imbridge/worker/oaimport"
)

// TestProgressAndBatches imports a directory large enough to cross every
// batch boundary, checks the progress reports, then re-imports it unchanged
// and with a slice of changes.
func TestProgressAndBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 2,500 users")
	}
	e := newEnv(t)
	in := oaimport.Generate(2500, 1200, 42)
	links := 0
	for _, u := range in.Users {
		links += len(u.Memberships)
	}
	total := len(in.Departments) + len(in.Users) + links

	var reports []oaimport.Progress
	c, err := oaimport.Run(e.ctx, e.client, in, func(p oaimport.Progress) { reports = append(reports, p) })
	if err != nil {
		t.Fatal(err)
	}
	wantCounters(t, c, counters(3700, 0, 0, 0, 0))
	checkReports(t, reports, total, []string{"validate", "departments", "users", "memberships", "resign"})

	// Unchanged: every item counted once, nothing written.
	before := e.dump()
	wantCounters(t, e.run(in), counters(0, 0, 0, 3700, 0))
	if e.dump() != before {
		t.Fatal("unchanged re-import wrote rows")
	}

	// Change a slice: rename 10 departments, move 5, switch the primary of
	// 20 users, drop 30 users (resigned), add 3.
	for i := 1; i <= 10; i++ {
		in.Departments[i].Name += "·新"
	}
	movedDepts := 0
	for i := 100; movedDepts < 5; i++ {
		if d := &in.Departments[i]; d.ParentExternalID != "D00000" {
			d.ParentExternalID = "D00000"
			movedDepts++
		}
	}
	switched := 0
	for i := 30; i < len(in.Users); i++ { // users[:30] are dropped below
		if ms := in.Users[i].Memberships; len(ms) == 2 && switched < 20 {
			ms[0].Primary, ms[1].Primary = false, true
			switched++
		}
	}
	in.Users = append(in.Users[30:], oaimport.User{ExternalID: "n1", Name: "新一"}, oaimport.User{ExternalID: "n2", Name: "新二"}, oaimport.User{ExternalID: "n3", Name: "新三"})
	moved := 5 + 20
	c = e.run(in)
	if c.Created != 3 || c.Moved != moved || c.Updated != 10 || c.Removed != 30 ||
		c.Created+c.Updated+c.Moved+c.Unchanged != len(in.Departments)+len(in.Users) {
		t.Fatalf("counters = %+v", c)
	}
}

func checkReports(t *testing.T, reports []oaimport.Progress, total int, phases []string) {
	t.Helper()
	if len(reports) == 0 {
		t.Fatal("no progress reported")
	}
	var seen []string
	for i, p := range reports {
		if p.Total != total {
			t.Fatalf("report %d: Total = %d, want %d", i, p.Total, total)
		}
		if i > 0 && p.Done < reports[i-1].Done {
			t.Fatalf("report %d: Done went back from %d to %d", i, reports[i-1].Done, p.Done)
		}
		if len(seen) == 0 || seen[len(seen)-1] != p.Phase {
			seen = append(seen, p.Phase)
		}
	}
	if !slices.Equal(seen, phases) {
		t.Errorf("phases = %v, want %v", seen, phases)
	}
	last := reports[len(reports)-1]
	if last.Done != total {
		t.Errorf("last report Done = %d, want %d", last.Done, total)
	}
	// About one report per 1%, plus one per phase and the final one.
	if len(reports) > 100+len(phases)+2 {
		t.Errorf("%d reports: too many", len(reports))
	}
}

func TestProgressSmall(t *testing.T) {
	e := newEnv(t)
	var reports []oaimport.Progress
	in := sample()
	if _, err := oaimport.Run(e.ctx, e.client, in, func(p oaimport.Progress) { reports = append(reports, p) }); err != nil {
		t.Fatal(err)
	}
	checkReports(t, reports, 4+3+4, []string{"validate", "departments", "users", "memberships"})
	if last := reports[len(reports)-1]; last.Counters.Created != 7 {
		t.Errorf("last report counters = %+v", last.Counters)
	}
	// An invalid import reports only the validation phase.
	reports = nil
	in.Users[0].Mobile = "1"
	if _, err := oaimport.Run(e.ctx, e.client, in, func(p oaimport.Progress) { reports = append(reports, p) }); err == nil {
		t.Fatal("want a validation error")
	}
	if len(reports) != 1 || reports[0].Phase != "validate" || reports[0].Done != 0 {
		t.Errorf("reports = %+v", reports)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := oaimport.Generate(500, 30, 1), oaimport.Generate(500, 30, 1)
	if len(a.Users) != 500 || len(a.Departments) != 30 {
		t.Fatalf("sizes %d/%d", len(a.Users), len(a.Departments))
	}
	for i := range a.Users {
		if a.Users[i].Name != b.Users[i].Name || !slices.Equal(a.Users[i].Memberships, b.Users[i].Memberships) {
			t.Fatalf("user %d differs", i)
		}
	}
	if !slices.Equal(a.Departments, b.Departments) {
		t.Fatal("departments differ")
	}
	if c := oaimport.Generate(500, 30, 2); slices.Equal(a.Departments, c.Departments) {
		t.Fatal("another seed gave the same tree")
	}
}
