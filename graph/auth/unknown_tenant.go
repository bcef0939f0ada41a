package auth

import (
	"encoding/json"
	"fmt"
	"net/http"

	"imbridge/ent/identifier"
)

// UnknownTenantError is a super admin's pick of a tenant (the
// X-Imbridge-Tenant header, or the WebSocket's `tenant` connection
// parameter) that names none. The request is refused: without a pick a
// super admin reads and acts across all tenants, and a mistyped id must not
// quietly widen a script's reach to that.
type UnknownTenantError struct {
	// Value is the pick as sent.
	Value string
}

func (e *UnknownTenantError) Error() string {
	return fmt.Sprintf("%s: no tenant has the id %q; send one tenant's id as the tenants query returns it, or no %s (then queries span all tenants and what needs a tenant is refused)",
		TenantHeader, identifier.Clip(e.Value), TenantHeader)
}

// Write answers the request with 400 and the error in GraphQL's response
// shape (code BAD_USER_INPUT, field X-Imbridge-Tenant), so GraphQL clients
// show it as they show any refused field.
func (e *UnknownTenantError) Write(w http.ResponseWriter) {
	body, _ := json.Marshal(map[string]any{"errors": []map[string]any{{
		"message":    e.Error(),
		"extensions": map[string]any{"code": "BAD_USER_INPUT", "field": TenantHeader},
	}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write(body)
}
