package feishu

import (
	"regexp"
	"testing"
	"time"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

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
		if got := c.limitsFor(api); len(got) != 2 || got[0].N != 50 || got[0].Per != time.Second || got[1].N != 1000 || got[1].Per != time.Minute || !got[1].Sliding {
			t.Fatalf("%s: %v", api, got)
		}
	}
	c.limits = map[string][]ratelimit.Limit{APIResurrectUser: nil}
	if got := c.limitsFor(APIResurrectUser); got != nil {
		t.Fatalf("override: %v", got)
	}
}

// A patch of custom attributes sends the user's others back as read (an
// ENUMERATION keeps its option, not turned into text), then those set.
func TestMergedCustomAttrs(t *testing.T) {
	enum := larkcontact.NewUserCustomAttrBuilder().Type("ENUMERATION").Id("C-level").
		Value(larkcontact.NewUserCustomAttrValueBuilder().OptionId("opt-3").Build()).Build()
	old := customAttrsBody(map[string]string{"C-desk": "8001"})[0]
	got := mergedCustomAttrs([]*larkcontact.UserCustomAttr{enum, old, nil}, map[string]string{"C-desk": "9002", "C-room": "A-301"})
	if len(got) != 3 || got[0] != enum || *got[0].Value.OptionId != "opt-3" {
		t.Fatalf("merged %+v: the enumeration first, untouched", got)
	}
	if *got[1].Id != "C-desk" || *got[1].Value.Text != "9002" || *got[2].Id != "C-room" || *got[2].Type != "TEXT" {
		t.Fatalf("merged %+v: the set ones after, as TEXT", got)
	}
}
