package feishu_test

import (
	"testing"

	feishusim "imbridge/platform/sim/feishu"
)

func TestFullOrgMatchesSimulator(t *testing.T) {
	org := bigOrg()
	// A few frozen users, to see them come out disabled.
	snap := org.Snapshot()
	frozen := 0
	for _, u := range snap.Users {
		if !u.Resigned && frozen < 5 {
			if _, err := org.UpdateUser(u.UserID, func(u *feishusim.User) { u.Frozen = true }); err != nil {
				t.Fatal(err)
			}
			frozen++
		}
	}
	e := newEnv(t, feishusim.Config{Org: org, RateLimit: feishusim.RateLimit{Disabled: true}}, nil)
	w := walk(testCtx(t), t, e.client)
	checkMatches(t, e.sim, e.appID, w)
	checkNoRepeatedPages(t, e.sim)
}
