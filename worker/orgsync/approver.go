package orgsync

import "imbridge/ent/viewer"

// MayApprove reports whether v may approve a run the deletion brake held.
// The brake exists to put a person between a plan and mass disables or
// deletes (seed 003 §4.2.3 (3): the admins are alerted and decide), so an
// approval is a person's: a console account of a tenant admin or super
// admin. API tokens are refused even with sync:write — the scope that
// starts syncs must not also wave through what the brake stopped — and so
// are operators and viewers. Rejecting applies nothing and stays open to
// every sync:write caller.
func MayApprove(v *viewer.Viewer) bool {
	if v == nil || v.Kind != viewer.KindAdmin {
		return false
	}
	return v.Role == viewer.RoleTenantAdmin || v.Role == viewer.RoleSuperAdmin
}
