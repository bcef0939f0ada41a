package mirror_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"imbridge/ent"
	"imbridge/ent/department"
	"imbridge/ent/user"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

// simEnv is a simulator with one app and an adapter client on it.
type simEnv struct {
	sim    *feishusim.Server
	srv    *httptest.Server
	client *feishu.Client
}

func newSim(t testing.TB, org *feishusim.Org, b *broker.Broker, cfg feishusim.Config) *simEnv {
	t.Helper()
	appID := "cli_" + strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	cfg.Org = org
	if cfg.RateLimit.Default == (feishusim.Limit{}) && cfg.RateLimit.PerAPI == nil {
		cfg.RateLimit.Disabled = true
	}
	cfg.Apps = []feishusim.App{{ID: appID, Secret: "secret-" + appID}}
	sim := feishusim.New(cfg)
	t.Cleanup(sim.Close)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	// Rate limits are exercised by the adapter's and the reliability tests;
	// here they would only make the test slow.
	c, err := feishu.New(feishu.Params{AppID: appID, AppSecret: "secret-" + appID, BaseURL: srv.URL, Broker: b, Limits: noLimits, Egress: simEgress})
	if err != nil {
		t.Fatal(err)
	}
	return &simEnv{sim: sim, srv: srv, client: c}
}

// rootLine is the mirror's row of the root department (the tenant itself),
// named after the tenant; compared without its name.
const rootLine = "D 0 (root) parent=-"

// simView renders a directory as comparable lines: the root, every
// department with its parent, every current user with fields and
// memberships (primary first).
func simView(s feishusim.Snapshot) []string {
	out := []string{rootLine}
	for _, d := range s.Departments {
		if d.DepartmentID == feishusim.RootDepartmentID {
			continue
		}
		out = append(out, fmt.Sprintf("D %s %s parent=%s", d.DepartmentID, d.Name, d.ParentID))
	}
	for _, u := range s.Users {
		if u.Resigned {
			continue
		}
		deps := append([]string(nil), u.DepartmentIDs...)
		primary := deps[0]
		sort.Strings(deps)
		out = append(out, fmt.Sprintf("U %s %s %s %s primary=%s deps=%v", u.UserID, u.Name, u.Mobile, u.Email, primary, deps))
	}
	slices.Sort(out)
	return out
}

func dbView(t *testing.T, ctx context.Context, c *ent.Client, corpID int) []string {
	t.Helper()
	depts, err := c.Department.Query().Where(department.CorpID(corpID), department.RemovedAtIsNil()).WithParent().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int]string{}
	var out []string
	for _, d := range depts {
		byID[d.ID] = d.ExternalID
	}
	for _, d := range depts {
		parent := "-"
		if d.Edges.Parent != nil {
			parent = d.Edges.Parent.ExternalID
		}
		if d.ExternalID == feishusim.RootDepartmentID && parent == "-" {
			out = append(out, rootLine)
			continue
		}
		out = append(out, fmt.Sprintf("D %s %s parent=%s", d.ExternalID, d.Name, parent))
	}
	users, err := c.User.Query().Where(user.CorpID(corpID), user.RemovedAtIsNil()).WithMemberships().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		var deps []string
		primary := ""
		for _, m := range u.Edges.Memberships {
			deps = append(deps, byID[m.DepartmentID])
			if m.Primary {
				primary = byID[m.DepartmentID]
			}
		}
		sort.Strings(deps)
		out = append(out, fmt.Sprintf("U %s %s %s %s primary=%s deps=%v", u.ExternalID, u.Name, u.Mobile, u.Email, primary, deps))
	}
	slices.Sort(out)
	return out
}

// sameView fails the test with the first differences.
func sameView(t *testing.T, want, got []string) {
	t.Helper()
	if slices.Equal(want, got) {
		return
	}
	w, g := map[string]bool{}, map[string]bool{}
	for _, l := range want {
		w[l] = true
	}
	for _, l := range got {
		g[l] = true
	}
	n := 0
	for _, l := range want {
		if !g[l] && n < 10 {
			t.Errorf("missing: %s", l)
			n++
		}
	}
	for _, l := range got {
		if !w[l] && n < 20 {
			t.Errorf("extra:   %s", l)
			n++
		}
	}
	t.Fatalf("mirror differs from the directory (%d vs %d lines)", len(got), len(want))
}

var noLimits = map[string][]ratelimit.Limit{
	feishu.APIChildren: {}, feishu.APIFindByDepartment: {}, feishu.APIGetDepartment: {}, feishu.APIGetUser: {},
}
