package wecom

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
)

// Member writes (通讯录同步 secret only): user/create, update, delete.

// userIDRule: "只能由数字、字母和“_-@.”四种字符组成，且第一个字符必须是数字或字母", 1–64 bytes.
var userIDRule = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$`)

type userBody struct {
	UserID         string  `json:"userid"`
	Name           *string `json:"name"`
	Mobile         *string `json:"mobile"`
	Email          *string `json:"email"`
	Position       *string `json:"position"`
	Gender         *string `json:"gender"`
	Department     []int   `json:"department"`
	Order          []int   `json:"order"`
	MainDepartment *int    `json:"main_department"`
	Enable         *int    `json:"enable"`
}

// checkMembership: departments exist, ≤ 20 (60110 is not in errmsgs:
// answered as invalid parameter), orders match.
func (s *Server) checkMembership(b userBody) int {
	if len(b.Department) > 20 {
		return 40058
	}
	for _, d := range b.Department {
		if s.org.depts[d] == nil {
			return 60123
		}
	}
	return 0
}

func (s *Server) mobileTaken(m, except string) bool {
	for _, u := range s.org.users {
		if m != "" && u.Mobile == m && lower(u.UserID) != lower(except) {
			return true
		}
	}
	return false
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, api string, app *App) {
	if !app.ContactSync {
		s.answer(w, r, api, 48002, nil)
		return
	}
	var b userBody
	if json.NewDecoder(r.Body).Decode(&b) != nil || b.Name == nil || len(b.Department) == 0 {
		s.answer(w, r, api, 40058, nil)
		return
	}
	s.org.lock()
	code := s.checkMembership(b)
	mobile, email := deref(b.Mobile), deref(b.Email)
	switch {
	case code != 0:
	case !userIDRule.MatchString(b.UserID), *b.Name == "":
		code = 40058
	case s.org.users[lower(b.UserID)] != nil:
		code = 60102
	case mobile == "" && email == "":
		code = 60129
	case s.mobileTaken(mobile, ""):
		code = 60104
	}
	if code == 0 {
		u := User{UserID: b.UserID, Name: *b.Name, Mobile: mobile, Email: email, Position: deref(b.Position),
			Gender: deref(b.Gender), Departments: b.Department, Orders: b.Order, Status: 4, Enable: 1}
		if b.MainDepartment != nil {
			u.MainDepartment = *b.MainDepartment
		}
		if b.Enable != nil && *b.Enable == 0 {
			u.Status, u.Enable = 2, 0
		}
		s.org.addUser(u)
	}
	s.org.mu.Unlock()
	s.answer(w, r, api, code, map[string]any{"created_userid": b.UserID})
	if code == 0 {
		s.org.notify(Change{ChangeType: "create_user", UserID: b.UserID})
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request, api string, app *App) {
	if !app.ContactSync {
		s.answer(w, r, api, 48002, nil)
		return
	}
	var b userBody
	if json.NewDecoder(r.Body).Decode(&b) != nil {
		s.answer(w, r, api, 40058, nil)
		return
	}
	s.org.lock()
	u := s.org.users[lower(b.UserID)]
	code := 0
	switch {
	case u == nil:
		code = 60111
	case b.Department != nil && s.checkMembership(b) != 0:
		code = s.checkMembership(b)
	case b.Mobile != nil && s.mobileTaken(*b.Mobile, b.UserID):
		code = 60104
	}
	if code == 0 {
		set := func(dst *string, v *string) {
			if v != nil {
				*dst = *v
			}
		}
		set(&u.Name, b.Name)
		set(&u.Mobile, b.Mobile)
		set(&u.Email, b.Email)
		set(&u.Position, b.Position)
		set(&u.Gender, b.Gender)
		if b.Department != nil {
			u.Departments, u.Orders = b.Department, b.Order
			for len(u.Orders) < len(u.Departments) {
				u.Orders = append(u.Orders, 0)
			}
			if !slices.Contains(u.Departments, u.MainDepartment) {
				u.MainDepartment = u.Departments[0]
			}
		}
		if b.MainDepartment != nil && slices.Contains(u.Departments, *b.MainDepartment) {
			u.MainDepartment = *b.MainDepartment
		}
		if b.Enable != nil {
			u.Enable = *b.Enable
			if u.Enable == 0 {
				u.Status = 2
			} else if u.Status == 2 {
				u.Status = 1
			}
		}
	}
	var c Change
	if code == 0 {
		c = Change{ChangeType: "update_user", UserID: u.UserID, Name: u.Name, Position: u.Position}
	}
	s.org.mu.Unlock()
	s.answer(w, r, api, code, nil)
	if code == 0 {
		s.org.notify(c)
	}
}

func (s *Server) userDelete(w http.ResponseWriter, r *http.Request, api string, app *App) {
	if !app.ContactSync {
		s.answer(w, r, api, 48002, nil)
		return
	}
	id := r.URL.Query().Get("userid")
	s.org.lock()
	u := s.org.users[lower(id)]
	if u != nil {
		delete(s.org.users, lower(id))
	}
	s.org.mu.Unlock()
	if u == nil {
		s.answer(w, r, api, 60111, nil)
		return
	}
	s.answer(w, r, api, 0, nil)
	s.org.notify(Change{ChangeType: "delete_user", UserID: u.UserID})
}
