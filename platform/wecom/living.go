package wecom

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"imbridge/platform"
)

// WeCom living (直播) APIs, shared/reference/wecom-dingtalk-api.md §1. Every
// one needs the app in 直播 › 可调用接口的应用 and acts only on livings the
// same app created. get_user_all_livingid is APILivingList (client.go).
const (
	APILivingCreate       = "POST /cgi-bin/living/create"             // path/93637
	APILivingModify       = "POST /cgi-bin/living/modify"             // path/93640
	APILivingCancel       = "POST /cgi-bin/living/cancel"             // path/96838
	APILivingDeleteReplay = "POST /cgi-bin/living/delete_replay_data" // path/93874
	APILivingInfo         = "GET /cgi-bin/living/get_living_info"     // path/96835
	APILivingCode         = "POST /cgi-bin/living/get_living_code"    // path/96840
	APILivingWatchStat    = "POST /cgi-bin/living/get_watch_stat"     // path/96836
)

// LivingCreate is living/create's body (path/93637): theme ≤ 20 UTF-8
// characters, description ≤ 100, living_start Unix s, living_duration s,
// remind_time s before the start; activity_* only for type 4 (活动直播),
// image_list at most 5 ("超过五张取前五张").
type LivingCreate struct {
	AnchorUserID         string          `json:"anchor_userid"`
	Theme                string          `json:"theme"`
	LivingStart          int64           `json:"living_start"`
	LivingDuration       int64           `json:"living_duration"`
	Type                 int             `json:"type"`
	Description          string          `json:"description,omitempty"`
	RemindTime           int64           `json:"remind_time,omitempty"`
	ActivityCoverMediaID string          `json:"activity_cover_mediaid,omitempty"`
	ActivityShareMediaID string          `json:"activity_share_mediaid,omitempty"`
	ActivityDetail       *ActivityDetail `json:"activity_detail,omitempty"`
}

// ActivityDetail is activity_detail of living/create.
type ActivityDetail struct {
	Description string   `json:"description,omitempty"`
	ImageList   []string `json:"image_list,omitempty"`
}

// LivingModify is living/modify's body (path/93640): only a reserved
// (预约中) living; no activity_* fields.
type LivingModify struct {
	LivingID       string `json:"livingid"`
	Theme          string `json:"theme,omitempty"`
	LivingStart    int64  `json:"living_start,omitempty"`
	LivingDuration int64  `json:"living_duration,omitempty"`
	Type           int    `json:"type"`
	Description    string `json:"description,omitempty"`
	RemindTime     int64  `json:"remind_time"`
}

// LivingInfo is get_living_info's living_info (path/96835). Status: 0
// 预约中, 1 直播中, 2 已结束, 3 已过期, 4 已取消; ReplayStatus (only when
// OpenReplay=1): 0 生成成功, 1 生成中, 2 回放已删除, 3 生成失败.
type LivingInfo struct {
	Theme                 string `json:"theme"`
	LivingStart           int64  `json:"living_start"`
	LivingDuration        int64  `json:"living_duration"`
	Status                int    `json:"status"`
	ReserveStart          int64  `json:"reserve_start"`
	ReserveLivingDuration int64  `json:"reserve_living_duration"`
	Description           string `json:"description"`
	AnchorUserID          string `json:"anchor_userid"`
	MainDepartment        int    `json:"main_department"`
	ViewerNum             int    `json:"viewer_num"`
	CommentNum            int    `json:"comment_num"`
	MicNum                int    `json:"mic_num"`
	OpenReplay            int    `json:"open_replay"`
	ReplayStatus          int    `json:"replay_status"`
	Type                  int    `json:"type"`
	PushStreamURL         string `json:"push_stream_url"`
	OnlineCount           int    `json:"online_count"`
	SubscribeCount        int    `json:"subscribe_count"`
}

// WatchStatPage is one page of get_watch_stat (path/96836). Ending 1 means
// the last page ("注意只能根据该字段判断是否已经拉完数据").
type WatchStatPage struct {
	Ending   int    `json:"ending"`
	NextKey  string `json:"next_key"`
	StatInfo struct {
		Users         []WatchUser         `json:"users"`
		ExternalUsers []WatchExternalUser `json:"external_users"`
	} `json:"stat_info"`
}

