package detail

import "time"

// BroadcastDraft is a broadcast that waits for its anchor's broadcast
// permission (开播权限): the create that was refused, kept on the request
// and created as it stands when an approver approves.
type BroadcastDraft struct {
	AppID    int       `json:"appId"`
	Provider string    `json:"provider"`
	Title    string    `json:"title"`
	Start    time.Time `json:"start"`
	// DurationSeconds, LiveType, RemindSeconds as the create gave them;
	// nil type/remind: the engine's defaults.
	DurationSeconds     int      `json:"durationSeconds"`
	LiveType            *int     `json:"liveType,omitempty"`
	Description         string   `json:"description,omitempty"`
	RemindSeconds       *int     `json:"remindSeconds,omitempty"`
	ActivityCover       string   `json:"activityCover,omitempty"`
	ActivityShare       string   `json:"activityShare,omitempty"`
	ActivityDescription string   `json:"activityDescription,omitempty"`
	ActivityImages      []string `json:"activityImages,omitempty"`
}
