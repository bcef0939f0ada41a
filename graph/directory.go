package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"imbridge/ent"
	"imbridge/ent/syncrun"
	"imbridge/ent/viewer"
	"imbridge/graph/model"
	"imbridge/worker"
	"imbridge/worker/oaimport"
)

// importDirectory validates an OA import and applies it: inside the
// mutation's transaction when small, as a job when it has
// worker.OAImportJobThreshold users or more. Either way a SyncRun records it.
func (r *Resolver) importDirectory(ctx context.Context, in model.ImportDirectoryInput) (*model.ImportDirectoryPayload, error) {
	if err := needTenant(ctx); err != nil {
		return nil, err
	}
	if err := uniqueAttributes(in); err != nil {
		return nil, err
	}
	run, err := r.runImport(ctx, importInput(in))
	if err != nil {
		return nil, err
	}
	return &model.ImportDirectoryPayload{Run: run}, nil
}

// needTenant refuses an import without a tenant to import into.
func needTenant(ctx context.Context) error {
	if viewer.FromContext(ctx).TenantID == 0 {
		return badInput("tenant", "pick the tenant to import into (X-Imbridge-Tenant)")
	}
	return nil
}

// importer is the engine's viewer for an import: the system inside the
// caller's tenant. It only ever links rows it read through the tenant
// filter (see rule.DenyForeignEdges).
func importer(ctx context.Context) context.Context {
	v := viewer.FromContext(ctx)
	return viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "import by " + v.Actor(), TenantID: v.TenantID})
}

// runImport validates imp and applies it (or queues it as a job), recording
// the run. An invalid import is an *oaimport.ValidationError and writes
// nothing.
func (r *Resolver) runImport(ctx context.Context, imp oaimport.Input) (*ent.SyncRun, error) {
	v := viewer.FromContext(ctx)
	sys := importer(ctx)
	db := r.db(ctx)
	if err := oaimport.Validate(sys, db, imp); err != nil {
		return nil, err
	}
	trigger := syncrun.TriggerManual
	if v.Kind == viewer.KindToken {
		trigger = syncrun.TriggerAPI
	}
	create := db.SyncRun.Create().
		SetKind(syncrun.KindOaImport).
		SetTrigger(trigger).
		SetCreatedBy(v.Actor()).
		SetTotal(len(imp.Departments) + len(imp.Users))
	if len(imp.Users) >= worker.OAImportJobThreshold {
		payload, err := worker.EncodeImport(imp)
		if err != nil {
			return nil, err
		}
		run, err := create.SetPayload(payload).Save(ctx)
		if err != nil {
			return nil, err
		}
		if err := r.Jobs.EnqueueRunAfterCommit(ctx, worker.TypeOAImport, worker.QueueDefault, worker.RunPayload{TenantID: run.TenantID, RunID: run.ID}); err != nil {
			return nil, err
		}
		return run, nil
	}
	started := time.Now()
	var last oaimport.Progress
	counters, err := oaimport.Run(sys, db, imp, func(p oaimport.Progress) { last = p })
	if err != nil {
		return nil, err
	}
	run, err := create.SetStatus(syncrun.StatusSucceeded).SetCounters(counters).
		SetDone(last.Done).SetTotal(max(last.Total, last.Done)).
		SetStartedAt(started).SetFinishedAt(time.Now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	if !imp.Complete {
		if err := r.syncAfterImport(ctx, worker.ImportKeys(imp), trigger, v.Actor()); err != nil {
			return nil, err
		}
	}
	return run, nil
}

// importInput converts the GraphQL input to the engine's. An omitted
// memberships list stays nil (keep the user's memberships); an empty list
// clears them.
func importInput(in model.ImportDirectoryInput) oaimport.Input {
	out := oaimport.Input{Complete: in.Complete != nil && *in.Complete, DefaultRegion: deref(in.DefaultRegion)}
	for _, d := range in.Departments {
		out.Departments = append(out.Departments, oaimport.Department{
			ExternalID: d.ExternalID, Name: d.Name, ParentExternalID: deref(d.ParentExternalID), Order: deref(d.Order),
		})
	}
	for _, u := range in.Users {
		iu := oaimport.User{
			ExternalID: u.ExternalID, Name: u.Name, Mobile: deref(u.Mobile), Email: deref(u.Email),
			EmployeeNo: deref(u.EmployeeNo), Title: deref(u.Title), Gender: deref(u.Gender),
		}
		for _, a := range u.Attributes {
			if iu.Attributes == nil {
				iu.Attributes = make(map[string]string, len(u.Attributes))
			}
			iu.Attributes[a.Name] = a.Value
		}
		if u.Status != nil {
			iu.Status = *u.Status
		}
		if u.Memberships != nil {
			iu.Memberships = make([]oaimport.Membership, 0, len(u.Memberships))
			for _, m := range u.Memberships {
				iu.Memberships = append(iu.Memberships, oaimport.Membership{
					DepartmentExternalID: m.DepartmentExternalID, Primary: deref(m.Primary), Order: deref(m.Order),
				})
			}
		}
		out.Users = append(out.Users, iu)
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// uniqueAttributes refuses a user whose attributes name one field twice:
// the engine keeps them by name, so one would be lost silently.
func uniqueAttributes(in model.ImportDirectoryInput) error {
	for i, u := range in.Users {
		seen := make(map[string]int, len(u.Attributes))
		for j, a := range u.Attributes {
			name := strings.TrimSpace(a.Name)
			if k, dup := seen[name]; dup {
				return badInput(fmt.Sprintf("input.users[%d].attributes[%d].name", i, j), fmt.Sprintf("%q is already attributes[%d]: each field once", a.Name, k))
			}
			seen[name] = j
		}
	}
	return nil
}
