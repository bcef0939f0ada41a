package wecom

import (
	"encoding/json"
	"net/http"
)

// livingList: POST living/get_user_all_livingid — an app outside 直播 ›
// 可调用接口的应用 gets 48002; the simulator holds no livings.
func (s *Server) livingList(w http.ResponseWriter, r *http.Request, api string, app *App) {
	var b struct {
		UserID string `json:"userid"`
	}
	_ = json.NewDecoder(r.Body).Decode(&b)
	switch {
	case !app.Living:
		s.answer(w, r, api, 48002, nil)
	default:
		if _, ok := s.org.User(b.UserID); !ok {
			s.answer(w, r, api, 60111, nil)
			return
		}
		s.answer(w, r, api, 0, map[string]any{"next_cursor": "", "livingid_list": []string{}})
	}
}
