// Package viewer says who is acting in a request or a job: a console admin,
// an API token, or the system working for one tenant. ent privacy rules and
// GraphQL directives both read it from the context.
package viewer

import (
	"context"
	"fmt"
	"slices"
)

// Kind is the kind of actor.
type Kind string

// The kinds of actor.
const (
	KindAdmin  Kind = "admin"
	KindToken  Kind = "token"
	KindSystem Kind = "system"
)

// Role is a console admin's role.
type Role string

// The admin roles, most powerful first.
const (
	RoleSuperAdmin  Role = "super_admin"
	RoleTenantAdmin Role = "tenant_admin"
	RoleOperator    Role = "operator"
	RoleViewer      Role = "viewer"
)

// Viewer is the actor behind a context.
type Viewer struct {
	Kind Kind
	// ID is the admin's or token's row id (0 for the system).
	ID int
	// Name is the admin's username, the token's name or the job's name.
	Name string
	// Role is set for admins.
	Role Role
	// TenantID scopes every tenant-scoped read and write. It is 0 only for a
	// super admin who has not picked a tenant, who then sees every tenant.
	TenantID int
	// Scopes are the token's permissions; admins get their role's.
	Scopes []Scope
	// IP is the client address, for the audit log.
	IP string
}

// IsSuperAdmin reports whether the viewer administers every tenant.
func (v *Viewer) IsSuperAdmin() bool {
	return v != nil && v.Kind == KindAdmin && v.Role == RoleSuperAdmin
}

// Can reports whether the viewer holds the permission.
func (v *Viewer) Can(s Scope) bool {
	if v == nil {
		return false
	}
	if v.IsSuperAdmin() || v.Kind == KindSystem {
		return true
	}
	return slices.Contains(v.Scopes, s)
}

// Actor is how the viewer appears in logs and the audit trail, e.g. "admin:alice".
func (v *Viewer) Actor() string {
	if v == nil {
		return "anonymous"
	}
	return fmt.Sprintf("%s:%s", v.Kind, v.Name)
}

// WithTenant returns a copy of the viewer working inside one tenant.
func (v *Viewer) WithTenant(tenantID int) *Viewer {
	c := *v
	c.TenantID = tenantID
	return &c
}

type ctxKey struct{}

// NewContext returns a context carrying the viewer.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer in the context, or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// System returns a context for background work of one tenant: it may do
// anything, but only inside that tenant.
func System(ctx context.Context, name string, tenantID int) context.Context {
	return NewContext(ctx, &Viewer{Kind: KindSystem, Name: name, TenantID: tenantID})
}
