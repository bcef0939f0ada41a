package volcano

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"imbridge/platform"
)

// UserBehavior is one row of ListUserBehaviorDataAPIV2's Result.Data (docs
// 3019/167660; field names and types as volc-sdk-java's
// GetUserBehaviorListResponseAPIV2.UserBehaviorV2). Only the fields the
// bridge keeps are decoded.
//
// ExternalUserID is the viewer's id on the platform they signed in with;
// for Feishu sign-in it is the member's open_id under the enterprise-live
// app (docs 3019/1169974, ExternalId: "飞书：绑定企业直播的飞书企业成员
// Open ID").
//
// WatchTime is read as seconds, UNVERIFIED: the response table of docs
// 3019/167660 was not reachable (every stored copy of the page and of
// BytePlus's ListUserBehaviorDataAPI page ends before it), and
// volc-sdk-java declares it a bare Long. What the docs do say: the room
// totals of GetPageWatchDataAPIV2 (TotalTime, AvgTime) are in minutes, and
// every duration parameter of the sibling per-viewer API
// AnalysisUserBehaviorPeopleV2 (TotalTime) is in seconds. The simulator
// and TestViewersScrolledAndMerged (60 → one minute) hold the seconds reading; if
// the platform proves otherwise, change the conversion in MergeViewers.
//
// There is no per-viewer mic (连麦) field (see broadcast.MicReported).
type UserBehavior struct {
	UserID         int64  `json:"UserId"`
	ExternalUserID string `json:"ExternalUserId"`
	UserName       string `json:"UserName"`
	WatchTime      int64  `json:"WatchTime"`
	CommentCounts  int    `json:"CommentCounts"`
}

// UserBehaviorPage is ListUserBehaviorDataAPIV2's Result.
type UserBehaviorPage struct {
	Data           []UserBehavior `json:"Data"`
	TotalItemCount int64          `json:"TotalItemCount"`
	ScrollID       string         `json:"ScrollId"`
}

// behaviorPageSize is PageItemCount's maximum, [1,500] (3019/167660).
const behaviorPageSize = 500

// maxBehaviorPages bounds a scroll that never ends (a platform that keeps
// answering rows): 2,000 pages of 500 rows.
const maxBehaviorPages = 2000

// ListUserBehavior reads every viewer row of a room with the scrolling
// query (3019/167660): the first call without ScrollId, each next one with
// the ScrollId the previous returned and PageNo one higher; an empty Data
// is the last page. IsMerge and IsMergeUserId stay 0 as the scroll
// requires, so a viewer who came back has several rows (see MergeViewers).
// 120 calls/min, through the client's limiter.
func (c *Client) ListUserBehavior(ctx context.Context, id int64) ([]UserBehavior, error) {
	var all []UserBehavior
	scroll := ""
	for page := 1; page <= maxBehaviorPages; page++ {
		q := url.Values{"ActivityId": {strconv.FormatInt(id, 10)}, "PageNo": {strconv.Itoa(page)},
			"PageItemCount": {strconv.Itoa(behaviorPageSize)}, "IsMerge": {"0"}, "IsMergeUserId": {"0"}}
		if scroll != "" {
			q.Set("ScrollId", scroll)
		}
		var out UserBehaviorPage
		if err := c.call(ctx, "GET", ActionListUserBehavior, q, nil, &out); err != nil {
			return nil, err
		}
		if len(out.Data) == 0 {
			return all, nil
		}
		all = append(all, out.Data...)
		scroll = out.ScrollID
	}
	return nil, fmt.Errorf("volcano: ListUserBehaviorDataAPIV2 of %d did not end after %d pages", id, maxBehaviorPages)
}

// MergeViewers folds a room's behaviour rows into one record per viewer
// (by UserId; ExternalUserId when UserId is 0): watch time and comments
// summed, in first-seen order. Volcano has no per-viewer mic record (连麦
// is only GetLinkUserAmount, a live count), so Mic stays false.
func MergeViewers(rows []UserBehavior) []platform.LiveViewer {
	idx := map[string]int{}
	var out []platform.LiveViewer
	for _, r := range rows {
		key := "u" + strconv.FormatInt(r.UserID, 10)
		if r.UserID == 0 {
			key = "x" + r.ExternalUserID
		}
		i, ok := idx[key]
		if !ok {
			ext := r.ExternalUserID
			if ext == "" && r.UserID != 0 {
				ext = strconv.FormatInt(r.UserID, 10)
			}
			idx[key] = len(out)
			out = append(out, platform.LiveViewer{ExternalUserID: ext, Name: r.UserName})
			i = len(out) - 1
		}
		v := &out[i]
		v.Watch += time.Duration(r.WatchTime) * time.Second
		v.Comments += r.CommentCounts
		v.Commented = v.Comments > 0
		if v.Name == "" {
			v.Name = r.UserName
		}
	}
	return out
}
