package egress_test

import (
	"testing"

	"imbridge/platform/egress"
)

// A Scope holds one tenant's URLs under its prefixes, in clean form; any
// other tenant, path, scheme or host, and any URL that could leave the
// prefix once decoded or cleaned, falls back to the default policy.
func TestScopeIsOneTenantsPrefixes(t *testing.T) {
	strict := egress.New(egress.Params{})
	demo := egress.New(egress.Params{Allow: egress.MustParseAllowList("127.0.0.1:8080")})
	s := &egress.Scope{TenantID: 7, Policy: demo,
		Prefixes: []string{"http://127.0.0.1:8080/sim/feishu", "http://127.0.0.1:8080/sim/wecom"}}

	for _, raw := range []string{
		"http://127.0.0.1:8080/sim/feishu",
		"http://127.0.0.1:8080/sim/feishu/",
		"http://127.0.0.1:8080/sim/feishu/open-apis/auth/v3/tenant_access_token/internal",
		"HTTP://127.0.0.1:8080/sim/wecom",
	} {
		if got := s.PolicyFor(7, raw, strict); got != demo {
			t.Errorf("%s: the scope's tenant does not get the scope's policy", raw)
		}
	}
	for name, c := range map[string]struct {
		tenant int
		raw    string
	}{
		"another tenant":      {8, "http://127.0.0.1:8080/sim/feishu"},
		"no tenant":           {0, "http://127.0.0.1:8080/sim/feishu"},
		"another path":        {7, "http://127.0.0.1:8080/query"},
		"a prefix lookalike":  {7, "http://127.0.0.1:8080/sim/feishux"},
		"climbing out":        {7, "http://127.0.0.1:8080/sim/feishu/../../query"},
		"escaped climb":       {7, "http://127.0.0.1:8080/sim/feishu/%2e%2e/query"},
		"double slash":        {7, "http://127.0.0.1:8080/sim/feishu//x"},
		"another port":        {7, "http://127.0.0.1:8081/sim/feishu"},
		"another scheme":      {7, "https://127.0.0.1:8080/sim/feishu"},
		"user info":           {7, "http://u:p@127.0.0.1:8080/sim/feishu"},
		"a fragment":          {7, "http://127.0.0.1:8080/sim/feishu#x"},
		"not a URL":           {7, "http://[::1"},
		"the host's own root": {7, "http://127.0.0.1:8080"},
	} {
		if got := s.PolicyFor(c.tenant, c.raw, strict); got != strict {
			t.Errorf("%s: %s (tenant %d) gets the scope's policy", name, c.raw, c.tenant)
		}
	}
	var none *egress.Scope
	if none.Within(7, "http://127.0.0.1:8080/sim/feishu") || none.PolicyFor(7, "http://127.0.0.1:8080/sim/feishu", strict) != strict {
		t.Error("a nil scope holds something")
	}
}
