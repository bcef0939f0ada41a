package broadcast

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"imbridge/platform"
	"imbridge/platform/volcano"
	wecomcallback "imbridge/platform/wecom/callback"
)

// ErrUnknownEvent: a signed callback the bridge cannot apply (a status
// outside the documented ones, an ActivityID that is not one); answered,
// dropped, never retried.
var ErrUnknownEvent = errors.New("unknown status or id in a status callback")

// KnownVolcanoEvent says whether a verified Volcano callback names a
// documented status and an ActivityId that can be one (a positive int64):
// the rest is dropped before a job is queued for it.
func KnownVolcanoEvent(ev volcano.StatusEvent) bool {
	if st, _ := volcano.StatusOf(ev.Status); st < 0 {
		return false
	}
	n, err := strconv.ParseInt(ev.ActivityID, 10, 64)
	return err == nil && n > 0
}

// ApplyWeComEvent applies a verified living_status_change (path/94145):
// Status 0 预约中, 1 直播中, 2 已结束, 4 已取消 (3 已过期 has no callback but
// is accepted from the third-party copy of the doc). Other events are
// ignored (false).
func (s *Service) ApplyWeComEvent(ctx context.Context, ev wecomcallback.Event) (bool, error) {
	if ev.Event != "living_status_change" {
		return false, nil
	}
	n, err := strconv.Atoi(ev.Status)
	if err != nil || n < 0 || n > 4 {
		return false, fmt.Errorf("living_status_change %.64s: status %.16q is not 0–4: %w", ev.LivingID, ev.Status, ErrUnknownEvent)
	}
	// WeCom's event carries no time the bridge keeps: zero, not dated.
	_, err = s.ApplyStatus(ctx, ProviderWeComLiving, ev.LivingID, platform.LiveStatus(n), time.Time{})
	return true, err
}

// ApplyVolcanoEvent applies a verified Volcano status callback
// (volcano.VerifyStatusCallback); the replay axis comes from the refresh.
func (s *Service) ApplyVolcanoEvent(ctx context.Context, ev volcano.StatusEvent) error {
	if !KnownVolcanoEvent(ev) {
		return fmt.Errorf("volcano callback %.64s: status %d: %w", ev.ActivityID, ev.Status, ErrUnknownEvent)
	}
	st, _ := volcano.StatusOf(ev.Status)
	_, err := s.ApplyStatus(ctx, ProviderVolcanoLive, ev.ActivityID, st, ev.Timestamp)
	return err
}
