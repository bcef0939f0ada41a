package platform_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"imbridge/platform"
)

func TestNextApprovalVersion(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	for _, c := range []struct {
		name string
		seen []int64
		want int64
	}{
		{"first sync: now", nil, 1_700_000_000_000},
		{"older last: now", []int64{1_600_000_000_000}, 1_700_000_000_000},
		{"same millisecond: last+1", []int64{1_700_000_000_000}, 1_700_000_000_001},
		{"clock stepped back: last+1", []int64{1_700_000_005_000}, 1_700_000_005_001},
		{"the platform ahead: its+1", []int64{1_700_000_000_000, 1_700_000_009_000}, 1_700_000_009_001},
		{"any order", []int64{1_700_000_009_000, 1_700_000_000_000}, 1_700_000_009_001},
	} {
		if got := platform.NextApprovalVersion(now, c.seen...); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	// A clock that never moves still yields strictly growing versions.
	last := int64(0)
	for range 1000 {
		v := platform.NextApprovalVersion(now, last)
		if v <= last {
			t.Fatalf("%d after %d", v, last)
		}
		last = v
	}
}

func TestApprovalInstanceCheckNamesTheField(t *testing.T) {
	ok := platform.ApprovalInstance{DefinitionCode: "D", ID: "i", Version: 1, Status: platform.ApprovalPending,
		Link: platform.ApprovalLink{Mobile: "https://m"}, Started: time.Unix(1, 0),
		Tasks: []platform.ApprovalTask{{ID: "t", Approver: "u", Status: platform.TaskPending}}}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	for want, mod := range map[string]func(*platform.ApprovalInstance){
		"definition code": func(in *platform.ApprovalInstance) { in.DefinitionCode = "" },
		"the id":          func(in *platform.ApprovalInstance) { in.ID = "" },
		"version":         func(in *platform.ApprovalInstance) { in.Version = -1 },
		"status":          func(in *platform.ApprovalInstance) { in.Status = "DONE" },
		"link":            func(in *platform.ApprovalInstance) { in.Link = platform.ApprovalLink{} },
		"start time":      func(in *platform.ApprovalInstance) { in.Started = time.Time{} },
		"form field 0":    func(in *platform.ApprovalInstance) { in.Form = []platform.ApprovalField{{Value: "v"}} },
		"characters": func(in *platform.ApprovalInstance) {
			in.Form = []platform.ApprovalField{{Name: "n", Value: strings.Repeat("x", 2048)}}
		},
		"task 0 has no id": func(in *platform.ApprovalInstance) {
			in.Tasks[0].ID = ""
		},
		"used twice": func(in *platform.ApprovalInstance) { in.Tasks = append(in.Tasks, in.Tasks[0]) },
		"approver":   func(in *platform.ApprovalInstance) { in.Tasks[0].Approver = "" },
		"task t status": func(in *platform.ApprovalInstance) {
			in.Tasks[0].Status = "WAITING"
		},
	} {
		in := ok
		in.Tasks = append([]platform.ApprovalTask(nil), ok.Tasks...)
		mod(&in)
		if err := in.Check(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", want, err)
		}
	}
}

func TestSealedTasksOpenOnlyAsSealed(t *testing.T) {
	s, _ := platform.NewActionSigner([]byte(strings.Repeat("k", 32)))
	ref := platform.ApprovalTaskRef{Definition: "D", Instance: "i", Task: "t", Approver: "u", Version: 7}
	sealed, err := s.SealTask("cli_a", ref)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.OpenTask("cli_a", sealed); err != nil || got != ref {
		t.Fatalf("open: %+v %v", got, err)
	}
	var w map[string]any
	_ = json.Unmarshal([]byte(sealed), &w)
	altered := func(k, v string) string {
		c := map[string]any{}
		for kk, vv := range w {
			c[kk] = vv
		}
		c[k] = v
		b, _ := json.Marshal(c)
		return string(b)
	}
	other, _ := platform.NewActionSigner([]byte(strings.Repeat("o", 32)))
	otherSealed, _ := other.SealTask("cli_a", ref)
	card, _ := s.Seal("cli_a", platform.ActionValue{Message: "i", Recipient: platform.Recipient{Type: platform.IDUserID, ID: "u"}, Decision: "t"})
	cardJSON, _ := json.Marshal(card)
	for name, raw := range map[string]string{
		"another app":       "",
		"approver changed":  altered("u", "someone"),
		"task changed":      altered("t", "t2"),
		"another key":       otherSealed,
		"a card action":     string(cardJSON),
		"not json":          "123456",
		"empty":             "",
		"version bumped":    strings.Replace(sealed, `"v":1`, `"v":2`, 1),
		"definition erased": altered("d", ""),
		"version changed":   strings.Replace(sealed, `"n":7`, `"n":8`, 1),
	} {
		app := "cli_a"
		if name == "another app" {
			app, raw = "cli_b", sealed
		}
		if _, err := s.OpenTask(app, raw); !errors.Is(err, platform.ErrActionForged) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := s.SealTask("cli_a", platform.ApprovalTaskRef{Instance: "i"}); err == nil {
		t.Fatal("sealed an incomplete reference")
	}
}
