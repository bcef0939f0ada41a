package broadcast

import (
	"context"
	"errors"
	"fmt"
	"time"

	"imbridge/platform"
)

// Refresh reads the broadcast from the platform (seed 002 §2.5): status,
// replay, totals; once ended, every viewer's record (paged to the end).
// A cancelled broadcast is final and not read (Volcano deleted the room).
func (s *Service) Refresh(ctx context.Context, id string) (Broadcast, error) {
	b, err := s.Store.Get(ctx, id)
	if err != nil {
		return Broadcast{}, err
	}
	if b.Status == platform.LiveCancelled {
		return b, nil
	}
	live, err := s.Live(ctx, b.Provider, b.CorpID, b.AppID)
	if err != nil {
		return Broadcast{}, err
	}
	info, err := live.GetLive(ctx, b.PlatformID)
	if code, ok := goneCode(b.Provider, err); ok && b.Status != platform.LiveEnded {
		// The room is gone (deleted on the platform, or by a cancel whose
		// row was lost): final, not an error on every read and refresh.
		b.Status = platform.LiveCancelled
		if !b.Spec.Start.IsZero() && s.now().After(b.Spec.Start.Add(b.Spec.Duration)) {
			b.Status = platform.LiveExpired
		}
		b.Notes = append(b.Notes, fmt.Sprintf("the room is gone on the platform (%s at %s); marked %s", code, s.now().UTC().Format(time.RFC3339), b.Status))
		b.RefreshedAt = s.now()
		return s.Store.Save(ctx, b)
	}
	if err != nil {
		return Broadcast{}, wrap(err)
	}
	// Another refresh may have saved a later answer while this one read.
	if cur, err := s.Store.Get(ctx, id); err == nil && staleAnswer(cur, info.Status, info.Replay) {
		return cur, nil
	}
	b.Status, b.Replay, b.Stats, b.RefreshedAt = info.Status, info.Replay, info, s.now()
	if info.ViewURL != "" {
		b.ViewURL = info.ViewURL
	}
	if info.Status == platform.LiveEnded {
		viewers, err := live.LiveWatchStats(ctx, b.PlatformID)
		switch {
		case errors.Is(err, platform.ErrLiveUnsupported):
		case err != nil:
			return Broadcast{}, wrap(err)
		default:
			if err := s.Store.SaveViewers(ctx, b.ID, viewers); err != nil {
				return Broadcast{}, err
			}
			var total time.Duration
			comments := 0
			for _, v := range viewers {
				total += v.Watch
				comments += v.Comments
			}
			// The platform's own total wins (Volcano TotalTime); WeCom gives
			// none, so its viewers' sum is the total.
			if b.Stats.TotalWatch == 0 {
				b.Stats.TotalWatch = total
			}
			// Volcano's totals carry no comment count; its viewer rows do.
			if b.Stats.Comments == 0 {
				b.Stats.Comments = comments
			}
		}
	}
	return s.Store.Save(ctx, b)
}

// ApplyStatus records a status callback (WeCom living_status_change,
// Volcano ActivityStatusModifyCallBack, already verified) and refreshes
// the rest from the platform. The state machine holds: a terminal
// broadcast (cancelled, ended, expired) is not left, a status does not go
// back (live → reserved), and an event older than the last refresh (at,
// when the platform dates it; zero when it does not) is stale — the
// refresh read the platform after it — and ignored. A replayed or forged
// old callback cannot revive a cancelled room.
func (s *Service) ApplyStatus(ctx context.Context, provider, platformID string, st platform.LiveStatus, at time.Time) (Broadcast, error) {
	b, err := s.Store.ByPlatformID(ctx, provider, platformID)
	if err != nil {
		return Broadcast{}, err
	}
	stale := !at.IsZero() && !b.RefreshedAt.IsZero() && at.Before(b.RefreshedAt)
	if stale || !StatusMayMove(b.Status, st) {
		return b, nil
	}
	b.Status = st
	if b, err = s.Store.Save(ctx, b); err != nil {
		return Broadcast{}, err
	}
	return s.Refresh(ctx, b.ID)
}

// StatusMayMove says whether a callback may move a broadcast from one
// status to another: forward only (reserved → live → ended; reserved or
// live → cancelled/expired), never out of a terminal status.
func StatusMayMove(from, to platform.LiveStatus) bool {
	rank := func(st platform.LiveStatus) int {
		switch st {
		case platform.LiveReserved:
			return 0
		case platform.LiveLiving:
			return 1
		}
		return 2 // ended, expired, cancelled
	}
	if rank(from) == 2 {
		return false
	}
	return rank(to) >= rank(from)
}

// goneCode says whether a read of a broadcast failed because the platform
// says the room no longer exists. Only documented not-found codes count:
// Volcano's InvalidParameter.ActivityNotExist and ActivityHasBeenDeleted
// (livesaas 错误码, docs 3019/1112501), classified ClassNotFound by
// platform/volcano. WeCom documents no not-found code for get_living_info
// (wecom-dingtalk-api.md §1.11: generic codes only, 40058 is 不合法的参数),
// so no WeCom error marks a broadcast gone: it stays as last read and the
// read's error is reported.
func goneCode(provider string, err error) (string, bool) {
	var pe *platform.Error
	if err == nil || !errors.As(err, &pe) {
		return "", false
	}
	if provider == ProviderVolcanoLive && pe.Class == platform.ClassNotFound {
		return pe.Msg, true
	}
	return "", false
}

// Unsettled reports whether a broadcast's state may still change.
func Unsettled(st platform.LiveStatus, rp platform.ReplayStatus) bool {
	return st == platform.LiveReserved || st == platform.LiveLiving || st == platform.LiveEnded && rp == platform.ReplayGenerating
}

// RefreshUnsettled is the refresh job: every unsettled broadcast of the
// context's tenant is read from the platform (callbacks can be lost; WeCom
// sends none for 已过期). It goes on past a failing broadcast and returns
// how many were refreshed and the first error.
func (s *Service) RefreshUnsettled(ctx context.Context) (int, error) {
	ids, err := s.Store.Unsettled(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	var first error
	for _, id := range ids {
		if _, err := s.Refresh(ctx, id); err != nil {
			if first == nil {
				first = fmt.Errorf("broadcast %s: %w", id, err)
			}
			continue
		}
		n++
	}
	return n, first
}
