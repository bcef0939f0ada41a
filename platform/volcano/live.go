package volcano

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"imbridge/platform"
)

// Activity is GetActivityAPI's Result (docs 3019/100058). Status: 1 直播中,
// 2 预告, 3 回放, 4 已结束 ("直播结束但未上架回放", 3019/100055).
type Activity struct {
	ID       int64  `json:"Id"`
	Name     string `json:"Name"`
	LiveTime int64  `json:"LiveTime"`
	EndTime  int64  `json:"EndTime"`
	Status   int    `json:"Status"`
	ViewURL  string `json:"ViewUrl"`
}

// PageWatchData is GetPageWatchDataAPIV2's Result: PV, UV, TotalTime and
// AvgTime in minutes, PCU the peak concurrent viewers; updated every minute.
type PageWatchData struct {
	PV        int     `json:"PV"`
	UV        int     `json:"UV"`
	TotalTime float64 `json:"TotalTime"`
	AvgTime   float64 `json:"AvgTime"`
	PCU       int     `json:"PCU"`
}

// PlayStatusTotal is GetPageWatchDataAPIV2's PlayStatus 11 (合计).
const PlayStatusTotal = 11

// maxActivityWindow: EndTime − LiveTime ≤ 259,200 s (72 h), 3019/100053.
const maxActivityWindow = 72 * time.Hour

// CreateActivity calls CreateActivityAPIV2 (Name 1–150 characters,
// LiveTime/EndTime Unix s) and returns the ActivityId.
func (c *Client) CreateActivity(ctx context.Context, name string, live, end time.Time) (int64, error) {
	var out struct {
		ActivityID int64 `json:"ActivityId"`
	}
	err := c.call(ctx, "POST", ActionCreateActivity, nil,
		map[string]any{"Name": name, "LiveTime": live.Unix(), "EndTime": end.Unix()}, &out)
	return out.ActivityID, err
}

// GetActivity calls GetActivityAPI.
func (c *Client) GetActivity(ctx context.Context, id int64) (Activity, error) {
	var out Activity
	err := c.call(ctx, "GET", ActionGetActivity, url.Values{"ActivityId": {strconv.FormatInt(id, 10)}}, nil, &out)
	return out, err
}

// UpdateActivityBasic is a read-modify-write: GetActivityBasicConfigAPI,
// then UpdateActivityBasicConfigAPI with every field read sent back and
// only the given ones changed — fields left out would reset to defaults
// (feishu-api.md §6.2).
func (c *Client) UpdateActivityBasic(ctx context.Context, id int64, change map[string]any) error {
	cfg := map[string]any{}
	if err := c.call(ctx, "GET", ActionGetActivityBasic, url.Values{"ActivityId": {strconv.FormatInt(id, 10)}}, nil, &cfg); err != nil {
		return err
	}
	for k, v := range change {
		cfg[k] = v
	}
	cfg["ActivityId"] = id
	return c.call(ctx, "POST", ActionUpdateActivityBasic, nil, cfg, nil)
}

// DeleteActivity calls DeleteActivityAPI.
func (c *Client) DeleteActivity(ctx context.Context, id int64) error {
	return c.call(ctx, "POST", ActionDeleteActivity, nil, map[string]any{"ActivityId": id}, nil)
}

// GetPageWatchData calls GetPageWatchDataAPIV2 for the total (PlayStatus 11).
func (c *Client) GetPageWatchData(ctx context.Context, id int64) (PageWatchData, error) {
	var out PageWatchData
	err := c.call(ctx, "GET", ActionGetPageWatchData, url.Values{"ActivityId": {strconv.FormatInt(id, 10)},
		"PlayStatus": {strconv.Itoa(PlayStatusTotal)}}, nil, &out)
	return out, err
}

// Live adapts the client to platform.Live. Volcano has no reservation to
// cancel: CancelLive deletes the room (DeleteActivityAPI). There is no
// replay-delete action: DeleteLiveReplay answers platform.ErrLiveUnsupported.
// Viewers come from ListUserBehaviorDataAPIV2 (viewers.go).
func (c *Client) Live() platform.Live { return live{c} }

type live struct{ c *Client }

func parseID(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("volcano: %q is not an ActivityId", id)
	}
	return n, nil
}

func (l live) CreateLive(ctx context.Context, s platform.LiveSpec) (string, error) {
	if s.Duration > maxActivityWindow {
		return "", fmt.Errorf("volcano: a room lasts at most 72 hours (EndTime − LiveTime ≤ 259200 s)")
	}
	id, err := l.c.CreateActivity(ctx, s.Title, s.Start, s.Start.Add(s.Duration))
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(id, 10), nil
}

func (l live) UpdateLive(ctx context.Context, id string, s platform.LiveSpec) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	return l.c.UpdateActivityBasic(ctx, n, map[string]any{"Name": s.Title, "LiveTime": s.Start.Unix(), "EndTime": s.Start.Add(s.Duration).Unix()})
}

func (l live) CancelLive(ctx context.Context, id string) error {
	n, err := parseID(id)
	if err != nil {
		return err
	}
	return l.c.DeleteActivity(ctx, n)
}

func (l live) DeleteLiveReplay(context.Context, string) error { return platform.ErrLiveUnsupported }

// LiveWatchStats reads every viewer (ListUserBehaviorDataAPIV2, scrolled
// to the end) and merges the rows per viewer.
func (l live) LiveWatchStats(ctx context.Context, id string) ([]platform.LiveViewer, error) {
	n, err := parseID(id)
	if err != nil {
		return nil, err
	}
	rows, err := l.c.ListUserBehavior(ctx, n)
	if err != nil {
		return nil, err
	}
	return MergeViewers(rows), nil
}

// StatusOf maps GetActivityAPI's Status to the neutral axes.
func StatusOf(status int) (platform.LiveStatus, platform.ReplayStatus) {
	switch status {
	case 1:
		return platform.LiveLiving, platform.ReplayNone
	case 2:
		return platform.LiveReserved, platform.ReplayNone
	case 3:
		return platform.LiveEnded, platform.ReplayReady
	case 4:
		return platform.LiveEnded, platform.ReplayNone
	}
	return platform.LiveStatus(-1), platform.ReplayNone
}

func (l live) GetLive(ctx context.Context, id string) (platform.LiveInfo, error) {
	n, err := parseID(id)
	if err != nil {
		return platform.LiveInfo{}, err
	}
	a, err := l.c.GetActivity(ctx, n)
	if err != nil {
		return platform.LiveInfo{}, err
	}
	st, rp := StatusOf(a.Status)
	info := platform.LiveInfo{ID: id, Title: a.Name, Start: time.Unix(a.LiveTime, 0),
		Duration: time.Duration(a.EndTime-a.LiveTime) * time.Second, Status: st, Replay: rp, ViewURL: a.ViewURL}
	if st != platform.LiveReserved {
		w, err := l.c.GetPageWatchData(ctx, n)
		if err != nil {
			return platform.LiveInfo{}, err
		}
		info.Viewers, info.PeakOnline = w.UV, w.PCU
		info.TotalWatch = time.Duration(w.TotalTime * float64(time.Minute))
	}
	return info, nil
}
