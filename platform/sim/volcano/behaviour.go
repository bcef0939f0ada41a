package volcano

import (
	"net/url"
	"strconv"
	"strings"
)

// Behaviour is one viewer row of ListUserBehaviorDataAPIV2 (3019/167660).
type Behaviour struct {
	UserID         int64  `json:"UserId"`
	ExternalUserID string `json:"ExternalUserId"`
	UserName       string `json:"UserName"`
	WatchTime      int64  `json:"WatchTime"` // seconds (see platform/volcano.UserBehavior)
	CommentCounts  int    `json:"CommentCounts"`
}

// behaviourPage answers one page of the scrolling query: PageItemCount in
// [1,500] (default 10), PageNo counting up from 1; the ScrollId returned
// names the next row; an empty Data ends the scroll. Without a ScrollId,
// PageNo × PageItemCount ≤ 10,000 (the doc's cap on plain paging).
func behaviourPage(room *Room, q url.Values) (string, any) {
	size, no := 10, 1
	if v := q.Get("PageItemCount"); v != "" {
		size, _ = strconv.Atoi(v)
	}
	if v := q.Get("PageNo"); v != "" {
		no, _ = strconv.Atoi(v)
	}
	if size < 1 || size > 500 || no < 1 {
		return "MissingParameter", nil
	}
	from := (no - 1) * size
	if sc := q.Get("ScrollId"); sc != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(sc, "scroll-"))
		if err != nil || !strings.HasPrefix(sc, "scroll-") {
			return "MissingParameter", nil
		}
		from = n
	} else if no*size > 10000 {
		return "MissingParameter", nil
	}
	rows := []Behaviour{}
	if from < len(room.Behaviour) {
		rows = append(rows, room.Behaviour[from:min(from+size, len(room.Behaviour))]...)
	}
	return "", map[string]any{"Data": rows, "TotalItemCount": len(room.Behaviour), "ScrollId": "scroll-" + strconv.Itoa(from+len(rows))}
}

// SetBehaviour sets a room's viewer rows (ListUserBehaviorDataAPIV2).
func (s *Server) SetBehaviour(id int64, rows ...Behaviour) {
	s.mu.Lock()
	if r := s.rooms[id]; r != nil {
		r.Behaviour = append([]Behaviour(nil), rows...)
	}
	s.mu.Unlock()
}
