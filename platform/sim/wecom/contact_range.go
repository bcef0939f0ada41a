package wecom

import (
	"slices"
)

// The app's visible range (可见范围) and the JSON shapes of departments and
// members as the app sees them (an app created after 2022-06-20 gets no
// mobile or e-mail).

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
