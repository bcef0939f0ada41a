package broadcast

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"imbridge/ent"
	entbroadcast "imbridge/ent/broadcast"
	"imbridge/ent/broadcastviewer"
	"imbridge/platform"
)

// EntStore keeps broadcasts in the database. The privacy rules scope every
// read and write to the context's tenant: another tenant's broadcast is
// ErrNotFound.
type EntStore struct{ DB *ent.Client }

// client is the transaction's client when the context carries one (a
// GraphQL mutation runs in one: writing beside it on SQLite would wait for
// its lock), else DB.
func client(ctx context.Context, db *ent.Client) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return db
}

var statusNames = map[platform.LiveStatus]entbroadcast.Status{
	platform.LiveReserved: entbroadcast.StatusRESERVED, platform.LiveLiving: entbroadcast.StatusLIVE,
	platform.LiveEnded: entbroadcast.StatusENDED, platform.LiveExpired: entbroadcast.StatusEXPIRED,
	platform.LiveCancelled: entbroadcast.StatusCANCELLED,
}

var replayNames = map[platform.ReplayStatus]entbroadcast.ReplayStatus{
	platform.ReplayNone: entbroadcast.ReplayStatusNONE, platform.ReplayReady: entbroadcast.ReplayStatusREADY,
	platform.ReplayGenerating: entbroadcast.ReplayStatusGENERATING, platform.ReplayDeleted: entbroadcast.ReplayStatusDELETED,
	platform.ReplayFailed: entbroadcast.ReplayStatusFAILED,
}

func atoi(field, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, FieldErrors{{Field: field, Rule: "id", Message: fmt.Sprintf("%q is not an id", s)}}
	}
	return n, nil
}

func fromEnt(e *ent.Broadcast) Broadcast {
	b := Broadcast{ID: strconv.Itoa(e.ID), TenantID: strconv.Itoa(e.TenantID), CorpID: strconv.Itoa(e.CorpID),
		AppID: strconv.Itoa(e.AppID), Provider: string(e.Provider), AnchorOAUserID: strconv.Itoa(e.AnchorOaUserID),
		PlatformID: e.PlatformID, ViewURL: e.ViewURL, Notes: e.Notes,
		Spec: platform.LiveSpec{AnchorUserID: e.AnchorImUserID, Title: e.Title, Start: e.StartTime,
			Duration: time.Duration(e.DurationSeconds) * time.Second, Type: platform.LiveType(e.LiveType),
			Description: e.Description, RemindBefore: time.Duration(e.RemindSeconds) * time.Second,
			ActivityCoverMediaID: e.ActivityCover, ActivityShareMediaID: e.ActivityShare,
			ActivityDescription: e.ActivityDescription, ActivityImages: e.ActivityImages},
		Stats: platform.LiveInfo{Viewers: e.Viewers, Comments: e.Comments, Mics: e.Mics, PeakOnline: e.PeakOnline,
			TotalWatch: time.Duration(e.TotalWatchSeconds) * time.Second}}
	for k, v := range statusNames {
		if v == e.Status {
			b.Status = k
		}
	}
	for k, v := range replayNames {
		if v == e.ReplayStatus {
			b.Replay = k
		}
	}
	if e.RefreshedAt != nil {
		b.RefreshedAt = *e.RefreshedAt
	}
	return b
}

func (s *EntStore) Get(ctx context.Context, id string) (Broadcast, error) {
	n, err := atoi("id", id)
	if err != nil {
		return Broadcast{}, err
	}
	e, err := client(ctx, s.DB).Broadcast.Get(ctx, n)
	if ent.IsNotFound(err) {
		return Broadcast{}, ErrNotFound
	}
	if err != nil {
		return Broadcast{}, err
	}
	return fromEnt(e), nil
}

func (s *EntStore) ByPlatformID(ctx context.Context, provider, pid string) (Broadcast, error) {
	e, err := client(ctx, s.DB).Broadcast.Query().Where(entbroadcast.ProviderEQ(entbroadcast.Provider(provider)), entbroadcast.PlatformID(pid)).Only(ctx)
	if ent.IsNotFound(err) {
		return Broadcast{}, ErrNotFound
	}
	if err != nil {
		return Broadcast{}, err
	}
	return fromEnt(e), nil
}

