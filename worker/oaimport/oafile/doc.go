// Package oafile reads the OA directory from a spreadsheet an admin uploads
// in the console (XLSX, or CSV in UTF-8 with or without a BOM, or GBK as
// Excel in China saves it) into an oaimport.Input, remembering where each
// department and user came from, so the import engine's problems can be
// shown as "sheet, row, column: rule". It also writes the template.
//
// The format (docs/oa-directory-file.md) has twelve columns, known by their
// header: 部门编号, 部门名称, 上级部门编号 (departments) and 工号, 姓名, 手机号,
// 邮箱, 职位, 主部门, 兼职部门, 状态, 性别 (users), and any number of custom
// attribute columns headed 自定义:<name> (the importDirectory attributes). Each sheet is read on its own: its
// header is the first row (of the first ten) naming a known column, and
// each row below it carries a department when a department column is
// filled and a user when a user column is. The XLSX template has a sheet
// for each (部门, 人员) and one of instructions; the CSV template is one
// table with all the columns (and one example attribute column).
//
// Validation is the engine's (oaimport.Validate): this package only maps
// cells to fields, so a file and the importDirectory API obey one set of
// rules.
package oafile
