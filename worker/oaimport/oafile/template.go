package oafile

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// The XLSX template's sheets.
const (
	SheetDepartments  = "部门"
	SheetUsers        = "人员"
	SheetInstructions = "说明"
)

// instructions explain each column in the template's 说明 sheet (and in
// docs/oa-directory-file.md): header, required, rule, example.
var instructions = [][]string{
	{"列", "必填", "说明", "示例"},
	{ColDeptID, "是", "部门的唯一编号（OA 中的部门代码），同一文件内不可重复", "D001"},
	{ColDeptName, "是", "部门名称", "研发部"},
	{ColDeptParent, "否", "上级部门的部门编号；顶级部门留空。上级可以在本文件中，也可以是已导入的部门", "D000"},
	{ColUserID, "是", "人员的唯一编号，同时作为工号；同一文件内不可重复", "E0001"},
	{ColUserName, "是", "姓名", "张三"},
	{ColMobile, "否", "手机号；不带 +国家码 时按中国大陆号码校验；两位在职人员不能共用", "13800138000"},
	{ColEmail, "否", "邮箱；两位在职人员不能共用（不区分大小写）", "zhangsan@example.com"},
	{ColTitle, "否", "职位", "工程师"},
	{ColPrimaryDept, "否", "主部门的部门编号", "D001"},
	{ColOtherDepts, "否", "兼职部门的部门编号，多个用逗号、分号或顿号分隔。主部门与兼职部门两列都留空表示不属于任何部门；两列都不存在时保留原有部门", "D002,D003"},
	{ColStatus, "否", "在职、禁用 或 离职（也接受 active、disabled、resigned）；留空为在职", "在职"},
	{ColGender, "否", "男、女、未知（保密）或 其他（也接受 male、female、unknown、other）；留空表示不填写，已有的性别会被清除", "男"},
	{templateAttribute, "否", "自定义字段：表头写成「自定义:字段名」，每个字段一列，可以有多列（最多 50 个）；字段名即同步设置中字段对应的 attribute:字段名。文件中有自定义字段列时，每个人员的自定义字段以本行为准：留空的字段会被清除", "P5"},
	{"", "", "", ""},
	{"说明", "", "每个工作表的第一行是表头，按列名识别，列的顺序不限，多余的列会被忽略。部门与人员也可以放在同一个工作表中（CSV 模板即如此）：填了部门列的行是部门，填了人员列的行是人员。导入前会预览并逐行检查，任何一行有错时整个文件都不会导入。", ""},
}

// templateAttribute is the template's example custom attribute column.
const templateAttribute = AttributePrefix + "职级"

// templateUserColumns are the user columns of the template: the known ones
// and one custom attribute column as an example of the form.
func templateUserColumns() []string {
	return append(append([]string{}, UserColumns...), templateAttribute)
}

// TemplateXLSX is the upload template: a sheet of departments, one of
// users, each with its header row (cells formatted as text, so codes and
// mobiles keep their leading zeros and digits), and the instructions.
func TemplateXLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": text
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SheetDepartments); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		name string
		cols []string
	}{{SheetDepartments, DepartmentColumns}, {SheetUsers, templateUserColumns()}} {
		if s.name != SheetDepartments {
			if _, err := f.NewSheet(s.name); err != nil {
				return nil, err
			}
		}
		if err := f.SetSheetRow(s.name, "A1", &s.cols); err != nil {
			return nil, err
		}
		last, _ := excelize.ColumnNumberToName(len(s.cols))
		if err := f.SetColStyle(s.name, "A:"+last, text); err != nil {
			return nil, err
		}
		if err := f.SetColWidth(s.name, "A", last, 16); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(s.name, "A1", last+"1", bold); err != nil {
			return nil, err
		}
		if err := f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	if _, err := f.NewSheet(SheetInstructions); err != nil {
		return nil, err
	}
	for i, row := range instructions {
		if err := f.SetSheetRow(SheetInstructions, fmt.Sprintf("A%d", i+1), &row); err != nil {
			return nil, err
		}
	}
	_ = f.SetColWidth(SheetInstructions, "C", "C", 80)
	_ = f.SetColWidth(SheetInstructions, "D", "D", 24)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TemplateCSV is the CSV template: one table with all the columns, in
// UTF-8 with a BOM so that Excel opens it with the Chinese headers intact.
func TemplateCSV() []byte {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	_ = w.Write(append(append([]string{}, DepartmentColumns...), templateUserColumns()...))
	w.Flush()
	return buf.Bytes()
}
