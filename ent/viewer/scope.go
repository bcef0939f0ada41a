package viewer

import "fmt"

// Scope is a permission. API tokens carry a chosen set; admin roles map to a
// fixed set (RoleScopes).
type Scope string

// The permissions.
const (
	// ScopeRead reads everything in the tenant.
	ScopeRead Scope = "read"
	// ScopeDirectoryWrite imports and edits the OA directory and bindings.
	ScopeDirectoryWrite Scope = "directory:write"
	// ScopeSyncWrite starts, rejects and cancels sync runs and edits sync
	// settings; approving a run the deletion brake held is a tenant admin's
	// (orgsync.MayApprove).
	ScopeSyncWrite Scope = "sync:write"
	// ScopePushWrite pushes messages and to-dos.
	ScopePushWrite Scope = "push:write"
	// ScopeLoginRedeem redeems login tickets.
	ScopeLoginRedeem Scope = "login:redeem"
	// ScopeBroadcastWrite manages live broadcasts.
	ScopeBroadcastWrite Scope = "broadcast:write"
	// ScopeIntegrationWrite manages corps and apps (their credentials).
	ScopeIntegrationWrite Scope = "integration:write"
	// ScopeAdminWrite manages admins and API tokens. Never granted to tokens,
	// so a leaked token cannot mint more access.
	ScopeAdminWrite Scope = "admin:write"
	// ScopeTenantWrite manages tenants: super admins only.
	ScopeTenantWrite Scope = "tenant:write"
)

// TokenScopes are the scopes an API token may be given.
var TokenScopes = []Scope{
	ScopeRead, ScopeDirectoryWrite, ScopeSyncWrite, ScopePushWrite,
	ScopeLoginRedeem, ScopeBroadcastWrite, ScopeIntegrationWrite,
}

// RoleScopes returns the permissions of an admin role.
func RoleScopes(r Role) []Scope {
	operator := []Scope{ScopeRead, ScopeDirectoryWrite, ScopeSyncWrite, ScopePushWrite, ScopeLoginRedeem, ScopeBroadcastWrite}
	switch r {
	case RoleSuperAdmin:
		return append(operator, ScopeIntegrationWrite, ScopeAdminWrite, ScopeTenantWrite)
	case RoleTenantAdmin:
		return append(operator, ScopeIntegrationWrite, ScopeAdminWrite)
	case RoleOperator:
		return operator
	case RoleViewer:
		return []Scope{ScopeRead}
	}
	return nil
}

// ParseTokenScope validates a scope requested for an API token.
func ParseTokenScope(s string) (Scope, error) {
	for _, sc := range TokenScopes {
		if string(sc) == s {
			return sc, nil
		}
	}
	return "", fmt.Errorf("unknown scope %q (allowed: read, directory:write, sync:write, push:write, login:redeem, broadcast:write, integration:write)", s)
}
