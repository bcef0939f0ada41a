package platform

import (
	"context"
	"errors"
	"time"
)

// Live is a platform's live-broadcast service behind one neutral shape:
// WeCom living (企业微信直播, platform/wecom living*.go) and Volcano Engine
// enterprise live inside Feishu (火山引擎企业直播 livesaas, platform/volcano).
// Rules the bridge enforces itself (seed 002 §2) live in worker/broadcast;
// an adapter only speaks the platform's wire format and maps its states.
type Live interface {
	// CreateLive schedules a broadcast and returns the platform's id
	// (WeCom livingid, Volcano ActivityId as decimal text).
	CreateLive(ctx context.Context, s LiveSpec) (string, error)
	// UpdateLive changes a reserved broadcast (title, start, duration,
	// type, description, remind).
	UpdateLive(ctx context.Context, id string, s LiveSpec) error
	// CancelLive cancels a reserved broadcast.
	CancelLive(ctx context.Context, id string) error
	// DeleteLiveReplay deletes the replay of an ended broadcast;
	// ErrLiveUnsupported where the platform has no such API.
	DeleteLiveReplay(ctx context.Context, id string) error
	// GetLive reads the broadcast's state and totals.
	GetLive(ctx context.Context, id string) (LiveInfo, error)
	// LiveWatchStats reads every viewer, paging to the end.
	LiveWatchStats(ctx context.Context, id string) ([]LiveViewer, error)
}

// ErrLiveUnsupported: the provider has no API for the operation.
var ErrLiveUnsupported = errors.New("the live provider has no API for this operation")

// LiveType is WeCom living's `type` (path/93637): 0 通用直播, 1 小班课,
// 2 大班课, 3 企业培训, 4 活动直播.
type LiveType int

const (
	LiveGeneral   LiveType = 0 // 通用直播
	LiveSmall     LiveType = 1 // 小班课
	LiveLarge     LiveType = 2 // 大班课
	LiveTraining  LiveType = 3 // 企业培训
	LiveActivity  LiveType = 4 // 活动直播
	maxLiveTypeID          = 4
)

// Valid reports whether t is one of the documented types.
func (t LiveType) Valid() bool { return t >= 0 && t <= maxLiveTypeID }

// LiveSpec is what a broadcast is created or updated with.
type LiveSpec struct {
	// AnchorUserID is the anchor's IM user id (WeCom userid).
	AnchorUserID string
	Title        string
	Start        time.Time
	Duration     time.Duration
	Type         LiveType
	Description  string
	// RemindBefore: how long before Start viewers are reminded (0: none).
	RemindBefore time.Duration
	// Activity-live (活动直播) only: media ids on WeCom.
	ActivityCoverMediaID string
	ActivityShareMediaID string
	ActivityDescription  string
	ActivityImages       []string
}

// LiveStatus is the broadcast's state, WeCom's `status` axis
// (get_living_info, path/96835).
type LiveStatus int

const (
	LiveReserved  LiveStatus = 0 // 预约中
	LiveLiving    LiveStatus = 1 // 直播中
	LiveEnded     LiveStatus = 2 // 已结束
	LiveExpired   LiveStatus = 3 // 已过期
	LiveCancelled LiveStatus = 4 // 已取消
)

func (s LiveStatus) String() string {
	switch s {
	case LiveReserved:
		return "RESERVED"
	case LiveLiving:
		return "LIVE"
	case LiveEnded:
		return "ENDED"
	case LiveExpired:
		return "EXPIRED"
	case LiveCancelled:
		return "CANCELLED"
	}
	return "UNKNOWN"
}

// ReplayStatus is the replay axis: WeCom's replay_status (only when
// open_replay=1) plus ReplayNone.
type ReplayStatus int

const (
	ReplayReady      ReplayStatus = 0 // 生成成功
	ReplayGenerating ReplayStatus = 1 // 生成中
	ReplayDeleted    ReplayStatus = 2 // 回放已删除
	ReplayFailed     ReplayStatus = 3 // 生成失败
	ReplayNone       ReplayStatus = -1
)

func (s ReplayStatus) String() string {
	switch s {
	case ReplayReady:
		return "READY"
	case ReplayGenerating:
		return "GENERATING"
	case ReplayDeleted:
		return "DELETED"
	case ReplayFailed:
		return "FAILED"
	}
	return "NONE"
}

// LiveInfo is a broadcast as the platform reports it.
type LiveInfo struct {
	ID           string
	Title        string
	Start        time.Time
	Duration     time.Duration
	Status       LiveStatus
	Replay       ReplayStatus
	AnchorUserID string
	ViewURL      string
	Viewers      int
	Comments     int
	Mics         int
	// PeakOnline is Volcano's PCU; WeCom's online_count at read time.
	PeakOnline int
	// TotalWatch is the summed watch time (Volcano TotalTime).
	TotalWatch time.Duration
}

// LiveViewer is one viewer's watch record.
type LiveViewer struct {
	// UserID: the IM user id for members; empty for external viewers.
	UserID string
	// ExternalUserID and Name for external viewers (WeCom external_users).
	ExternalUserID string
	Name           string
	Watch          time.Duration
	Commented      bool
	// Comments is how many comments the viewer sent, where the platform
	// counts them (Volcano CommentCounts); 0 where it only says whether
	// (WeCom is_comment: Commented).
	Comments int
	Mic      bool
}
