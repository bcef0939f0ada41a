package broadcast

import (
	"errors"
	"strings"
	"testing"
	"time"

	"imbridge/platform"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func valid() Input {
	return Input{AnchorOAUserID: "oa-1", Title: "季度全员会", Start: now.Add(time.Hour), Duration: time.Hour}
}

func ptr[T any](v T) *T { return &v }

func TestCheckRules(t *testing.T) {
	for _, tc := range []struct {
		name        string
		mod         func(*Input)
		field, rule string
	}{
		{"anchor required", func(i *Input) { i.AnchorOAUserID = " " }, "anchor", "required"},
		{"title required", func(i *Input) { i.Title = "" }, "title", "required"},
		{"title 21 characters", func(i *Input) { i.Title = strings.Repeat("直", 21) }, "title", "max_length"},
		{"description 101 characters", func(i *Input) { i.Description = strings.Repeat("简", 101) }, "description", "max_length"},
		{"start now", func(i *Input) { i.Start = now }, "start", "future"},
		{"start past", func(i *Input) { i.Start = now.Add(-time.Second) }, "start", "future"},
		{"start missing", func(i *Input) { i.Start = time.Time{} }, "start", "required"},
		{"duration 59 s", func(i *Input) { i.Duration = 59 * time.Second }, "duration", "min"},
		{"type 5", func(i *Input) { i.Type = ptr(platform.LiveType(5)) }, "type", "enum"},
		{"remind negative", func(i *Input) { i.RemindBefore = ptr(-time.Second) }, "remindBefore", "min"},
		{"cover on 通用直播", func(i *Input) { i.ActivityCover = "m" }, "activity", "activity_only"},
		{"pictures on 企业培训", func(i *Input) { i.Type = ptr(platform.LiveTraining); i.ActivityImages = []string{"a"} }, "activity", "activity_only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.mod(&in)
			_, err := Check(in, now)
			var fe FieldErrors
			if !errors.As(err, &fe) || len(fe) != 1 || fe[0].Field != tc.field || fe[0].Rule != tc.rule {
				t.Fatalf("got %v, want %s/%s", err, tc.field, tc.rule)
			}
		})
	}
}

func TestCheckAcceptsLimitsAndDefaults(t *testing.T) {
	in := valid()
	in.Title = strings.Repeat("直", 20)
	in.Description = strings.Repeat("简", 100)
	in.Start = now.Add(time.Second)
	in.Duration = time.Minute
	c, err := Check(in, now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Spec.Type != platform.LiveGeneral || c.Spec.RemindBefore != 0 || len(c.Notes) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
	act := valid()
	act.Type = ptr(platform.LiveActivity)
	act.ActivityImages = []string{"1", "2", "3", "4", "5", "6", "7"}
	c, err = Check(act, now)
	if err != nil || len(c.Spec.ActivityImages) != 5 || c.Spec.ActivityImages[4] != "5" || len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "first 5") {
		t.Fatalf("pictures: %+v %v", c, err)
	}
	if len(act.ActivityImages) != 7 {
		t.Fatal("the input was changed")
	}
	// Exactly five: no note.
	act.ActivityImages = act.ActivityImages[:5]
	if c, _ = Check(act, now); len(c.Notes) != 0 {
		t.Fatalf("note for 5 pictures: %v", c.Notes)
	}
	// Every error at once.
	_, err = Check(Input{Title: strings.Repeat("x", 21), Duration: 0}, now)
	var fe FieldErrors
	if !errors.As(err, &fe) || len(fe) != 4 {
		t.Fatalf("all errors: %v", err)
	}
}

func TestStateMachine(t *testing.T) {
	sts := []platform.LiveStatus{platform.LiveReserved, platform.LiveLiving, platform.LiveEnded, platform.LiveExpired, platform.LiveCancelled}
	rps := []platform.ReplayStatus{platform.ReplayNone, platform.ReplayReady, platform.ReplayGenerating, platform.ReplayDeleted, platform.ReplayFailed}
	for _, st := range sts {
		for _, rp := range rps {
			for _, op := range []string{OpUpdate, OpCancel, OpDeleteReplay} {
				want := st == platform.LiveReserved
				if op == OpDeleteReplay {
					want = st == platform.LiveEnded && rp == platform.ReplayReady
				}
				err := Allowed(op, st, rp)
				var fe FieldErrors
				if (err == nil) != want || err != nil && (!errors.As(err, &fe) || fe[0].Field != "id") {
					t.Errorf("%s on %s/%s: %v, want allowed=%v", op, st, rp, err, want)
				}
			}
		}
	}
}

