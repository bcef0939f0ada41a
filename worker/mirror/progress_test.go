package mirror_test

import (
	"testing"

	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/mirror"
)

// A repeat pull counts the users phase in people, page by page, against
// what the last pull found: the bar advances in steady steps (no step
// bigger than a page of people), never backwards, and fills. The first pull
// has nothing to go by and counts departments.
func TestUsersProgressAdvancesInPeople(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 400, Departments: 4, Depth: 1, Seed: 9}, feishusim.Config{})
	var first []mirror.Progress
	f.run++
	if _, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: f.env.client, Top: platform.RootDepartmentID,
		Report: func(p mirror.Progress) { first = append(first, p) }}); err != nil {
		t.Fatal(err)
	}
	var people []mirror.Progress
	f.run++
	if _, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: f.env.client, Top: platform.RootDepartmentID,
		Report: func(p mirror.Progress) {
			if p.Phase == mirror.PhaseUsers {
				people = append(people, p)
			}
		}}); err != nil {
		t.Fatal(err)
	}
	users := 0
	for _, p := range first {
		if p.Phase == mirror.PhaseUsers {
			users = p.Total // departments on the first pull
		}
	}
	if len(people) < 5 {
		t.Fatalf("only %d progress reports in the users phase", len(people))
	}
	last := people[len(people)-1]
	if last.Total < 300 || last.Done != last.Total {
		t.Fatalf("users phase ended at %d/%d, want every person counted (first pull's total was %d departments)", last.Done, last.Total, users)
	}
	maxStep := 0
	for i := 1; i < len(people); i++ {
		step := people[i].Done - people[i-1].Done
		if step < 0 {
			t.Fatalf("progress went back: %+v then %+v", people[i-1], people[i])
		}
		maxStep = max(maxStep, step)
	}
	// 400 people in 4 departments: per department the bar would jump by ~100
	// people; per page (Feishu's page of 50 at most) it moves at most that.
	if maxStep > 50 {
		t.Fatalf("a step of %d people: not steady", maxStep)
	}
	if users >= last.Total {
		t.Fatalf("the first pull should count departments (%d), the repeat people (%d)", users, last.Total)
	}
}

// The departments phase counts departments written, not listed: the tree is
// listed in a call or two, and a phase that began at done = total would
// fill its share of the bar before anything was written. It starts at 0 and
// advances a level at a time to its total.
func TestDepartmentsProgressCountsWrites(t *testing.T) {
	f := setup(t, feishusim.GenOptions{Users: 40, Departments: 30, Depth: 3, Seed: 4}, feishusim.Config{})
	var depts []mirror.Progress
	f.run++
	if _, err := mirror.Run(f.ctx, mirror.Params{Client: f.db, CorpID: f.corpID, RunID: f.run, Dir: f.env.client, Top: platform.RootDepartmentID,
		Report: func(p mirror.Progress) {
			if p.Phase == mirror.PhaseDepartments {
				depts = append(depts, p)
			}
		}}); err != nil {
		t.Fatal(err)
	}
	if len(depts) < 3 {
		t.Fatalf("only %d reports in the departments phase: %+v", len(depts), depts)
	}
	if depts[0].Done != 0 {
		t.Fatalf("the phase began at %d/%d, want nothing written yet", depts[0].Done, depts[0].Total)
	}
	last := depts[len(depts)-1]
	if last.Total < 30 || last.Done != last.Total {
		t.Fatalf("the phase ended at %d/%d, want all 30+ departments", last.Done, last.Total)
	}
	distinct := 0
	for i := 1; i < len(depts); i++ {
		if depts[i].Done < depts[i-1].Done {
			t.Fatalf("progress went back: %+v then %+v", depts[i-1], depts[i])
		}
		if depts[i].Done != depts[i-1].Done {
			distinct++
		}
	}
	// Top, then each of the three levels below it.
	if distinct < 3 {
		t.Fatalf("the phase advanced in %d steps, want one a level: %+v", distinct, depts)
	}
}
