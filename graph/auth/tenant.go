package auth

import (
	"imbridge/ent/predicate"
	"imbridge/ent/tenant"
)

func entTenantID(id int) predicate.Tenant { return tenant.ID(id) }
