package oafile

import (
	"bytes"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"imbridge/ent/identifier"
	"imbridge/ent/user"
	"imbridge/worker/oaimport"
)

// MaxRows bounds the data rows of one file (departments and users together),
// well above the largest directory the product serves (100,000 people).
const MaxRows = 300_000

// Location is where an input item came from.
type Location struct {
	Sheet string
	Row   int // as the spreadsheet numbers it, from 1
}

// File is a directory read from a spreadsheet.
type File struct {
	// Input holds the departments and users in file order; the caller sets
	// Complete and DefaultRegion.
	Input oaimport.Input
	// Departments and Users say where each input item is, by index.
	Departments, Users []Location
	// Sheets lists the sheets that had a header, in file order.
	Sheets []string
	// Ignored are the header cells that name no column of the template, so
	// their cells were not read (a 备注 column, or a misspelt 手机 for 手机号):
	// the preview lists them, as nothing else would show they were skipped.
	// At most 50 a sheet, each clipped to 64 characters.
	Ignored []IgnoredColumn
	// memberCols names the column of each membership of each user.
	memberCols [][]string
	// attrCols are the attribute columns of each user's sheet.
	attrCols [][]attrColumn
}

// IgnoredColumn is a column that is not read: its header names no column
// of the template, or it has cells under a blank header or beyond the
// header row's last cell (Header "": a stray comma shifts a row's cells).
type IgnoredColumn struct {
	Sheet, Header string
	// Column is the spreadsheet's column letter (A, B, … AA).
	Column string
}

// table is one sheet's cells, row by row.
type table struct {
	name string
	rows [][]string
}

// Read parses an uploaded file: XLSX (recognised by its content) or CSV.
// name is the uploaded file's name, used for messages and to refuse formats
// it cannot read. An unreadable file, or one without any known column, is
// an *Error.
func Read(name string, data []byte) (*File, error) {
	var tables []table
	var err error
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		tables, err = readXLSX(data)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return nil, fileError("%s is an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV and upload that", name)
	case strings.EqualFold(path.Ext(name), ".xlsx"):
		return nil, fileError("%s is not an XLSX workbook: its content is not a zip archive", name)
	default:
		var t table
		t, err = readCSV(data)
		tables = []table{t}
	}
	if err != nil {
		return nil, err
	}
	return fromTables(tables)
}

func fromTables(tables []table) (*File, error) {
	f := &File{}
	var ps []Problem
	rows := 0
	for _, t := range tables {
		h, at, ok := findHeader(t.rows)
		if !ok {
			continue
		}
		f.Sheets = append(f.Sheets, t.name)
		f.Ignored = append(f.Ignored, ignoredColumns(t, h, at)...)
		for _, name := range h.longNames {
			ps = append(ps, Problem{Sheet: t.name, Row: at + 1, Column: identifier.Clip(AttributePrefix + name),
				Message: fmt.Sprintf("the attribute name is %d characters: at most %d", utf8.RuneCountInString(name), oaimport.MaxAttributeName)})
		}
		for _, name := range h.repeated {
			ps = append(ps, Problem{Sheet: t.name, Row: at + 1, Column: name,
				Message: "the column is headed more than once in the header row: keep one (which one holds the data cannot be guessed)"})
		}
		if h.has(DepartmentColumns...) && !h.has(ColDeptID) {
			ps = append(ps, Problem{Sheet: t.name, Row: at + 1, Column: ColDeptID, Message: "the sheet has department columns but no 部门编号 (department code) column"})
		}
		if (h.has(UserColumns...) || len(h.attrs) > 0) && !h.has(ColUserID) {
			ps = append(ps, Problem{Sheet: t.name, Row: at + 1, Column: ColUserID, Message: "the sheet has user columns but no 工号 (employee number) column"})
		}
		for i, row := range t.rows[at+1:] {
			loc := Location{Sheet: t.name, Row: at + 2 + i}
			if h.filled(row, DepartmentColumns) {
				f.addDepartment(h, row, loc)
				rows++
			}
			if h.userFilled(row) {
				f.addUser(h, row, loc)
				rows++
			}
		}
		if rows > MaxRows {
			return nil, fileError("the file has more than %d rows of departments and users", MaxRows)
		}
	}
	if len(f.Sheets) == 0 {
		return nil, fileError("no sheet has a header row naming the template's columns (%s; %s) in its first %d rows",
			strings.Join(DepartmentColumns, ", "), strings.Join(UserColumns, ", "), maxHeaderSearch)
	}
	if len(ps) > 0 {
		return nil, &Error{Problems: ps}
	}
	return f, nil
}

func (f *File) addDepartment(h header, row []string, loc Location) {
	f.Input.Departments = append(f.Input.Departments, oaimport.Department{
		ExternalID:       h.cell(row, ColDeptID),
		Name:             h.cell(row, ColDeptName),
		ParentExternalID: h.cell(row, ColDeptParent),
		Order:            len(f.Input.Departments),
	})
	f.Departments = append(f.Departments, loc)
}