// The attack pass's inputs (issue 12 hardening): each is refused by Check,
// on the input's own field, before any platform call.
func TestCheckRefusesAttackInputs(t *testing.T) {
	act := func(i *Input) { i.Type = ptr(platform.LiveActivity) }
	for _, tc := range []struct {
		name        string
		mod         func(*Input)
		field, rule string
	}{
		{"NUL, ESC and RLO in the title", func(i *Input) { i.Title = "a\x00b\x1b[31m\u202e" }, "title", "text"},
		{"RLO alone in the title", func(i *Input) { i.Title = "ab\u202ecd" }, "title", "text"},
		{"isolate in the description", func(i *Input) { i.Description = "x\u2067y" }, "description", "text"},
		{"invalid UTF-8 in the title", func(i *Input) { i.Title = "a\xffb" }, "title", "text"},
		{"cover 3000 bytes", func(i *Input) { act(i); i.ActivityCover = strings.Repeat("z", 3000) }, "activity.coverMediaID", "max_length"},
		{"share 513 bytes", func(i *Input) { act(i); i.ActivityShare = strings.Repeat("z", 513) }, "activity.shareMediaID", "max_length"},
		{"activity description 5000", func(i *Input) { act(i); i.ActivityDescription = strings.Repeat("y", 5000) }, "activity.description", "max_length"},
		{"NUL in the activity description", func(i *Input) { act(i); i.ActivityDescription = "a\x00" }, "activity.description", "text"},
		{"empty picture", func(i *Input) { act(i); i.ActivityImages = []string{"a", ""} }, "activity.images[1]", "required"},
		{"Volcano 72 h + 1 s", func(i *Input) { i.Provider = ProviderVolcanoLive; i.Duration = 72*time.Hour + time.Second }, "duration", "max"},
		{"Volcano 2147483647 s", func(i *Input) { i.Provider = ProviderVolcanoLive; i.Duration = Seconds(2147483647) }, "duration", "max"},
		{"duration 2^40 s", func(i *Input) { i.Duration = Seconds(1 << 40) }, "duration", "range"},
		{"remind 2^40 s", func(i *Input) { i.RemindBefore = ptr(Seconds(1 << 40)) }, "remindBefore", "range"},
		{"remind 2147483647 s", func(i *Input) { i.RemindBefore = ptr(Seconds(2147483647)) }, "remindBefore", "max"},
		{"start 9999-12-31", func(i *Input) { i.Start = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC) }, "start", "max"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.mod(&in)
			_, err := Check(in, now)
			var fe FieldErrors
			if !errors.As(err, &fe) || len(fe) != 1 || fe[0].Field != tc.field || fe[0].Rule != tc.rule {
				t.Fatalf("got %v, want %s/%s", err, tc.field, tc.rule)
			}
		})
	}
	// The limits themselves pass: 72 h on Volcano, any length on WeCom,
	// a reminder of 7 days, a start a year ahead, 512-byte media ids.
	in := valid()
	in.Provider, in.Duration, in.RemindBefore, in.Start = ProviderVolcanoLive, 72*time.Hour, ptr(MaxRemind), now.Add(365*24*time.Hour)
	in.Type, in.ActivityCover, in.ActivityDescription = ptr(platform.LiveActivity), strings.Repeat("z", 512), strings.Repeat("简", 300)
	if _, err := Check(in, now); err != nil {
		t.Fatalf("limits: %v", err)
	}
	in.Provider, in.Duration = ProviderWeComLiving, 100*time.Hour
	if _, err := Check(in, now); err != nil {
		t.Fatalf("WeCom 100 h: %v", err)
	}
}