func (s *EntStore) Save(ctx context.Context, b Broadcast) (Broadcast, error) {
	var refreshed *time.Time
	if !b.RefreshedAt.IsZero() {
		refreshed = &b.RefreshedAt
	}
	st, rp := statusNames[b.Status], replayNames[b.Replay]
	if b.ID == "" {
		corp, err := atoi("corp", b.CorpID)
		if err != nil {
			return Broadcast{}, err
		}
		app, err := atoi("app", b.AppID)
		if err != nil {
			return Broadcast{}, err
		}
		anchor, err := atoi("anchor", b.AnchorOAUserID)
		if err != nil {
			return Broadcast{}, err
		}
		e, err := client(ctx, s.DB).Broadcast.Create().SetCorpID(corp).SetAppID(app).SetProvider(entbroadcast.Provider(b.Provider)).
			SetAnchorOaUserID(anchor).SetAnchorImUserID(b.Spec.AnchorUserID).SetTitle(b.Spec.Title).
			SetStartTime(b.Spec.Start).SetDurationSeconds(int(b.Spec.Duration / time.Second)).SetLiveType(int(b.Spec.Type)).
			SetDescription(b.Spec.Description).SetRemindSeconds(int(b.Spec.RemindBefore / time.Second)).
			SetActivityCover(b.Spec.ActivityCoverMediaID).SetActivityShare(b.Spec.ActivityShareMediaID).
			SetActivityDescription(b.Spec.ActivityDescription).SetActivityImages(b.Spec.ActivityImages).
			SetStatus(st).SetReplayStatus(rp).SetPlatformID(b.PlatformID).SetViewURL(b.ViewURL).SetNotes(b.Notes).
			SetNillableRefreshedAt(refreshed).Save(ctx)
		if err != nil {
			return Broadcast{}, err
		}
		return fromEnt(e), nil
	}
	n, err := atoi("id", b.ID)
	if err != nil {
		return Broadcast{}, err
	}
	e, err := client(ctx, s.DB).Broadcast.UpdateOneID(n).SetTitle(b.Spec.Title).SetStartTime(b.Spec.Start).
		SetDurationSeconds(int(b.Spec.Duration / time.Second)).SetLiveType(int(b.Spec.Type)).
		SetDescription(b.Spec.Description).SetRemindSeconds(int(b.Spec.RemindBefore / time.Second)).
		SetActivityCover(b.Spec.ActivityCoverMediaID).SetActivityShare(b.Spec.ActivityShareMediaID).
		SetActivityDescription(b.Spec.ActivityDescription).SetActivityImages(b.Spec.ActivityImages).
		SetStatus(st).SetReplayStatus(rp).SetViewURL(b.ViewURL).SetNotes(b.Notes).
		SetViewers(b.Stats.Viewers).SetComments(b.Stats.Comments).SetMics(b.Stats.Mics).SetPeakOnline(b.Stats.PeakOnline).
		SetTotalWatchSeconds(int(b.Stats.TotalWatch / time.Second)).SetNillableRefreshedAt(refreshed).Save(ctx)
	if ent.IsNotFound(err) {
		return Broadcast{}, ErrNotFound
	}
	if err != nil {
		return Broadcast{}, err
	}
	return fromEnt(e), nil
}

// SaveViewers replaces the broadcast's viewer records, in one transaction.
func (s *EntStore) SaveViewers(ctx context.Context, id string, vs []platform.LiveViewer) error {
	n, err := atoi("id", id)
	if err != nil {
		return err
	}
	if c := ent.FromContext(ctx); c != nil {
		// Already in the caller's transaction.
		return saveViewers(ctx, c, n, vs)
	}
	tx, err := s.DB.Tx(ctx)
	if err != nil {
		return err
	}
	if err := saveViewers(ctx, tx.Client(), n, vs); err != nil {
		return rollback(tx, err)
	}
	return tx.Commit()
}

// saveViewers replaces the viewer records, each with the OA user bound to
// it now (viewerIdentities): the binding is stored with the statistics,
// not looked up when they are read.
func saveViewers(ctx context.Context, tx *ent.Client, n int, vs []platform.LiveViewer) error {
	b, err := tx.Broadcast.Get(ctx, n)
	if err != nil {
		return err
	}
	oa, err := viewerIdentities(ctx, tx, b, vs)
	if err != nil {
		return err
	}
	if _, err := tx.BroadcastViewer.Delete().Where(broadcastviewer.BroadcastID(n)).Exec(ctx); err != nil {
		return err
	}
	const chunk = 500
	for i := 0; i < len(vs); i += chunk {
		var bulk []*ent.BroadcastViewerCreate
		for j, v := range vs[i:min(i+chunk, len(vs))] {
			bulk = append(bulk, tx.BroadcastViewer.Create().SetBroadcastID(n).SetImUserID(v.UserID).
				SetExternalUserID(v.ExternalUserID).SetName(v.Name).SetWatchSeconds(int(v.Watch/time.Second)).
				SetCommented(v.Commented).SetMic(v.Mic).SetCommentCount(max(v.Comments, 0)).SetNillableOaUserID(oa[i+j]))
		}
		if err := tx.BroadcastViewer.CreateBulk(bulk...).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

func rollback(tx *ent.Tx, err error) error {
	_ = tx.Rollback()
	return err
}

// Unsettled lists the tenant's broadcasts that are reserved, live, or
// ended with the replay generating.
func (s *EntStore) Unsettled(ctx context.Context) ([]string, error) {
	ids, err := client(ctx, s.DB).Broadcast.Query().Where(entbroadcast.Or(
		entbroadcast.StatusIn(entbroadcast.StatusRESERVED, entbroadcast.StatusLIVE),
		entbroadcast.And(entbroadcast.StatusEQ(entbroadcast.StatusENDED), entbroadcast.ReplayStatusEQ(entbroadcast.ReplayStatusGENERATING)),
	)).IDs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.Itoa(id)
	}
	return out, nil
}
