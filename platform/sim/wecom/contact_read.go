package wecom

import (
	"net/http"
	"strconv"
)

// Contact reads: department/list, department/get, user/list, user/get.

func intParam(r *http.Request, name string, def int) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}

// departmentList: GET department/list?id= — the department and its whole
// subtree within the visible range; no id = the whole enterprise.
func (s *Server) departmentList(w http.ResponseWriter, r *http.Request, api string, app *App) {
	id, ok := intParam(r, "id", 1)
	if !ok {
		s.answer(w, r, api, 40058, nil)
		return
	}
	s.org.mu.RLock()
	if s.org.depts[id] == nil {
		s.org.mu.RUnlock()
		s.answer(w, r, api, 60123, nil)
		return
	}
	if !s.visible(app, id) && !(app.VisibleRange != nil && id == 1) {
		s.org.mu.RUnlock()
		s.answer(w, r, api, 60011, nil)
		return
	}
	var out []map[string]any
	for _, d := range s.org.subtree(id) {
		if s.visible(app, d.ID) {
			out = append(out, deptJSON(d))
		}
	}
	s.org.mu.RUnlock()
	s.answer(w, r, api, 0, map[string]any{"department": out})
}

func (s *Server) departmentGet(w http.ResponseWriter, r *http.Request, api string, app *App) {
	id, ok := intParam(r, "id", 0)
	s.org.mu.RLock()
	d := s.org.depts[id]
	var out map[string]any
	code := 0
	switch {
	case !ok || d == nil:
		code = 60123
	case !s.visible(app, id):
		code = 60011
	default:
		out = deptJSON(d)
	}
	s.org.mu.RUnlock()
	s.answer(w, r, api, code, map[string]any{"department": out})
}

// userList: GET user/list?department_id= — the members directly in it.
func (s *Server) userList(w http.ResponseWriter, r *http.Request, api string, app *App) {
	id, ok := intParam(r, "department_id", 0)
	s.org.mu.RLock()
	code := 0
	switch {
	case !ok || s.org.depts[id] == nil:
		code = 60123
	case !s.visible(app, id):
		code = 60011
	}
	var out []map[string]any
	if code == 0 {
		for _, u := range s.org.members(id) {
			out = append(out, userJSON(app, u))
		}
	}
	s.org.mu.RUnlock()
	if out == nil {
		out = []map[string]any{}
	}
	s.answer(w, r, api, code, map[string]any{"userlist": out})
}

func (s *Server) userGet(w http.ResponseWriter, r *http.Request, api string, app *App) {
	s.org.mu.RLock()
	u := s.org.users[lower(r.URL.Query().Get("userid"))]
	code := 0
	var out map[string]any
	switch {
	case u == nil:
		code = 60111
	case !s.userVisible(app, u):
		code = 60011
	default:
		out = userJSON(app, u)
	}
	s.org.mu.RUnlock()
	s.answer(w, r, api, code, out)
}