// WatchUser is a member's watch record; WatchTime in seconds.
type WatchUser struct {
	UserID                string `json:"userid"`
	WatchTime             int64  `json:"watch_time"`
	IsComment             int    `json:"is_comment"`
	IsMic                 int    `json:"is_mic"`
	InvitorUserID         string `json:"invitor_userid,omitempty"`
	InvitorExternalUserID string `json:"invitor_external_userid,omitempty"`
}

// WatchExternalUser is an external viewer: Type 1 微信用户, 2 企业微信用户.
type WatchExternalUser struct {
	ExternalUserID string `json:"external_userid"`
	Type           int    `json:"type"`
	Name           string `json:"name"`
	WatchTime      int64  `json:"watch_time"`
	IsComment      int    `json:"is_comment"`
	IsMic          int    `json:"is_mic"`
}

// CreateLiving calls living/create and returns the livingid.
func (c *Client) CreateLiving(ctx context.Context, b LivingCreate) (string, error) {
	var out struct {
		envelope
		LivingID string `json:"livingid"`
	}
	if err := c.do(ctx, APILivingCreate, nil, b, &out); err != nil {
		return "", err
	}
	return out.LivingID, nil
}

// ModifyLiving calls living/modify.
func (c *Client) ModifyLiving(ctx context.Context, b LivingModify) error {
	return c.do(ctx, APILivingModify, nil, b, nil)
}

// CancelLiving calls living/cancel: "仅允许取消预约状态下的直播id".
func (c *Client) CancelLiving(ctx context.Context, livingID string) error {
	return c.do(ctx, APILivingCancel, nil, map[string]string{"livingid": livingID}, nil)
}

// DeleteReplayData calls living/delete_replay_data.
func (c *Client) DeleteReplayData(ctx context.Context, livingID string) error {
	return c.do(ctx, APILivingDeleteReplay, nil, map[string]string{"livingid": livingID}, nil)
}

// GetLivingInfo calls get_living_info (GET with ?livingid=).
func (c *Client) GetLivingInfo(ctx context.Context, livingID string) (LivingInfo, error) {
	var out struct {
		envelope
		LivingInfo LivingInfo `json:"living_info"`
	}
	err := c.do(ctx, APILivingInfo, url.Values{"livingid": {livingID}}, nil, &out)
	return out.LivingInfo, err
}

// GetLivingCode calls get_living_code: a code for a WeChat user (openid)
// to watch in WeChat, reusable for 5 minutes.
func (c *Client) GetLivingCode(ctx context.Context, livingID, openID string) (string, error) {
	var out struct {
		envelope
		LivingCode string `json:"living_code"`
	}
	err := c.do(ctx, APILivingCode, nil, map[string]string{"livingid": livingID, "openid": openID}, &out)
	return out.LivingCode, err
}

// GetWatchStat calls get_watch_stat for one page; nextKey "0" first.
func (c *Client) GetWatchStat(ctx context.Context, livingID, nextKey string) (WatchStatPage, error) {
	var out struct {
		envelope
		WatchStatPage
	}
	err := c.do(ctx, APILivingWatchStat, nil, map[string]string{"livingid": livingID, "next_key": nextKey}, &out)
	return out.WatchStatPage, err
}

// GetUserAllLivingID calls get_user_all_livingid until next_cursor is
// empty ("返回空字符串代表已经是最后一页"), limit 100 (the maximum).
func (c *Client) GetUserAllLivingID(ctx context.Context, userID string) ([]string, error) {
	var ids []string
	cursor := ""
	for {
		body := map[string]any{"userid": userID, "limit": 100}
		if cursor != "" {
			body["cursor"] = cursor
		}
		var out struct {
			envelope
			NextCursor   string   `json:"next_cursor"`
			LivingIDList []string `json:"livingid_list"`
		}
		if err := c.do(ctx, APILivingList, nil, body, &out); err != nil {
			return nil, err
		}
		ids = append(ids, out.LivingIDList...)
		if out.NextCursor == "" {
			return ids, nil
		}
		cursor = out.NextCursor
	}
}

