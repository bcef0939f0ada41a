package graph

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"imbridge/platform"
)

// TestPlatformErrorsCarryThePlatformsCode: a platform's refusal reaches the
// client as PLATFORM_ERROR with the platform's code, message and log id,
// also when wrapped by the layers in between.
func TestPlatformErrorsCarryThePlatformsCode(t *testing.T) {
	present := presentError(slog.New(slog.NewTextHandler(io.Discard, nil)))
	pe := &platform.Error{Platform: "feishu", Code: 99991672, Msg: "Access denied. One of the following scopes is required", LogID: "20261121xyz", HTTPStatus: 400}
	got := present(context.Background(), fmt.Errorf("pulling: %w", pe))
	ext := got.Extensions
	if ext["code"] != CodePlatformError || ext["platformCode"] != 99991672 || ext["logId"] != "20261121xyz" || ext["platform"] != "feishu" {
		t.Fatalf("extensions = %+v", ext)
	}
	if got.Message != pe.Error() {
		t.Fatalf("message = %q", got.Message)
	}
	// Anything unexpected is INTERNAL, with no detail leaked.
	got = present(context.Background(), fmt.Errorf("dial tcp 10.0.0.5:5432: password=hunter2"))
	if got.Extensions["code"] != CodeInternal || got.Message != "internal error" {
		t.Fatalf("unexpected error presented as %+v", got)
	}
}
