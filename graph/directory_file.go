package graph

import (
	"context"
	"encoding/base64"
	"errors"
	"maps"
	"slices"

	"imbridge/ent/identifier"
	"imbridge/graph/model"
	"imbridge/worker"
	"imbridge/worker/oaimport"
	"imbridge/worker/oaimport/oafile"
)

// previewRows is how many rows of each kind a preview shows.
const previewRows = 20

// directoryFileTemplate returns the upload template.
func directoryFileTemplate(format model.DirectoryFileFormat) (*model.DirectoryFile, error) {
	if format == model.DirectoryFileFormatCSV {
		return &model.DirectoryFile{FileName: "通讯录导入模板.csv", ContentType: "text/csv; charset=utf-8",
			Content: base64.StdEncoding.EncodeToString(oafile.TemplateCSV())}, nil
	}
	b, err := oafile.TemplateXLSX()
	if err != nil {
		return nil, err
	}
	return &model.DirectoryFile{FileName: "通讯录导入模板.xlsx",
		ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		Content:     base64.StdEncoding.EncodeToString(b)}, nil
}

// readDirectoryFile decodes and reads an uploaded file into an import. A
// file that cannot be read is an *oafile.Error.
func readDirectoryFile(in model.DirectoryFileInput) (*oafile.File, oaimport.Input, error) {
	data, err := base64.StdEncoding.DecodeString(in.Content)
	if err != nil {
		return nil, oaimport.Input{}, badInput("input.content", "content is not base64 (RFC 4648, standard alphabet): "+err.Error())
	}
	f, err := oafile.Read(in.FileName, data)
	if err != nil {
		return nil, oaimport.Input{}, err
	}
	imp := f.Input
	imp.Complete = in.Complete != nil && *in.Complete
	imp.DefaultRegion = deref(in.DefaultRegion)
	return f, imp, nil
}

// directoryFilePreview reads a file and checks it with the import engine's
// own validation, writing nothing.
func (r *Resolver) directoryFilePreview(ctx context.Context, in model.DirectoryFileInput) (*model.DirectoryFilePreview, error) {
	if err := needTenant(ctx); err != nil {
		return nil, err
	}
	f, imp, err := readDirectoryFile(in)
	var fe *oafile.Error
	if errors.As(err, &fe) {
		return previewOf(nil, fe), nil
	}
	if err != nil {
		return nil, err
	}
	err = oaimport.Validate(importer(ctx), r.db(ctx), imp)
	var ve *oaimport.ValidationError
	switch {
	case errors.As(err, &ve):
		fe = f.Locate(ve)
	case err != nil:
		return nil, err
	}
	return previewOf(f, fe), nil
}

// importDirectoryFile imports a file through the same path as
// importDirectory; the engine's problems come back located in the file.
func (r *Resolver) importDirectoryFile(ctx context.Context, in model.DirectoryFileInput) (*model.ImportDirectoryPayload, error) {
	if err := needTenant(ctx); err != nil {
		return nil, err
	}
	f, imp, err := readDirectoryFile(in)
	if err != nil {
		return nil, err
	}
	run, err := r.runImport(ctx, imp)
	var ve *oaimport.ValidationError
	if errors.As(err, &ve) {
		return nil, f.Locate(ve)
	}
	if err != nil {
		return nil, err
	}
	return &model.ImportDirectoryPayload{Run: run}, nil
}

// fileAttributes lists a row's attributes by name, so the preview is stable.
func fileAttributes(attrs map[string]string) []*model.DirectoryFileAttribute {
	out := make([]*model.DirectoryFileAttribute, 0, len(attrs))
	for _, k := range slices.Sorted(maps.Keys(attrs)) {
		out = append(out, &model.DirectoryFileAttribute{Name: cell(k), Value: cell(attrs[k])})
	}
	return out
}

// previewCell is the most of a cell the preview shows, in characters: the
// longest name the import takes (a longer cell is a problem, which says so).
const previewCell = 1024

// cell is a cell as the preview shows it: a megabyte cell is not echoed.
func cell(s string) string { return identifier.ClipTo(s, previewCell) }

func previewOf(f *oafile.File, fe *oafile.Error) *model.DirectoryFilePreview {
	p := &model.DirectoryFilePreview{Sheets: []string{}, Departments: []*model.DirectoryFileDepartment{},
		Users: []*model.DirectoryFileUser{}, Problems: []*model.DirectoryFileProblem{}, IgnoredColumns: []*model.DirectoryFileIgnoredColumn{}}
	if fe != nil {
		p.ProblemCount = len(fe.Problems)
		for _, q := range fe.Problems[:min(len(fe.Problems), maxProblems)] {
			p.Problems = append(p.Problems, &model.DirectoryFileProblem{Sheet: q.Sheet, Row: q.Row, Column: q.Column, Field: q.Field, Message: q.Message})
		}
	}
	if f == nil {
		return p
	}
	p.Sheets = f.Sheets
	for _, c := range f.Ignored {
		p.IgnoredColumns = append(p.IgnoredColumns, &model.DirectoryFileIgnoredColumn{Sheet: c.Sheet, Column: c.Column, Header: c.Header})
	}
	p.DepartmentCount, p.UserCount = len(f.Input.Departments), len(f.Input.Users)
	p.RunsAsJob = p.UserCount >= worker.OAImportJobThreshold
	for i, d := range f.Input.Departments[:min(len(f.Input.Departments), previewRows)] {
		p.Departments = append(p.Departments, &model.DirectoryFileDepartment{Sheet: f.Departments[i].Sheet, Row: f.Departments[i].Row,
			ExternalID: cell(d.ExternalID), Name: cell(d.Name), ParentExternalID: cell(d.ParentExternalID)})
	}
	for i, u := range f.Input.Users[:min(len(f.Input.Users), previewRows)] {
		row := &model.DirectoryFileUser{Sheet: f.Users[i].Sheet, Row: f.Users[i].Row, ExternalID: cell(u.ExternalID), Name: cell(u.Name),
			Mobile: cell(u.Mobile), Email: cell(u.Email), Title: cell(u.Title), Status: cell(string(u.Status)), Gender: cell(u.Gender),
			Attributes: fileAttributes(u.Attributes)}
		if row.Status == "" {
			row.Status = "active"
		}
		if u.Memberships != nil {
			row.Departments = []string{}
			for _, m := range u.Memberships {
				row.Departments = append(row.Departments, cell(m.DepartmentExternalID))
			}
		}
		p.Users = append(p.Users, row)
	}
	return p
}
