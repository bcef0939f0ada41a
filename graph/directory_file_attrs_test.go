package graph_test

import (
	"context"
	"reflect"
	"testing"

	"imbridge/ent/user"
	"imbridge/ent/viewer"
	"imbridge/graph/graphtest"
)

// TestDirectoryFileGenderAndAttributes: the file's 性别 and 自定义:<name>
// columns reach the preview and the OA directory as importDirectory's
// gender and attributes do; a gender no one writes is refused at its cell.
func TestDirectoryFileGenderAndAttributes(t *testing.T) {
	env := graphtest.New(t)
	tn, adm, _ := env.Tenant("acme")
	const q = `query($in: DirectoryFileInput!) { directoryFilePreview(input: $in) {
		users { externalID gender attributes { name value } } problems { row column message } problemCount } }`
	var p struct {
		DirectoryFilePreview struct {
			Users []struct {
				ExternalID, Gender string
				Attributes         []struct{ Name, Value string }
			}
			Problems []struct {
				Row             int
				Column, Message string
			}
			ProblemCount int
		}
	}
	// The template's columns end with 状态, 性别, 自定义:职级.
	rows := []string{
		"D1,总部,,,,,,,,,,,",
		",,,E1,张三,13800138000,,,D1,,在职,男,P5",
		",,,E2,李四,13800138001,,,D1,,,女,",
	}
	adm.MustDo(q, map[string]any{"in": csvFile("a.csv", rows...)}, &p)
	pv := p.DirectoryFilePreview
	if pv.ProblemCount != 0 || len(pv.Users) != 2 {
		t.Fatalf("preview %+v", pv)
	}
	if u := pv.Users[0]; u.Gender != "male" || len(u.Attributes) != 1 || u.Attributes[0].Name != "职级" || u.Attributes[0].Value != "P5" {
		t.Errorf("E1 previewed as %+v", u)
	}
	if u := pv.Users[1]; u.Gender != "female" || len(u.Attributes) != 0 {
		t.Errorf("E2 previewed as %+v", u)
	}

	bad := append(append([]string{}, rows[:2]...), ",,,E2,李四,13800138001,,,D1,,,女士,")
	adm.MustDo(q, map[string]any{"in": csvFile("a.csv", bad...)}, &p)
	if pv := p.DirectoryFilePreview; pv.ProblemCount != 1 || pv.Problems[0].Row != 4 || pv.Problems[0].Column != "性别" {
		t.Fatalf("a gender no one writes: %+v", pv.Problems)
	}

	adm.MustDo(importFileMutation, map[string]any{"in": csvFile("a.csv", rows...)}, nil)
	ctx := viewer.System(context.Background(), "test", tn.ID)
	stored := map[string]*struct {
		gender string
		attrs  map[string]string
	}{}
	us, err := env.Client.User.Query().Where(user.TenantID(tn.ID), user.CorpIDIsNil()).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		g := ""
		if u.Gender != nil {
			g = string(*u.Gender)
		}
		stored[u.ExternalID] = &struct {
			gender string
			attrs  map[string]string
		}{g, u.Attributes}
	}
	if e1 := stored["E1"]; e1 == nil || e1.gender != "male" || !reflect.DeepEqual(e1.attrs, map[string]string{"职级": "P5"}) {
		t.Errorf("E1 stored as %+v", e1)
	}
	if e2 := stored["E2"]; e2 == nil || e2.gender != "female" || len(e2.attrs) != 0 {
		t.Errorf("E2 stored as %+v", e2)
	}
}
