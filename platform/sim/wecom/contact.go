package wecom

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// visible says whether department id is inside the app's visible range
// (the 通讯录同步 secret sees everything); o.mu held.
func (s *Server) visible(app *App, id int) bool {
	if app.ContactSync || app.VisibleRange == nil {
		return true
	}
	for cur, hops := id, 0; cur != 0 && hops < 64; hops++ {
		if slices.Contains(app.VisibleRange, cur) {
			return true
		}
		d := s.org.depts[cur]
		if d == nil {
			return false
		}
		cur = d.ParentID
	}
	return false
}

func (s *Server) userVisible(app *App, u *User) bool {
	for _, d := range u.Departments {
		if s.visible(app, d) {
			return true
		}
	}
	return false
}

func deptJSON(d *Department) map[string]any {
	return map[string]any{"id": d.ID, "name": d.Name, "parentid": d.ParentID, "order": d.Order, "department_leader": []string{}}
}

// userJSON renders a member as user/get does; a new app gets no mobile,
// email, gender or avatar (path/96260: "不再返回头像、性别、手机、邮箱…").
func userJSON(app *App, u *User) map[string]any {
	m := map[string]any{"userid": u.UserID, "name": u.Name, "department": u.Departments, "order": u.Orders,
		"position": u.Position, "status": u.Status, "main_department": u.MainDepartment, "enable": u.Enable,
		"is_leader_in_dept": make([]int, len(u.Departments))}
	if !app.NewApp {
		m["mobile"], m["email"], m["gender"] = u.Mobile, u.Email, u.Gender
	}
	if u.EmployeeNo != "" { // extattr is not withheld from new apps
		m["extattr"] = map[string]any{"attrs": []map[string]any{{"type": 0, "name": "工号", "text": map[string]string{"value": u.EmployeeNo}}}}
	}
	return m
}

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
		for _, u := range s.org.users {
			if slices.Contains(u.Departments, id) {
				out = append(out, userJSON(app, u))
			}
		}
	}
	s.org.mu.RUnlock()
	slices.SortFunc(out, func(a, b map[string]any) int { return strings.Compare(a["userid"].(string), b["userid"].(string)) })
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

// userIDRule: "只能由数字、字母和“_-@.”四种字符组成，且第一个字符必须是数字或字母", 1–64 bytes.
var userIDRule = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$`)

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
	s.org.mu.Lock()
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
	s.org.mu.Lock()
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
	s.org.mu.Lock()
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
	s.org.mu.Lock()
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
	s.org.mu.Lock()
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
	s.org.mu.Lock()
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
