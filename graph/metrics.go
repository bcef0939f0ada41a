package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/frontend"
)

var (
	operationsTotal = promauto.NewCounterVec(prometheus.CounterOpts{
		Name: "imbridge_graphql_operations_total",
		Help: "GraphQL operations, by type (query, mutation, subscription), name (the console's operations; other, anonymous) and outcome (ok, error).",
	}, []string{"type", "name", "outcome"})
	operationDuration = promauto.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "imbridge_graphql_operation_duration_seconds",
		Help:    "Time to execute GraphQL queries and mutations, by type.",
		Buckets: prometheus.DefBuckets,
	}, []string{"type"})
)

// knownOperations are the operation names that label metrics: the
// console's. Names come from anonymous callers, so any other is "other" and
// the label set stays fixed.
var knownOperations = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range frontend.OperationNames() {
		m[n] = true
	}
	return m
}()

// operationLabel is the name label of an operation.
func operationLabel(op *ast.OperationDefinition) string {
	switch {
	case op == nil || op.Name == "":
		return "anonymous"
	case knownOperations[op.Name]:
		return op.Name
	}
	return "other"
}

// observeOperation counts and times operations. Subscriptions are counted
// once, when they start.
func observeOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	typ, name := "unknown", operationLabel(oc.Operation)
	if oc.Operation != nil {
		typ = string(oc.Operation.Operation)
	}
	start := time.Now()
	h := next(ctx)
	first := true
	return func(ctx context.Context) *graphql.Response {
		resp := h(ctx)
		if first {
			first = false
			outcome := "ok"
			if resp != nil && len(resp.Errors) > 0 {
				outcome = "error"
			}
			operationsTotal.WithLabelValues(typ, name, outcome).Inc()
			if typ != "subscription" {
				operationDuration.WithLabelValues(typ).Observe(time.Since(start).Seconds())
			}
		}
		return resp
	}
}