func (f *File) addUser(h header, row []string, loc Location) {
	id := h.cell(row, ColUserID)
	status := h.cell(row, ColStatus)
	if s, ok := statuses[strings.ToLower(status)]; ok {
		status = s
	}
	gender := h.cell(row, ColGender)
	if g, ok := genders[strings.ToLower(gender)]; ok {
		gender = g
	}
	u := oaimport.User{
		ExternalID: id,
		EmployeeNo: id,
		Name:       h.cell(row, ColUserName),
		Mobile:     h.cell(row, ColMobile),
		Email:      h.cell(row, ColEmail),
		Title:      h.cell(row, ColTitle),
		Gender:     gender,
		Attributes: h.attributes(row),
		Status:     user.Status(status),
	}
	var cols []string
	// Without either department column the file leaves memberships alone;
	// with one, an empty cell means "in no department".
	if h.has(ColPrimaryDept, ColOtherDepts) {
		u.Memberships = []oaimport.Membership{}
		if d := h.cell(row, ColPrimaryDept); d != "" {
			u.Memberships = append(u.Memberships, oaimport.Membership{DepartmentExternalID: d, Primary: true})
			cols = append(cols, ColPrimaryDept)
		}
		for _, d := range strings.FieldsFunc(h.cell(row, ColOtherDepts), func(r rune) bool { return strings.ContainsRune(separators, r) }) {
			if d = strings.TrimSpace(d); d != "" {
				u.Memberships = append(u.Memberships, oaimport.Membership{DepartmentExternalID: d, Order: len(u.Memberships)})
				cols = append(cols, ColOtherDepts)
			}
		}
	}
	f.Input.Users = append(f.Input.Users, u)
	f.Users = append(f.Users, loc)
	f.memberCols = append(f.memberCols, cols)
	f.attrCols = append(f.attrCols, h.attrs)
}

// Locate turns the import engine's problems into problems of the file.
func (f *File) Locate(ve *oaimport.ValidationError) *Error {
	out := &Error{Problems: make([]Problem, 0, len(ve.Problems))}
	for _, p := range ve.Problems {
		out.Problems = append(out.Problems, f.locate(p))
	}
	return out
}

// itemRef is how the engine's messages name another input item.
var itemRef = regexp.MustCompile(`\b(departments|users)\[(\d+)\]`)

func (f *File) locate(p oaimport.Problem) Problem {
	out := Problem{Field: p.Field, Message: itemRef.ReplaceAllStringFunc(p.Message, f.rowOf)}
	var i, j int
	switch {
	case scan(p.Field, "departments[%d].", &i) && i < len(f.Departments):
		out.Sheet, out.Row = f.Departments[i].Sheet, f.Departments[i].Row
		out.Column = deptFields[after(p.Field)]
	case scan(p.Field, "users[%d].", &i) && i < len(f.Users):
		out.Sheet, out.Row = f.Users[i].Sheet, f.Users[i].Row
		rest := after(p.Field)
		out.Column = userFields[rest]
		if scan(rest, "memberships[%d].", &j) && j < len(f.memberCols[i]) {
			out.Column = f.memberCols[i][j]
		}
		if name, ok := strings.CutPrefix(rest, "attributes."); ok {
			for _, a := range f.attrCols[i] {
				if a.name == name {
					out.Column = a.header
				}
			}
		}
	}
	return out
}

// rowOf rewrites "users[12]" in a message as the row it came from.
func (f *File) rowOf(ref string) string {
	m := itemRef.FindStringSubmatch(ref)
	i, _ := strconv.Atoi(m[2])
	locs := f.Users
	if m[1] == "departments" {
		locs = f.Departments
	}
	if i >= len(locs) {
		return ref
	}
	return fmt.Sprintf("%s row %d", locs[i].Sheet, locs[i].Row)
}

func scan(s, format string, i *int) bool {
	n, _ := fmt.Sscanf(s, format, i)
	return n == 1
}

// after is what follows the first dot of a field path.
func after(field string) string { return field[strings.IndexByte(field, '.')+1:] }

// ignoredColumns are the columns of a sheet that are not read, in column
// order, at most maxIgnored: those whose header names no column of the
// template, and those with cells under a blank header or beyond the header.
func ignoredColumns(t table, h header, at int) []IgnoredColumn {
	var out []IgnoredColumn
	for _, c := range h.ignored {
		out = append(out, IgnoredColumn{Sheet: t.name, Header: c.name, Column: columnLetter(c.at)})
	}
	headed := t.rows[at]
	unheaded := map[int]bool{}
	for _, row := range t.rows[at+1:] {
		for j, v := range row {
			if strings.TrimSpace(v) != "" && (j >= len(headed) || cleanHeader(headed[j]) == "") {
				unheaded[j] = true
			}
		}
	}
	for _, j := range slices.Sorted(maps.Keys(unheaded)) {
		out = append(out, IgnoredColumn{Sheet: t.name, Column: columnLetter(j)})
	}
	slices.SortStableFunc(out, func(a, b IgnoredColumn) int { return columnIndex(a.Column) - columnIndex(b.Column) })
	return out[:min(len(out), maxIgnored)]
}
