package wecom

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"
)

// Department writes (通讯录同步 secret only): department/create, update,
// delete.

// deptNameBad: "不能含有 :*?"<>| 等字符".
const deptNameBad = `\:*?"<>|`

type deptBody struct {
	ID       int     `json:"id"`
	Name     *string `json:"name"`
	ParentID *int    `json:"parentid"`
	Order    *int    `json:"order"`
}

func (s *Server) departmentCreate(w http.ResponseWriter, r *http.Request, api string, app *App) {
	if !app.ContactSync {
		s.answer(w, r, api, 48002, nil)
		return
	}
	var b deptBody
	if json.NewDecoder(r.Body).Decode(&b) != nil || b.Name == nil || b.ParentID == nil {
		s.answer(w, r, api, 40058, nil)
		return
	}
	name := *b.Name
	s.org.lock()
	code := 0
	switch {
	case name == "" || utf8.RuneCountInString(name) > 32:
		code = 60001
	case strings.ContainsAny(name, deptNameBad):
		code = 60009
	case s.org.depts[*b.ParentID] == nil:
		code = 60004
	case b.ID != 0 && (b.ID <= 1 || s.org.depts[b.ID] != nil):
		code = 60008
	}
	for _, d := range s.org.depts {
		if code == 0 && d.ParentID == *b.ParentID && d.Name == name {
			code = 60008
		}
	}
	id := 0
	if code == 0 {
		order := 0
		if b.Order != nil {
			order = *b.Order
		}
		id = s.org.addDepartment(Department{ID: b.ID, Name: name, ParentID: *b.ParentID, Order: order})
	}
	s.org.mu.Unlock()
	if code != 0 {
		s.answer(w, r, api, code, nil)
		return
	}
	s.answer(w, r, api, 0, map[string]any{"id": id})
	s.org.notify(Change{ChangeType: "create_party", PartyID: id})
}

func (s *Server) departmentUpdate(w http.ResponseWriter, r *http.Request, api string, app *App) {
	if !app.ContactSync {
		s.answer(w, r, api, 48002, nil)
		return
	}
	var b deptBody
	if json.NewDecoder(r.Body).Decode(&b) != nil {
		s.answer(w, r, api, 40058, nil)
		return
	}
	s.org.lock()
	d := s.org.depts[b.ID]
	code := 0
	switch {
	case d == nil:
		code = 60003
	case b.Name != nil && strings.ContainsAny(*b.Name, deptNameBad):
		code = 60009
	case b.ParentID != nil && s.org.depts[*b.ParentID] == nil:
		code = 60004
	case b.ParentID != nil && slices.ContainsFunc(s.org.subtree(b.ID), func(x *Department) bool { return x.ID == *b.ParentID }):
		code = 60010
	}
	if code == 0 {
		if b.Name != nil {
			d.Name = *b.Name
		}
		if b.ParentID != nil {
			d.ParentID = *b.ParentID
		}
		if b.Order != nil {
			d.Order = *b.Order
		}
	}
	s.org.mu.Unlock()
	s.answer(w, r, api, code, nil)
	if code == 0 {
		s.org.notify(Change{ChangeType: "update_party", PartyID: b.ID})
	}
}

func (s *Server) departmentDelete(w http.ResponseWriter, r *http.Request, api string, app *App) {
	if !app.ContactSync {
		s.answer(w, r, api, 48002, nil)
		return
	}
	id, _ := intParam(r, "id", 0)
	s.org.lock()
	code := 0
	switch {
	case id == 1:
		code = 60007
	case s.org.depts[id] == nil:
		code = 60003
	case len(s.org.subtree(id)) > 1:
		code = 60006
	}
	for _, u := range s.org.users {
		if code == 0 && slices.Contains(u.Departments, id) {
			code = 60005
		}
	}
	if code == 0 {
		delete(s.org.depts, id)
	}
	s.org.mu.Unlock()
	s.answer(w, r, api, code, nil)
	if code == 0 {
		s.org.notify(Change{ChangeType: "delete_party", PartyID: id})
	}
}
