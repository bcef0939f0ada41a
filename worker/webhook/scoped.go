package webhook

import (
	"context"
	"net/http"
	"sync"

	"imbridge/ent/viewer"
	"imbridge/platform/egress"
)

// Scoped lets one tenant's receivers under one URL prefix reach hosts the
// Sender's own policy refuses: the demo's stand-in OA (/demo/oa, served by
// this process on its private, plain-http address) for the demo tenant
// only. Without it the demo would have to allow its own address to every
// tenant's webhooks, and any tenant admin could make the bridge POST to
// the server's other paths (and read their statuses).
type Scoped struct {
	TenantID int
	// Prefix is scheme://host[:port]/path: a URL matches when its scheme
	// and host are these and its path is this path or below it, in clean
	// form (no "..", no escapes): egress.UnderPrefix.
	Prefix string
	// Egress is the policy such URLs are sent under.
	Egress *egress.Policy

	once   sync.Once
	client *http.Client
}

// matches says whether an endpoint of tenant tenantID with URL raw is in
// the scope.
func (sc *Scoped) matches(tenantID int, raw string) bool {
	if sc == nil || tenantID == 0 || tenantID != sc.TenantID {
		return false
	}
	return egress.UnderPrefix(raw, sc.Prefix)
}

// policyFor is the policy an endpoint of tenantID with URL raw is checked
// and sent under.
func (s *Sender) policyFor(tenantID int, raw string) *egress.Policy {
	if s.Scoped.matches(tenantID, raw) && s.Scoped.Egress != nil {
		return s.Scoped.Egress
	}
	return s.Policy()
}

// clientFor is the HTTP client of an endpoint.
func (s *Sender) clientFor(tenantID int, raw string) *http.Client {
	if s.Scoped.matches(tenantID, raw) && s.Scoped.Egress != nil {
		sc := s.Scoped
		sc.once.Do(func() { sc.client = sc.Egress.Client(s.timeout()) })
		return sc.client
	}
	return s.httpClient()
}

// tenantOf is the viewer's tenant (0 without one).
func tenantOf(ctx context.Context) int {
	if v := viewer.FromContext(ctx); v != nil {
		return v.TenantID
	}
	return 0
}
