package feishu

import (
	"regexp"
	"testing"
	"time"

	"imbridge/platform/ratelimit"
)

// client_tokens are UUIDs, like the pages' examples, the same for the same
// key and kind and different otherwise.
func TestClientToken(t *testing.T) {
	uuidRE := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a := clientToken("department", "run1:abc")
	if !uuidRE.MatchString(a) || clientToken("department", "run1:abc") != a {
		t.Fatalf("token %q", a)
	}
	for _, other := range []string{clientToken("user", "run1:abc"), clientToken("department", "run2:abc"),
		clientToken("department", "run1:abd"), clientToken("department\x00run1", "abc")} {
		if other == a {
			t.Fatalf("%q shared by another key or kind", a)
		}
	}
}

// The documented special tiers (user/resurrect, user/patch of
// department_ids or is_frozen) are what limitsFor gives unless Params.Limits
// overrides them; other writes get the common tier.
func TestWriteLimits(t *testing.T) {
	c := &Client{}
	if got := c.limitsFor(APIResurrectUser); len(got) != 1 || got[0] != ratelimit.PerMinute(10) {
		t.Fatalf("resurrect: %v", got)
	}
	if got := c.limitsFor(APIPatchUserMembership); len(got) != 1 || got[0] != ratelimit.PerSecond(1) {
		t.Fatalf("membership patch: %v", got)
	}
	for _, api := range []string{APICreateDepartment, APIPatchDepartment, APIDeleteDepartment, APICreateUser, APIPatchUser, APIDeleteUser} {
		if got := c.limitsFor(api); len(got) != 2 || got[0].N != 50 || got[0].Per != time.Second || got[1] != ratelimit.PerMinute(1000) {
			t.Fatalf("%s: %v", api, got)
		}
	}
	c.limits = map[string][]ratelimit.Limit{APIResurrectUser: nil}
	if got := c.limitsFor(APIResurrectUser); got != nil {
		t.Fatalf("override: %v", got)
	}
}