// maxWatchStatPages bounds get_watch_stat paging against a server that
// never says ending=1.
const maxWatchStatPages = 100000

// Living adapts the client to platform.Live.
func (c *Client) Living() platform.Live { return living{c} }

type living struct{ c *Client }

// maxActivityImages: image_list "最多支持传5张，超过五张取前五张" (path/93637).
const maxActivityImages = 5

func (l living) CreateLive(ctx context.Context, s platform.LiveSpec) (string, error) {
	b := LivingCreate{AnchorUserID: s.AnchorUserID, Theme: s.Title, LivingStart: s.Start.Unix(),
		LivingDuration: int64(s.Duration / time.Second), Type: int(s.Type), RemindTime: int64(s.RemindBefore / time.Second)}
	if s.Type == platform.LiveActivity {
		b.ActivityCoverMediaID, b.ActivityShareMediaID = s.ActivityCoverMediaID, s.ActivityShareMediaID
		imgs := s.ActivityImages
		if len(imgs) > maxActivityImages {
			imgs = imgs[:maxActivityImages]
		}
		if s.ActivityDescription != "" || len(imgs) > 0 {
			b.ActivityDetail = &ActivityDetail{Description: s.ActivityDescription, ImageList: imgs}
		}
	} else {
		b.Description = s.Description
	}
	return l.c.CreateLiving(ctx, b)
}

func (l living) UpdateLive(ctx context.Context, id string, s platform.LiveSpec) error {
	return l.c.ModifyLiving(ctx, LivingModify{LivingID: id, Theme: s.Title, LivingStart: s.Start.Unix(),
		LivingDuration: int64(s.Duration / time.Second), Type: int(s.Type), Description: s.Description,
		RemindTime: int64(s.RemindBefore / time.Second)})
}

func (l living) CancelLive(ctx context.Context, id string) error { return l.c.CancelLiving(ctx, id) }

func (l living) DeleteLiveReplay(ctx context.Context, id string) error {
	return l.c.DeleteReplayData(ctx, id)
}

func (l living) GetLive(ctx context.Context, id string) (platform.LiveInfo, error) {
	in, err := l.c.GetLivingInfo(ctx, id)
	if err != nil {
		return platform.LiveInfo{}, err
	}
	replay := platform.ReplayNone
	if in.OpenReplay == 1 {
		replay = platform.ReplayStatus(in.ReplayStatus)
	}
	return platform.LiveInfo{ID: id, Title: in.Theme, Start: time.Unix(in.LivingStart, 0),
		Duration: time.Duration(in.LivingDuration) * time.Second, Status: platform.LiveStatus(in.Status),
		Replay: replay, AnchorUserID: in.AnchorUserID, Viewers: in.ViewerNum, Comments: in.CommentNum,
		Mics: in.MicNum, PeakOnline: in.OnlineCount}, nil
}

// LiveWatchStats pages get_watch_stat from next_key "0" until ending=1.
func (l living) LiveWatchStats(ctx context.Context, id string) ([]platform.LiveViewer, error) {
	var out []platform.LiveViewer
	key := "0"
	for range maxWatchStatPages {
		p, err := l.c.GetWatchStat(ctx, id, key)
		if err != nil {
			return nil, err
		}
		for _, u := range p.StatInfo.Users {
			out = append(out, platform.LiveViewer{UserID: u.UserID, Watch: time.Duration(u.WatchTime) * time.Second,
				Commented: u.IsComment == 1, Mic: u.IsMic == 1})
		}
		for _, u := range p.StatInfo.ExternalUsers {
			out = append(out, platform.LiveViewer{ExternalUserID: u.ExternalUserID, Name: u.Name,
				Watch: time.Duration(u.WatchTime) * time.Second, Commented: u.IsComment == 1, Mic: u.IsMic == 1})
		}
		if p.Ending == 1 {
			return out, nil
		}
		key = p.NextKey
	}
	return nil, fmt.Errorf("wecom get_watch_stat %s: no ending after %s pages", id, strconv.Itoa(maxWatchStatPages))
}
