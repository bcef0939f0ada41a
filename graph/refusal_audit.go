package graph

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/ent"
	"imbridge/ent/audit"
	"imbridge/ent/viewer"
	"imbridge/worker/broker"
)

// refusalWindow is how long identical refusals are recorded once: the same
// actor refused the same action with the same code again within it is not
// recorded again, so a script retrying in a loop cannot flood the audit log.
const refusalWindow = time.Minute

// refusalCodes are the failures worth auditing: someone tried what they may
// not (FORBIDDEN), reached for what is not theirs (NOT_FOUND: another
// tenant's id looks like a missing one), or had no credentials; and every
// other failed operation (bad input, a conflict, a platform's refusal, an
// internal error), so that the log shows what was tried and failed, not
// only what succeeded (issue 7 §3).
var refusalCodes = map[string]bool{
	CodeForbidden: true, CodeNotFound: true, CodeUnauthenticated: true,
	CodeBadUserInput: true, CodeConflict: true, CodePlatformError: true, CodeInternal: true, CodeRateLimited: true,
}

// refusalAuditor records refused mutations as failed audit events. Refusals
// are noted while the mutation runs and written after its transaction has
// ended (it is rolled back, and the record with it, if written inside).
type refusalAuditor struct {
	client *ent.Client
	broker *broker.Broker
	log    *slog.Logger
	now    func() time.Time
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = (*refusalAuditor)(nil)

func (*refusalAuditor) ExtensionName() string { return "RefusalAuditor" }

func (*refusalAuditor) Validate(graphql.ExecutableSchema) error { return nil }

// refusal is one refused root mutation field.
type refusal struct {
	action, code, message, targetID, summary string
}

type refusalsKey struct{}

type refusals struct {
	mu   sync.Mutex
	list []refusal
}

// InterceptResponse must be installed before (outside) the transaction.
func (a *refusalAuditor) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Mutation {
		return next(ctx)
	}
	rs := &refusals{}
	resp := next(context.WithValue(ctx, refusalsKey{}, rs))
	for _, r := range rs.list {
		a.record(ctx, r)
	}
	return resp
}

// noteRefusal notes that the root mutation field action was refused with
// code. Only codes in refusalCodes are kept.
func noteRefusal(ctx context.Context, action, code, message string) {
	rs, _ := ctx.Value(refusalsKey{}).(*refusals)
	if rs == nil || action == "" || !refusalCodes[code] {
		return
	}
	r := refusal{action: action, code: code, message: message}
	if fc := rootField(ctx); fc != nil {
		args := fc.Field.ArgumentMap(graphql.GetOperationContext(ctx).Variables)
		r.summary = audit.Summarize(args)
		if v, ok := args["id"]; ok {
			r.targetID = fmt.Sprint(v)
		}
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for _, seen := range rs.list {
		if seen.action == action && seen.code == code {
			return // one per action and code in an operation
		}
	}
	rs.list = append(rs.list, r)
}

// rootField is the context of the root field ctx is under.
func rootField(ctx context.Context) *graphql.FieldContext {
	var root *graphql.FieldContext
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if fc.Field.Field != nil {
			root = fc
		}
	}
	return root
}

func (a *refusalAuditor) record(ctx context.Context, r refusal) {
	if !a.first(ctx, r) {
		return
	}
	summary := "refused (" + r.code + "): " + r.message
	if r.summary != "" && r.summary != "{}" {
		summary += "; arguments " + r.summary
	}
	if err := audit.Record(ctx, a.client, audit.Entry{Action: r.action, TargetID: r.targetID, Summary: summary, Failed: true}); err != nil {
		a.log.Warn("auditing a refused mutation", "action", r.action, "err", err)
	}
}

// first reports whether r is the first of its kind (actor, action, code) in
// the current window, claiming the window in Redis so that every API
// process shares it. If Redis fails the refusal is recorded anyway.
func (a *refusalAuditor) first(ctx context.Context, r refusal) bool {
	if a.broker == nil {
		return true
	}
	actor := "anonymous"
	if v := viewer.FromContext(ctx); v != nil {
		actor = string(v.Kind) + ":" + strconv.Itoa(v.ID) + "@" + strconv.Itoa(v.TenantID)
	}
	window := a.now().UnixNano() / int64(refusalWindow)
	key := a.broker.Key("refusal", actor, r.action, r.code, strconv.FormatInt(window, 10))
	ok, err := a.broker.Client.SetNX(ctx, key, 1, 2*refusalWindow).Result()
	if err != nil {
		a.log.Warn("throttling refusal audits", "err", err)
		return true
	}
	return ok
}
