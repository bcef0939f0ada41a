package oafile

import "strings"

// The column headers, as admins in China name them.
const (
	ColDeptID       = "部门编号"
	ColDeptName     = "部门名称"
	ColDeptParent   = "上级部门编号"
	ColUserID       = "工号"
	ColUserName     = "姓名"
	ColMobile       = "手机号"
	ColEmail        = "邮箱"
	ColTitle        = "职位"
	ColPrimaryDept  = "主部门"
	ColOtherDepts   = "兼职部门"
	ColStatus       = "状态"
	maxHeaderSearch = 10 // rows searched for the header
)

// DepartmentColumns and UserColumns are the headers in template order.
var (
	DepartmentColumns = []string{ColDeptID, ColDeptName, ColDeptParent}
	UserColumns       = []string{ColUserID, ColUserName, ColMobile, ColEmail, ColTitle, ColPrimaryDept, ColOtherDepts, ColStatus}
)

// deptFields and userFields name the oaimport field each column fills, so a
// problem of the engine on that field points back at the column. 工号 is both
// the user's external id and employee number.
var (
	deptFields = map[string]string{"externalID": ColDeptID, "name": ColDeptName, "parentExternalID": ColDeptParent}
	userFields = map[string]string{"externalID": ColUserID, "employeeNo": ColUserID, "name": ColUserName,
		"mobile": ColMobile, "email": ColEmail, "title": ColTitle, "status": ColStatus}
)

// statuses maps the words admins write in 状态 to the engine's values. Any
// other word is passed on for the engine to refuse with its rule.
var statuses = map[string]string{
	"": "", "在职": "active", "正常": "active", "启用": "active", "active": "active",
	"禁用": "disabled", "停用": "disabled", "冻结": "disabled", "disabled": "disabled",
	"离职": "resigned", "resigned": "resigned",
}

// separators split the departments listed in 兼职部门.
const separators = ",，;；、|\n"

// header is a sheet's header row: the index of each known column.
type header map[string]int

// findHeader returns the first row among the first maxHeaderSearch naming at
// least two known columns (one alone is more likely a note, like the 说明
// sheet's list of columns), and its index; ok is false when there is none.
func findHeader(rows [][]string) (h header, at int, ok bool) {
	for i, row := range rows[:min(len(rows), maxHeaderSearch)] {
		h = header{}
		for j, cell := range row {
			name := cleanHeader(cell)
			if isColumn(name) {
				if _, dup := h[name]; !dup {
					h[name] = j
				}
			}
		}
		if len(h) >= 2 {
			return h, i, true
		}
	}
	return nil, 0, false
}

// cleanHeader drops blanks, a BOM and the required mark ("*", "（必填）")
// admins add to header cells.
func cleanHeader(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, "\ufeff"))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "（必填）"), "(必填)")
	return strings.TrimSpace(strings.Trim(s, "*＊ "))
}

func isColumn(name string) bool {
	for _, c := range DepartmentColumns {
		if c == name {
			return true
		}
	}
	for _, c := range UserColumns {
		if c == name {
			return true
		}
	}
	return false
}

// has reports whether any of the columns is in the header.
func (h header) has(cols ...string) bool {
	for _, c := range cols {
		if _, ok := h[c]; ok {
			return true
		}
	}
	return false
}

// cell is the trimmed value of column col in row ("" when absent).
func (h header) cell(row []string, col string) string {
	j, ok := h[col]
	if !ok || j >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[j])
}

// filled reports whether row has a value in any of the columns.
func (h header) filled(row []string, cols []string) bool {
	for _, c := range cols {
		if h.cell(row, c) != "" {
			return true
		}
	}
	return false
}
