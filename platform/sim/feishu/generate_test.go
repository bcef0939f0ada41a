package feishu

import (
	"reflect"
	"strings"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	opts := GenOptions{Users: 2000, Departments: 120, Depth: 4, FanOut: 5, PartTimeRatio: 0.1, ResignedRatio: 0.03, Seed: 99}
	a, b := Generate(opts).Snapshot(), Generate(opts).Snapshot()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same options, different orgs")
	}
	opts.Seed = 100
	if reflect.DeepEqual(a, Generate(opts).Snapshot()) {
		t.Fatal("different seeds, same org")
	}
}

func TestGenerateRealistic(t *testing.T) {
	org := Generate(GenOptions{Users: 5000, Departments: 300, Depth: 5, FanOut: 6,
		PartTimeRatio: 0.08, ResignedRatio: 0.02, Seed: 1})
	s := org.Snapshot()
	if len(s.Departments) != 300 || len(s.Users) != 5000 {
		t.Fatalf("sizes: %d departments, %d users", len(s.Departments), len(s.Users))
	}
	mobiles, emails, nos := map[string]bool{}, map[string]bool{}, map[string]bool{}
	names := map[string]int{}
	resigned, partTime := 0, 0
	for _, u := range s.Users {
		if mobiles[u.Mobile] || emails[u.Email] || nos[u.EmployeeNo] {
			t.Fatalf("duplicate contact or employee no: %+v", u)
		}
		mobiles[u.Mobile], emails[u.Email], nos[u.EmployeeNo] = true, true, true
		if !strings.HasPrefix(u.Mobile, "+861") || len(u.Mobile) != 14 || !strings.HasSuffix(u.Email, "@simcorp.cn") {
			t.Fatalf("contact format: %q %q", u.Mobile, u.Email)
		}
		if n := len([]rune(u.Name)); n < 2 || n > 4 {
			t.Fatalf("name %q", u.Name)
		}
		names[u.Name]++
		if u.Resigned {
			resigned++
		}
		if len(u.DepartmentIDs) > 1 {
			partTime++
		}
	}
	dupNames := 0
	for _, n := range names {
		if n > 1 {
			dupNames++
		}
	}
	if dupNames == 0 || resigned == 0 || partTime == 0 {
		t.Fatalf("want duplicate names (%d), resigned (%d), part-time (%d)", dupNames, resigned, partTime)
	}
	// Sibling names are unique (Feishu refuses duplicates) and depth holds.
	seen := map[string]bool{}
	for _, d := range s.Departments {
		k := d.ParentID + "/" + d.Name
		if seen[k] {
			t.Fatalf("duplicate sibling name %q", k)
		}
		seen[k] = true
		if depth := org.depthLocked(d.DepartmentID); depth > 5 {
			t.Fatalf("depth %d", depth)
		}
	}
	// Leader chains end (no loops).
	byID := map[string]User{}
	for _, u := range s.Users {
		byID[u.UserID] = u
	}
	for _, u := range s.Users {
		for i, l := 0, u.LeaderUserID; l != ""; i, l = i+1, byID[l].LeaderUserID {
			if i > 30 {
				t.Fatalf("leader loop from %s", u.UserID)
			}
		}
	}
}

// scaleOptions is a 100k-user organisation; how long generating it takes
// is BenchmarkGenerate100k's to print, not a test's to assert.
var scaleOptions = GenOptions{Users: 100_000, Departments: 5000, Depth: 6, FanOut: 8,
	PartTimeRatio: 0.05, ResignedRatio: 0.01, Seed: 2024}

func BenchmarkGenerate100k(b *testing.B) {
	for b.Loop() {
		Generate(scaleOptions)
	}
}

func TestGenerateScale(t *testing.T) {
	org := Generate(scaleOptions)
	st := org.Stats()
	if st.Users != 100_000 || st.Departments != 5000 {
		t.Fatalf("stats: %+v", st)
	}

	// Pages are served from per-department slices: a page deep into the
	// biggest department costs about as much as the first one.
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	tok := e.token()
	big, n := "", 0
	for _, d := range org.Snapshot().Departments {
		if m := len(org.Members(d.DepartmentID)); m > n {
			big, n = d.DepartmentID, m
		}
	}
	var page struct {
		Code int
		Data struct {
			Items []map[string]any `json:"items"`
		}
	}
	off := encodePageToken("members|"+big, n-5)
	e.get("/open-apis/contact/v3/users/find_by_department?department_id_type=department_id&department_id="+big+"&page_token="+off, tok, &page)
	if page.Code != 0 || len(page.Data.Items) != 5 {
		t.Fatalf("deep page: code %d, %d items", page.Code, len(page.Data.Items))
	}
}
