// Package oaimport is the OA directory import engine: it upserts the
// departments, users and memberships an OA system sends into the bridge's OA
// directory (rows with corp_id NULL) of one tenant.
//
// Two callers share it: the GraphQL mutation importDirectory runs small
// imports synchronously inside its own transaction, and a background job runs
// large ones (≥ 5,000 users) inside one transaction it opens around Run. The
// engine therefore never opens a transaction itself, and it validates the
// whole input before writing anything, so an invalid import writes nothing
// even when the caller does not roll back.
//
// The tenant comes from the viewer in the context (a system viewer for one
// tenant); ent privacy adds the tenant filter and fills tenant_id on create,
// so no tenant id is passed around here.
package oaimport
