package graph_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"imbridge/graph/graphtest"
)

// labelValues returns every value the metric's label has taken.
func labelValues(t *testing.T, metric, label string) map[string]bool {
	t.Helper()
	families, err := prometheus.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range families {
		if f.GetName() != metric {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == label {
					out[l.GetValue()] = true
				}
			}
		}
	}
	return out
}

// TestOperationNameLabelsAreAFixedSet: the name label of GraphQL metrics is
// one of the console's operations, "anonymous" or "other", never a name a
// caller made up, so anonymous callers cannot grow the label set.
func TestOperationNameLabelsAreAFixedSet(t *testing.T) {
	env := graphtest.New(t)
	made := fmt.Sprintf("Probe%d", time.Now().UnixNano())
	env.Anonymous().Do(`query `+made+` { viewer { name } }`, nil)
	env.Anonymous().Do(`mutation `+made+`M { createTenant(input: {name: "x", slug: "x"}) { id } }`, nil)
	env.Anonymous().Do(`query Viewer { viewer { name } }`, nil)
	env.Anonymous().Do(`{ viewer { name } }`, nil)
	names := labelValues(t, "imbridge_graphql_operations_total", "name")
	for _, want := range []string{"Viewer", "other", "anonymous"} {
		if !names[want] {
			t.Errorf("no %q label among %v", want, names)
		}
	}
	if names[made] || names[made+"M"] {
		t.Fatalf("a caller's operation name became a label: %v", names)
	}
}
