package binder

import "strings"

// The columns of a binding file. Import finds them by their header (in
// any order, Chinese or English part alone); only the IM user id and the
// match value are read, the rest are there for the person filling it in.
const (
	colIMUserID   = "用户ID user_id"
	colName       = "姓名 name"
	colMobile     = "手机号 mobile"
	colEmail      = "邮箱 email"
	colEmployeeNo = "工号 employee_no"
	colDepartment = "部门 department"
	colStatus     = "状态 status"
	colBoundOA    = "已绑定OA账号 bound_oa_user_id"
	colBoundName  = "已绑定OA姓名 bound_oa_name"
	colMatch      = "关联字段 match_value"
)

var exportHeader = []string{colIMUserID, colName, colMobile, colEmail, colEmployeeNo, colDepartment, colStatus, colBoundOA, colBoundName, colMatch}

// headerIs reports whether a header cell names column col: the whole
// header, or its Chinese or its English part, ignoring case and spaces.
func headerIs(cell, col string) bool {
	cell = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(cell, bom)))
	if cell == "" {
		return false
	}
	col = strings.ToLower(col)
	zh, en, _ := strings.Cut(col, " ")
	return cell == col || cell == zh || cell == en
}

// findColumn is the index of col in header, or -1.
func findColumn(header []string, col string) int {
	for i, h := range header {
		if headerIs(h, col) {
			return i
		}
	}
	return -1
}
