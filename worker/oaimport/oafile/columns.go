package oafile

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"imbridge/ent/identifier"
	"imbridge/worker/oaimport"
)

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
	ColGender       = "性别"
	maxHeaderSearch = 10 // rows searched for the header
	maxIgnored      = 50 // ignored headers listed per sheet
)

// DepartmentColumns and UserColumns are the headers in template order.
var (
	DepartmentColumns = []string{ColDeptID, ColDeptName, ColDeptParent}
	UserColumns       = []string{ColUserID, ColUserName, ColMobile, ColEmail, ColTitle, ColPrimaryDept, ColOtherDepts, ColStatus, ColGender}
)

// deptFields and userFields name the oaimport field each column fills, so a
// problem of the engine on that field points back at the column. 工号 is both
// the user's external id and employee number.
var (
	deptFields = map[string]string{"externalID": ColDeptID, "name": ColDeptName, "parentExternalID": ColDeptParent}
	userFields = map[string]string{"externalID": ColUserID, "employeeNo": ColUserID, "name": ColUserName,
		"mobile": ColMobile, "email": ColEmail, "title": ColTitle, "status": ColStatus, "gender": ColGender}
)

// statuses maps the words admins write in 状态 to the engine's values. Any
// other word is passed on for the engine to refuse with its rule.
var statuses = map[string]string{
	"": "", "在职": "active", "正常": "active", "启用": "active", "active": "active",
	"禁用": "disabled", "停用": "disabled", "冻结": "disabled", "disabled": "disabled",
	"离职": "resigned", "resigned": "resigned",
}

// genders maps the words admins write in 性别 to the engine's values
// (platform.Gender; Feishu 0 保密, 1 男, 2 女, 3 其他). Any other word is
// passed on for the engine to refuse with its rule.
var genders = map[string]string{
	"": "", "男": "male", "男性": "male", "male": "male", "m": "male",
	"女": "female", "女性": "female", "female": "female", "f": "female",
	"未知": "unknown", "保密": "unknown", "unknown": "unknown",
	"其他": "other", "other": "other",
}

// separators split the departments listed in 兼职部门.
const separators = ",，;；、|\n"

// AttributePrefix marks a custom attribute column: "自定义:职级" fills the
// OA attribute 职级 (what a sync field mapping reads as attribute:职级).
// A full-width colon and the prefix 属性 are read too, as admins type them.
const AttributePrefix = "自定义:"

var attributePrefixes = []string{"自定义:", "自定义：", "属性:", "属性："}

// attributeName is the attribute a header names, ok false when the header
// is not an attribute column (or names no attribute).
func attributeName(h string) (string, bool) {
	for _, p := range attributePrefixes {
		if rest, ok := strings.CutPrefix(h, p); ok {
			rest = strings.TrimSpace(rest)
			return rest, rest != ""
		}
	}
	return "", false
}

// header is a sheet's header row: the index of each known column, and its
// attribute columns in sheet order.
type header struct {
	cols  map[string]int
	attrs []attrColumn
	// ignored are the non-blank headers that name no column of the template
	// (a 备注, or a 手机 meant as 手机号), in sheet order: not read.
	ignored []ignoredHeader
	// repeated are the columns (or attribute columns) headed twice or more:
	// which one holds the data cannot be guessed, so the file is refused.
	repeated []string
	// longNames are attribute columns whose name is longer than the import
	// allows: refused at the header, not once per row.
	longNames []string
}

// ignoredHeader is a header naming no column of the template, and where.
type ignoredHeader struct {
	name string
	at   int
}

// attrColumn is one custom attribute column.
type attrColumn struct {
	header, name string
	at           int
}

// findHeader returns the first row among the first maxHeaderSearch naming at
// least two known columns (one alone is more likely a note, like the 说明
// sheet's list of columns), and its index; ok is false when there is none.
func findHeader(rows [][]string) (h header, at int, ok bool) {
	for i, row := range rows[:min(len(rows), maxHeaderSearch)] {
		h = header{cols: map[string]int{}}
		named := map[string]bool{}
		for j, cell := range row {
			name := cleanHeader(cell)
			if isColumn(name) {
				if _, dup := h.cols[name]; dup {
					h.repeat(name)
				} else {
					h.cols[name] = j
				}
			} else if a, ok := attributeName(name); ok {
				if utf8.RuneCountInString(a) > oaimport.MaxAttributeName {
					h.longNames = append(h.longNames, a)
				} else if named[a] {
					h.repeat(AttributePrefix + a)
				} else {
					named[a] = true
					h.attrs = append(h.attrs, attrColumn{header: name, name: a, at: j})
				}
			} else if name != "" && len(h.ignored) < maxIgnored {
				h.ignored = append(h.ignored, ignoredHeader{name: identifier.Clip(name), at: j})
			}
		}
		if len(h.cols)+len(h.attrs) >= 2 {
			return h, i, true
		}
	}
	return header{}, 0, false
}

// repeat records a column headed more than once (once, however often).
func (h *header) repeat(name string) {
	if name = identifier.Clip(name); !slices.Contains(h.repeated, name) {
		h.repeated = append(h.repeated, name)
	}
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
		if _, ok := h.cols[c]; ok {
			return true
		}
	}
	return false
}

// cell is the trimmed value of column col in row ("" when absent).
func (h header) cell(row []string, col string) string {
	j, ok := h.cols[col]
	if !ok {
		return ""
	}
	return at(row, j)
}

func at(row []string, j int) string {
	if j >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[j])
}

// attributes are the filled attribute cells of row by name; nil when none
// is filled (the import then clears the stored ones, as a blank 职位 does).
func (h header) attributes(row []string) map[string]string {
	var out map[string]string
	for _, a := range h.attrs {
		if v := at(row, a.at); v != "" {
			if out == nil {
				out = make(map[string]string, len(h.attrs))
			}
			out[a.name] = v
		}
	}
	return out
}

// userFilled reports whether row has a value in a user column, attribute
// columns included.
func (h header) userFilled(row []string) bool {
	if h.filled(row, UserColumns) {
		return true
	}
	for _, a := range h.attrs {
		if at(row, a.at) != "" {
			return true
		}
	}
	return false
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

// columnLetter is the spreadsheet's name of the column at index j (0 → A).
func columnLetter(j int) string {
	name, _ := excelize.ColumnNumberToName(j + 1)
	return name
}

// columnIndex is the index of a column letter (A → 0).
func columnIndex(name string) int {
	n, _ := excelize.ColumnNameToNumber(name)
	return n - 1
}
