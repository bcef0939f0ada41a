package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"imbridge/worker/broadcast"
)

// broadcastOutbox makes every broadcast change a platform confirmed during
// an operation durable after the operation's transaction is over
// (broadcast.Outbox): the mutation's transaction rolls back on any error
// of the operation, and a cancel, a deleted replay or a created room the
// platform already carried out must not be forgotten with it. It runs
// outside entgql.Transactioner, so its writes are its own.
type broadcastOutbox struct{ r *Resolver }

func (broadcastOutbox) ExtensionName() string { return "BroadcastOutbox" }

func (broadcastOutbox) Validate(graphql.ExecutableSchema) error { return nil }

func (o broadcastOutbox) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	opCtx, box := broadcast.WithOutbox(ctx)
	resp := next(opCtx)
	if len(box.Changes()) > 0 {
		if err := box.Flush(ctx, o.r.broadcastService().Store); err != nil {
			o.r.Logger.Error("recording broadcast changes the platform confirmed", "err", err)
		}
	}
	return resp
}
