package broadcast

import (
	"context"
	"errors"
	"fmt"
	"time"

	"imbridge/platform"
)

// Providers, as the Broadcast's provider field names them.
const (
	ProviderWeComLiving = "wecom_living"
	ProviderVolcanoLive = "volcano_live"
)

// Broadcast is the engine's record of one broadcast.
type Broadcast struct {
	ID, TenantID, CorpID, AppID string
	Provider                    string
	AnchorOAUserID              string
	Spec                        platform.LiveSpec // anchor: the IM user id
	PlatformID                  string
	Status                      platform.LiveStatus
	Replay                      platform.ReplayStatus
	ViewURL                     string
	Stats                       platform.LiveInfo // totals of the last refresh
	Notes                       []string
	RefreshedAt                 time.Time
}

// Store keeps broadcasts and their viewers; the ent-backed store scopes
// every read to the caller's tenant.
type Store interface {
	Get(ctx context.Context, id string) (Broadcast, error)
	ByPlatformID(ctx context.Context, provider, platformID string) (Broadcast, error)
	Save(ctx context.Context, b Broadcast) (Broadcast, error)
	SaveViewers(ctx context.Context, id string, v []platform.LiveViewer) error
	// Unsettled lists the ids of broadcasts whose state may still change
	// on the platform: reserved, live, or ended with the replay generating.
	Unsettled(ctx context.Context) ([]string, error)
}

// ErrNotFound: no such broadcast (in the caller's tenant).
var ErrNotFound = errors.New("broadcast not found")

// Anchors resolves an OA user to the IM user of the corp: ErrNotBound when
// the OA user has no binding there, ErrOutOfRange when the IM user is
// outside the app's visible range.
type Anchors interface {
	Resolve(ctx context.Context, corpID, appID, oaUserID string) (imUserID string, err error)
}

var (
	ErrNotBound   = errors.New("the OA user is not bound to an IM user of this corp")
	ErrOutOfRange = errors.New("the IM user is outside the app's visible range")
)

// PlatformError is a refusal by the platform, after our rules passed: the
// presenter answers PLATFORM_ERROR with its code.
type PlatformError struct{ Err *platform.Error }

func (e *PlatformError) Error() string { return e.Err.Error() }
func (e *PlatformError) Unwrap() error { return e.Err }

