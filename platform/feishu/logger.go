package feishu

import (
	"context"
	"fmt"
	"log/slog"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
)

// larkLogLevel keeps the SDK at warnings: at debug level it can log whole
// requests, Authorization header included.
const larkLogLevel = larkcore.LogLevelWarn

// sdkLogger routes the SDK's log lines to slog.
type sdkLogger struct{ l *slog.Logger }

func (s sdkLogger) log(ctx context.Context, lv slog.Level, args []any) {
	s.l.Log(ctx, lv, "lark sdk: "+fmt.Sprint(args...))
}

func (s sdkLogger) Debug(ctx context.Context, args ...any) { s.log(ctx, slog.LevelDebug, args) }
func (s sdkLogger) Info(ctx context.Context, args ...any)  { s.log(ctx, slog.LevelInfo, args) }
func (s sdkLogger) Warn(ctx context.Context, args ...any)  { s.log(ctx, slog.LevelWarn, args) }
func (s sdkLogger) Error(ctx context.Context, args ...any) { s.log(ctx, slog.LevelError, args) }
