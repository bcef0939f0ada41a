package broadcast

import (
	"context"
	"fmt"
	"strconv"

	"imbridge/platform"
	"imbridge/platform/volcano"
	wecomcallback "imbridge/platform/wecom/callback"
)

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
		return false, fmt.Errorf("living_status_change %s: status %q is not 0–4", ev.LivingID, ev.Status)
	}
	_, err = s.ApplyStatus(ctx, ProviderWeComLiving, ev.LivingID, platform.LiveStatus(n))
	return true, err
}

// ApplyVolcanoEvent applies a verified Volcano status callback
// (volcano.VerifyStatusCallback); the replay axis comes from the refresh.
func (s *Service) ApplyVolcanoEvent(ctx context.Context, ev volcano.StatusEvent) error {
	st, _ := volcano.StatusOf(ev.Status)
	if st < 0 {
		return fmt.Errorf("volcano callback %s: unknown status %d", ev.ActivityID, ev.Status)
	}
	_, err := s.ApplyStatus(ctx, ProviderVolcanoLive, ev.ActivityID, st)
	return err
}