// Service runs broadcasts.
type Service struct {
	Store   Store
	Anchors Anchors
	// Live gives the provider's client for a corp's app.
	Live func(ctx context.Context, provider, corpID, appID string) (platform.Live, error)
	Now  func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func wrap(err error) error {
	var pe *platform.Error
	if errors.As(err, &pe) {
		return &PlatformError{Err: pe}
	}
	return err
}

// Create checks the rules (Check, then the anchor), then creates the
// broadcast on the platform and stores it reserved.
func (s *Service) Create(ctx context.Context, tenantID, corpID, appID, provider string, in Input) (Broadcast, error) {
	if provider != ProviderWeComLiving && provider != ProviderVolcanoLive {
		return Broadcast{}, FieldErrors{{Field: "provider", Rule: "enum", Message: "the provider must be wecom_living or volcano_live"}}
	}
	in.Provider = provider
	c, err := Check(in, s.now())
	if err != nil {
		return Broadcast{}, err
	}
	im, err := s.Anchors.Resolve(ctx, corpID, appID, in.AnchorOAUserID)
	switch {
	case errors.Is(err, ErrNotBound):
		return Broadcast{}, FieldErrors{{Field: "anchor", Rule: "bound", Message: "the anchor has no IM account bound in this corp"}}
	case errors.Is(err, ErrOutOfRange):
		return Broadcast{}, FieldErrors{{Field: "anchor", Rule: "visible_range", Message: "the anchor is outside the app's visible range (可见范围)"}}
	case err != nil:
		return Broadcast{}, err
	}
	c.Spec.AnchorUserID = im
	live, err := s.Live(ctx, provider, corpID, appID)
	if err != nil {
		return Broadcast{}, err
	}
	pid, err := live.CreateLive(ctx, c.Spec)
	if err != nil {
		return Broadcast{}, wrap(err)
	}
	nb := Broadcast{TenantID: tenantID, CorpID: corpID, AppID: appID, Provider: provider,
		AnchorOAUserID: in.AnchorOAUserID, Spec: c.Spec, PlatformID: pid, Status: platform.LiveReserved,
		Replay: platform.ReplayNone, Notes: c.Notes}
	b, err := s.Store.Save(ctx, nb)
	if err != nil {
		// The room exists on the platform but not in the bridge, where no one
		// could cancel it: take it back, and say if that failed too.
		if cerr := live.CancelLive(context.WithoutCancel(ctx), pid); cerr != nil {
			confirm(ctx, ChangeCreated, nb) // still there: the outbox keeps its row
			return Broadcast{}, fmt.Errorf("saving broadcast %s/%s: %w; cancelling it on the platform failed too, it is left there: %v", provider, pid, err, cerr)
		}
		return Broadcast{}, fmt.Errorf("saving broadcast %s/%s (cancelled on the platform again): %w", provider, pid, err)
	}
	confirm(ctx, ChangeCreated, b)
	return b, nil
}

// Update changes a reserved broadcast: the rules again, on the merged
// input (the anchor stays).
func (s *Service) Update(ctx context.Context, id string, in Input) (Broadcast, error) {
	b, err := s.Store.Get(ctx, id)
	if err != nil {
		return Broadcast{}, err
	}
	if err := Allowed(OpUpdate, b.Status, b.Replay); err != nil {
		return Broadcast{}, err
	}
	in.AnchorOAUserID, in.Provider = b.AnchorOAUserID, b.Provider
	c, err := Check(in, s.now())
	if err != nil {
		return Broadcast{}, err
	}
	c.Spec.AnchorUserID = b.Spec.AnchorUserID
	live, err := s.Live(ctx, b.Provider, b.CorpID, b.AppID)
	if err != nil {
		return Broadcast{}, err
	}
	if err := live.UpdateLive(ctx, b.PlatformID, c.Spec); err != nil {
		return Broadcast{}, wrap(err)
	}
	old, oldNotes := b.Spec, b.Notes
	b.Spec, b.Notes = c.Spec, c.Notes
	confirm(ctx, ChangeUpdated, b)
	saved, err := s.Store.Save(ctx, b)
	if err != nil {
		// The platform has the new spec, the bridge the old one: put the
		// platform back so both agree, and say if that failed.
		rerr := live.UpdateLive(context.WithoutCancel(ctx), b.PlatformID, old)
		if rerr == nil {
			b.Spec, b.Notes = old, oldNotes
			confirm(ctx, ChangeUpdated, b)
		}
		if rerr != nil {
			return Broadcast{}, fmt.Errorf("saving broadcast %s: %w; restoring it on the platform failed too, the platform keeps the new settings: %v", b.ID, err, rerr)
		}
		return Broadcast{}, fmt.Errorf("saving broadcast %s (the platform restored): %w", b.ID, err)
	}
	return saved, nil
}

// Cancel cancels a reserved broadcast.
func (s *Service) Cancel(ctx context.Context, id string) (Broadcast, error) {
	b, err := s.Store.Get(ctx, id)
	if err != nil {
		return Broadcast{}, err
	}
	if err := Allowed(OpCancel, b.Status, b.Replay); err != nil {
		return Broadcast{}, err
	}
	live, err := s.Live(ctx, b.Provider, b.CorpID, b.AppID)
	if err != nil {
		return Broadcast{}, err
	}
	if err := live.CancelLive(ctx, b.PlatformID); err != nil {
		return Broadcast{}, wrap(err)
	}
	b.Status = platform.LiveCancelled
	confirm(ctx, ChangeCancelled, b)
	return s.Store.Save(ctx, b)
}

// DeleteReplay deletes the replay of an ended broadcast with a ready
// replay. The stored state is refreshed first so a replay that became
// ready since the last refresh counts.
func (s *Service) DeleteReplay(ctx context.Context, id string) (Broadcast, error) {
	b, err := s.Refresh(ctx, id)
	if err != nil {
		return Broadcast{}, err
	}
	if err := Allowed(OpDeleteReplay, b.Status, b.Replay); err != nil {
		return Broadcast{}, err
	}
	live, err := s.Live(ctx, b.Provider, b.CorpID, b.AppID)
	if err != nil {
		return Broadcast{}, err
	}
	if err := live.DeleteLiveReplay(ctx, b.PlatformID); err != nil {
		if errors.Is(err, platform.ErrLiveUnsupported) {
			return Broadcast{}, FieldErrors{{Field: "id", Rule: "unsupported", Message: "this provider offers no API to delete a replay"}}
		}
		return Broadcast{}, wrap(err)
	}
	b.Replay = platform.ReplayDeleted
	confirm(ctx, ChangeReplayDeleted, b)
	return s.Store.Save(ctx, b)
}
