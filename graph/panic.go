package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
)

// recoverPanic logs a panic in a resolver or transport and answers INTERNAL.
// The log names the panic's type and, for the runtime's own panics (nil
// dereference, index out of range…), its message; any other panic value may
// quote what the request carried (a body, a variable, a secret in it) and
// is not logged. The stack holds code locations, not values.
func recoverPanic(log *slog.Logger) func(context.Context, any) error {
	return func(_ context.Context, p any) error {
		attrs := []any{"panic_type", fmt.Sprintf("%T", p), "stack", string(debug.Stack())}
		if re, ok := p.(runtime.Error); ok {
			attrs = append(attrs, "panic", re.Error())
		}
		log.Error("resolver panic", attrs...)
		return errors.New("internal error")
	}
}
