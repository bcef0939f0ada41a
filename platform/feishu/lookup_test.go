package feishu_test

import (
	"fmt"
	"testing"

	"imbridge/platform"
	feishusim "imbridge/platform/sim/feishu"
)

func TestBatchGetID(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 200, Departments: 10, ResignedRatio: 0.1, Seed: 9})
	e := newEnv(t, feishusim.Config{Org: org}, nil)
	want := map[string]string{} // key -> user id ("" = no match)
	var mobiles, emails []string
	for _, u := range org.Snapshot().Users {
		id := u.UserID
		if u.Resigned {
			id = "" // not found without include_resigned
		}
		if len(mobiles) < 60 { // more than one request's worth
			mobiles = append(mobiles, u.Mobile)
			want[u.Mobile] = id
		} else if len(emails) < 5 {
			emails = append(emails, u.Email)
			want[u.Email] = id
		}
	}
	mobiles = append(mobiles, "+8613000000000")
	emails = append(emails, "nobody@example.com")

	got, err := e.client.BatchGetID(testCtx(t), mobiles, emails)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(mobiles)+len(emails) {
		t.Fatalf("%d answers for %d keys", len(got), len(mobiles)+len(emails))
	}
	for i, m := range got {
		key := m.Mobile
		if i >= len(mobiles) {
			key = m.Email
		}
		if want[key] != m.UserID {
			t.Fatalf("answer %d %+v: want user %q", i, m, want[key])
		}
		if m.UserID != "" && m.Status != platform.UserActive {
			t.Fatalf("answer %+v: status", m)
		}
	}
	if fmt.Sprint(got[0].Mobile) != mobiles[0] || got[len(mobiles)].Email != emails[0] {
		t.Fatal("answers out of request order")
	}
}
