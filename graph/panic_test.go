package graph

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestPanicsAreLoggedWithoutTheirValue: a panic value may quote the request
// (a body, a variable holding a secret): the log names its type and stack,
// and the message only of the runtime's own panics.
func TestPanicsAreLoggedWithoutTheirValue(t *testing.T) {
	var buf bytes.Buffer
	recoverFn := recoverPanic(slog.New(slog.NewTextHandler(&buf, nil)))
	if err := recoverFn(context.Background(), fmt.Errorf("decoding {\"appSecret\": %q}", "sk-in-a-panic-1")); err.Error() != "internal error" {
		t.Fatalf("answered %v", err)
	}
	_ = recoverFn(context.Background(), "bad body sk-in-a-panic-2")
	func() {
		defer func() { _ = recoverFn(context.Background(), recover()) }()
		var m map[string]int
		m["x"] = 1 // a runtime panic: assignment to entry in nil map
	}()
	log := buf.String()
	if strings.Contains(log, "sk-in-a-panic") {
		t.Fatalf("a panic's value reached the log:\n%s", log)
	}
	for _, want := range []string{"panic_type=*errors.errorString", "panic_type=string", "assignment to entry in nil map", "stack="} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}
