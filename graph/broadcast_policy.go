package graph

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"imbridge/ent/audit"
	"imbridge/ent/detail"
	"imbridge/graph/model"
	"imbridge/worker/broadcast"
)

// broadcastPermissions is the permission engine on the resolver's client,
// its broadcasts created through the broadcast service and its
// notifications sent through the push engine.
func (r *Resolver) broadcastPermissions() *broadcast.Permissions {
	r.permissionsOnce.Do(func() {
		if r.BroadcastPermissions == nil {
			r.BroadcastPermissions = &broadcast.Permissions{DB: r.Client, Service: r.broadcastService(), Refused: noteRefused,
				Notify: &broadcast.PushNotifier{DB: r.Client, Push: r.pushEngine(), Link: strings.TrimRight(r.PublicURL, "/") + "/broadcasts/requests"}}
		}
	})
	return r.BroadcastPermissions
}

// permissionError words the permission engine's errors for the API: every
// broken rule is a BAD_USER_INPUT on its own field, as broadcastError does.
func permissionError(ctx context.Context, err error) error {
	var fe broadcast.FieldErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe) && len(fe) > 0:
		for _, f := range fe[1:] {
			graphql.AddError(ctx, badInputReason("input."+f.Field, "broadcast."+f.Rule, f.Message))
		}
		return badInputReason("input."+fe[0].Field, "broadcast."+fe[0].Rule, fe[0].Message)
	case errors.Is(err, broadcast.ErrNotApprover):
		return withReason(CodeForbidden, "broadcast_approver_required", err.Error(), nil)
	case errors.Is(err, broadcast.ErrRequestNotFound):
		return notFound(err.Error())
	}
	return err
}

// refusedCreates collects the creates of one operation refused for lack
// of permission.
type refusedCreates struct {
	mu   sync.Mutex
	errs []*broadcast.NoPermissionError
}

type refusedCreatesKey struct{}

// noteRefused is the engine's Refused hook: the refused create is noted
// for permissionRequestFiler, which files its request.
func noteRefused(ctx context.Context, e *broadcast.NoPermissionError) {
	if slot, ok := ctx.Value(refusedCreatesKey{}).(*refusedCreates); ok {
		slot.mu.Lock()
		slot.errs = append(slot.errs, e)
		slot.mu.Unlock()
	}
}

// permissionRequestFiler files the request of every create the operation
// refused for lack of permission, with the refused broadcast as its draft.
// It runs outside the mutation's transaction: that one is rolled back with
// the error, the request must stay.
type permissionRequestFiler struct{ r *Resolver }

func (permissionRequestFiler) ExtensionName() string { return "PermissionRequestFiler" }

func (permissionRequestFiler) Validate(graphql.ExecutableSchema) error { return nil }

func (f permissionRequestFiler) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	slot := &refusedCreates{}
	resp := next(context.WithValue(ctx, refusedCreatesKey{}, slot))
	slot.mu.Lock()
	errs := slot.errs
	slot.errs = nil
	slot.mu.Unlock()
	for _, e := range errs {
		req, err := f.r.broadcastPermissions().FileRefused(ctx, e)
		if err != nil {
			f.r.Logger.Error("filing the permission request of a refused broadcast", "corp", e.CorpID, "requester", e.RequesterID, "err", err)
			continue
		}
		if err := audit.Record(ctx, f.r.Client, audit.Entry{Action: "requestBroadcastPermission", TargetType: "BroadcastPermissionRequest",
			TargetID: strconv.Itoa(req.ID), Summary: "filed automatically: a broadcast was refused for lack of the broadcast permission", After: audit.Snapshot(req)}); err != nil {
			f.r.Logger.Error("auditing an automatic permission request", "err", err)
		}
	}
	return resp
}

// draftOf is a request's draft as the API gives it.
func draftOf(in *model.BroadcastDraftInput) *detail.BroadcastDraft {
	if in == nil {
		return nil
	}
	return &detail.BroadcastDraft{AppID: in.AppID, Provider: in.Provider, Title: in.Title, Start: in.Start,
		DurationSeconds: in.DurationSeconds, LiveType: in.LiveType, Description: deref(in.Description), RemindSeconds: in.RemindSeconds,
		ActivityCover: deref(in.ActivityCover), ActivityShare: deref(in.ActivityShare), ActivityDescription: deref(in.ActivityDescription),
		ActivityImages: in.ActivityImages}
}
