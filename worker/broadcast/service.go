package broadcast

import (
	"context"
	"errors"
	"fmt"
	"sync"
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
	return s.Store.Save(ctx, Broadcast{TenantID: tenantID, CorpID: corpID, AppID: appID, Provider: provider,
		AnchorOAUserID: in.AnchorOAUserID, Spec: c.Spec, PlatformID: pid, Status: platform.LiveReserved,
		Replay: platform.ReplayNone, Notes: c.Notes})
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
	in.AnchorOAUserID = b.AnchorOAUserID
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
	b.Spec, b.Notes = c.Spec, c.Notes
	return s.Store.Save(ctx, b)
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
	return s.Store.Save(ctx, b)
}

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
	if err != nil {
		return Broadcast{}, wrap(err)
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
			for _, v := range viewers {
				total += v.Watch
			}
			b.Stats.TotalWatch = total
		}
	}
	return s.Store.Save(ctx, b)
}

// ApplyStatus records a status callback (WeCom living_status_change,
// Volcano ActivityStatusModifyCallBack, already verified) and refreshes
// the rest from the platform.
func (s *Service) ApplyStatus(ctx context.Context, provider, platformID string, st platform.LiveStatus) (Broadcast, error) {
	b, err := s.Store.ByPlatformID(ctx, provider, platformID)
	if err != nil {
		return Broadcast{}, err
	}
	b.Status = st
	if b, err = s.Store.Save(ctx, b); err != nil {
		return Broadcast{}, err
	}
	return s.Refresh(ctx, b.ID)
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

// MemoryStore is a Store in memory (tests, the demo before ent).
type MemoryStore struct {
	mu      sync.Mutex
	seq     int
	byID    map[string]Broadcast
	viewers map[string][]platform.LiveViewer
}

func (m *MemoryStore) Get(_ context.Context, id string) (Broadcast, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.byID[id]
	if !ok {
		return Broadcast{}, ErrNotFound
	}
	return b, nil
}

func (m *MemoryStore) ByPlatformID(_ context.Context, provider, pid string) (Broadcast, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, b := range m.byID {
		if b.Provider == provider && b.PlatformID == pid {
			return b, nil
		}
	}
	return Broadcast{}, ErrNotFound
}

func (m *MemoryStore) Save(_ context.Context, b Broadcast) (Broadcast, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byID == nil {
		m.byID, m.viewers = map[string]Broadcast{}, map[string][]platform.LiveViewer{}
	}
	if b.ID == "" {
		m.seq++
		b.ID = fmt.Sprintf("b%d", m.seq)
	}
	m.byID[b.ID] = b
	return b, nil
}

func (m *MemoryStore) SaveViewers(_ context.Context, id string, v []platform.LiveViewer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.viewers[id] = append([]platform.LiveViewer(nil), v...)
	return nil
}

// Viewers returns the stored viewers of a broadcast.
func (m *MemoryStore) Viewers(id string) []platform.LiveViewer {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.viewers[id]
}

func (m *MemoryStore) Unsettled(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for id, b := range m.byID {
		if Unsettled(b.Status, b.Replay) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
