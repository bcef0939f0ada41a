package egress

import (
	"net/url"
	"path"
	"strings"
)

// Scope is an exception held by one tenant: its URLs under the given
// prefixes are checked and sent under Policy, more permissive than the
// policy everybody else gets. Demo mode uses it for the in-process
// simulators (/sim/feishu, /sim/wecom, /sim/volcano), which this server
// serves on its own private, plain-http address: allowing that address to
// every tenant would let any tenant admin make the bridge call the server's
// own paths (and send its app secrets there in clear). A nil Scope holds
// nothing.
type Scope struct {
	// TenantID is the only tenant the scope is for (0: none).
	TenantID int
	// Prefixes are scheme://host[:port]/path roots (UnderPrefix).
	Prefixes []string
	// Policy is the policy of URLs within the scope.
	Policy *Policy
}

// Within says whether tenant tenantID's URL raw is in the scope.
func (s *Scope) Within(tenantID int, raw string) bool {
	if s == nil || s.Policy == nil || tenantID == 0 || tenantID != s.TenantID {
		return false
	}
	for _, p := range s.Prefixes {
		if UnderPrefix(raw, p) {
			return true
		}
	}
	return false
}

// PolicyFor is the policy tenant tenantID's URL raw is checked and sent
// under: the scope's when the URL is within it, otherwise def.
func (s *Scope) PolicyFor(tenantID int, raw string, def *Policy) *Policy {
	if s.Within(tenantID, raw) {
		return s.Policy
	}
	return def
}

// UnderPrefix says whether raw is prefix (scheme://host[:port]/path) or
// below it: same scheme and host (case-insensitive), and a path equal to
// the prefix's or under it, in clean form. A URL with user info, a
// fragment, a percent escape or a path that is not clean ("..", "//"; one
// trailing slash aside)
// never matches: such a URL could leave the prefix once a server decodes
// or cleans it.
func UnderPrefix(raw, prefix string) bool {
	p, err := url.Parse(prefix)
	if err != nil || p.Host == "" {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Fragment != "" || u.RawPath != "" || strings.Contains(raw, "%") {
		return false
	}
	if !strings.EqualFold(u.Scheme, p.Scheme) || !strings.EqualFold(u.Host, p.Host) {
		return false
	}
	clean := u.Path
	if len(clean) > 1 {
		clean = strings.TrimSuffix(clean, "/") // an API root may be given with its slash
	}
	if clean == "" || path.Clean(clean) != clean {
		return false
	}
	return clean == p.Path || strings.HasPrefix(clean, strings.TrimSuffix(p.Path, "/")+"/")
}
