package binder

import (
	"context"
	"fmt"
	"slices"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/membership"
	"imbridge/ent/user"
)

// File is an export: its name, format and content.
type File struct {
	Name    string
	Format  Format
	Content []byte
	// Rows is the number of people listed.
	Rows int
}

// Export lists the mirror of a corp's IM directory (people still in it,
// resigned ones too, ordered by user id) with their bindings, for filling in
// the match column (关联导入, seed 003 §4.2.4 (3)). The match column is
// pre-filled for bound people with their OA user's value of field, so the
// file imported back as it is changes nothing. A corp of another tenant is
// not found.
func Export(ctx context.Context, db *ent.Client, corpID int, field Field, format Format, now time.Time) (*File, error) {
	if !field.Valid() {
		return nil, invalid("matchField", "unknown match field %q", field)
	}
	c, err := db.Corp.Get(ctx, corpID)
	if err != nil {
		return nil, err
	}
	users, err := db.User.Query().
		Where(user.CorpID(corpID), user.RemovedAtIsNil()).
		WithMemberships(func(q *ent.MembershipQuery) { q.Where(membership.Primary(true)).WithDepartment() }).
		WithImBindings(func(q *ent.BindingQuery) { q.Where(binding.KindEQ(binding.KindUser)).WithOaUser() }).
		Order(ent.Asc(user.FieldExternalID)).
		All(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([][]string, 0, len(users)+1)
	rows = append(rows, slices.Clone(exportHeader))
	for _, u := range users {
		dept := ""
		if len(u.Edges.Memberships) > 0 && u.Edges.Memberships[0].Edges.Department != nil {
			dept = u.Edges.Memberships[0].Edges.Department.Name
		}
		var boundID, boundName, match string
		if len(u.Edges.ImBindings) > 0 && u.Edges.ImBindings[0].Edges.OaUser != nil {
			oa := u.Edges.ImBindings[0].Edges.OaUser
			boundID, boundName, match = oa.ExternalID, oa.Name, field.value(oa)
		}
		rows = append(rows, []string{u.ExternalID, u.Name, u.Mobile, u.Email, u.EmployeeNo, dept, string(u.Status), boundID, boundName, match})
	}
	content, err := writeTable(format, rows)
	if err != nil {
		return nil, fmt.Errorf("writing the %s file: %w", format, err)
	}
	return &File{
		Name:    fmt.Sprintf("bindings-%s-%s.%s", fileSafe(c.Name), now.Format("20060102-1504"), format),
		Format:  format,
		Content: content,
		Rows:    len(users),
	}, nil
}

// fileSafe keeps a corp's name usable in a file name.
func fileSafe(s string) string {
	out := []rune{}
	for _, r := range s {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|', ' ':
			out = append(out, '_')
		default:
			if r >= 0x20 {
				out = append(out, r)
			}
		}
	}
	if len(out) > 60 {
		out = out[:60]
	}
	return string(out)
}
