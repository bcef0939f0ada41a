package volcano

import (
	"fmt"
	"net/url"
	"strings"
)

// The actions the simulator answers (run), by their documented fields.

// run does one action under the lock: the public code of a refusal, or the
// Result.
func (s *Server) run(call string, b map[string]any, q url.Values, id int64) (string, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch call {
	case "CreateActivityAPIV2 POST":
		name, _ := b["Name"].(string)
		lt, _ := b["LiveTime"].(float64)
		et, _ := b["EndTime"].(float64)
		if name == "" || len([]rune(name)) > 150 {
			return "MissingParameter", nil
		}
		s.seq++
		room := &Room{ID: s.seq, Name: name, LiveTime: int64(lt), EndTime: int64(et), Status: 2}
		s.rooms[room.ID] = room
		return "", map[string]any{"ActivityId": room.ID}
	case "GetActivityAPI GET", "GetActivityBasicConfigAPI GET", "GetPageWatchDataAPIV2 GET", "DeleteActivityAPI POST", "UpdateActivityBasicConfigAPI POST",
		"ListUserBehaviorDataAPIV2 GET":
	default:
		return "InvalidActionOrVersion", nil
	}
	room := s.rooms[id]
	if room == nil {
		if s.deleted[id] {
			return "InvalidParameter.ActivityHasBeenDeleted", nil
		}
		return "InvalidParameter.ActivityNotExist", nil
	}
	action, _, _ := strings.Cut(call, " ")
	switch action {
	case "GetActivityAPI":
		return "", map[string]any{"Id": room.ID, "Name": room.Name, "LiveTime": room.LiveTime, "EndTime": room.EndTime,
			"Status": room.Status, "ViewUrl": fmt.Sprintf("https://live.volcvideo.com/%d", room.ID), "CoverImage": room.CoverImage}
	case "GetActivityBasicConfigAPI":
		return "", map[string]any{"Name": room.Name, "LiveTime": room.LiveTime, "EndTime": room.EndTime,
			"CoverImage": room.CoverImage, "IsAutoEndEnable": room.IsAutoEndEnable}
	case "GetPageWatchDataAPIV2":
		return "", map[string]any{"PV": room.PV, "UV": room.UV, "TotalTime": room.TotalTime, "PCU": room.PCU,
			"AvgTime": avg(room.TotalTime, room.UV)}
	case "ListUserBehaviorDataAPIV2":
		return behaviourPage(room, q)
	case "DeleteActivityAPI":
		delete(s.rooms, room.ID)
		s.deleted[room.ID] = true
	case "UpdateActivityBasicConfigAPI":
		// Fields left out reset to their defaults (the doc's warning).
		room.Name, _ = b["Name"].(string)
		room.CoverImage, _ = b["CoverImage"].(string)
		lt, _ := b["LiveTime"].(float64)
		et, _ := b["EndTime"].(float64)
		ae, _ := b["IsAutoEndEnable"].(float64)
		room.LiveTime, room.EndTime, room.IsAutoEndEnable = int64(lt), int64(et), int(ae)
	}
	return "", map[string]any{}
}

func avg(total float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return total / float64(n)
}
