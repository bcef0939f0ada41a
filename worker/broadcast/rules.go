// Package broadcast is the live-broadcast engine (issue 12): the seed 002
// rules checked before any platform call, the state machine of update,
// cancel and replay deletion, and the status and statistics refresh. It is
// plain Go over platform.Live (WeCom living, Volcano livesaas) and a Store;
// GraphQL resolvers and jobs only call it.
package broadcast

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"imbridge/platform"
)

// Limits from seed 002 §2 and WeCom living/create (path/93637).
const (
	MaxTitleRunes       = 20  // theme: "最多支持20个utf8字符"
	MaxDescriptionRunes = 100 // description: "最多支持100个utf8字符"
	MaxActivityImages   = 5   // image_list: "最多支持传5张，超过五张取前五张"
	MinDuration         = time.Minute
	// The ent columns' limits (ent/schema/broadcast.go), checked here so
	// the platform is never called for a row the database would refuse.
	MaxMediaIDBytes             = 512 // activity_cover, activity_share, each picture
	MaxActivityDescriptionRunes = 300 // activity_detail.description ("最多支持300个字节" on modify)
	// MaxVolcanoDuration: a Volcano room lasts at most 72 h (EndTime −
	// LiveTime ≤ 259200 s, 3019/100053). WeCom documents no cap.
	MaxVolcanoDuration = 72 * time.Hour
	// MaxRemind and MaxStartAhead are the bridge's own bounds (neither
	// platform documents one): a reminder at most 7 days before the start,
	// a start at most a year ahead.
	MaxRemind     = 7 * 24 * time.Hour
	MaxStartAhead = 366 * 24 * time.Hour
)

// Input is a broadcast as the OA or the console asks for it. Nil pointers
// are "not given" (defaults apply on create, the stored value on update).
type Input struct {
	AnchorOAUserID      string
	Title               string
	Start               time.Time
	Duration            time.Duration
	Type                *platform.LiveType
	Description         string
	RemindBefore        *time.Duration
	ActivityCover       string
	ActivityShare       string
	ActivityDescription string
	ActivityImages      []string
	// Provider (wecom_living, volcano_live) selects its own limits, e.g.
	// Volcano's 72-hour room; empty applies only the common rules.
	Provider string
}

// FieldError is one broken rule: the input field (GraphQL name), the rule
// and a sentence for people.
type FieldError struct {
	Field, Rule, Message string
}

// FieldErrors are all the rules an input breaks; nothing was sent.
type FieldErrors []FieldError

func (e FieldErrors) Error() string {
	var parts []string
	for _, f := range e {
		parts = append(parts, f.Field+": "+f.Message)
	}
	return "invalid broadcast: " + strings.Join(parts, "; ")
}

// Checked is an input that passed the rules: the spec to send (anchor
// still the OA user) and notes for the caller (e.g. pictures dropped).
type Checked struct {
	Spec  platform.LiveSpec
	Notes []string
}

// Check applies seed 002 §2's rules, all of them, before any platform
// call: title 1–20 characters, description ≤ 100, start strictly after
// now, duration ≥ 1 minute, type one of 0–4 (default 0 通用直播), remind ≥
// 0 (default 0), activity fields only for 活动直播 (4), more than 5 pictures
// → the first 5 kept and a note says so.
func Check(in Input, now time.Time) (Checked, error) {
	var errs FieldErrors
	add := func(field, rule, format string, a ...any) {
		errs = append(errs, FieldError{Field: field, Rule: rule, Message: fmt.Sprintf(format, a...)})
	}
	if strings.TrimSpace(in.AnchorOAUserID) == "" {
		add("anchor", "required", "the anchor (an OA user) is required")
	}
	text := func(field, what, s string) bool {
		if msg := badText(s); msg != "" {
			add(field, "text", "the %s %s", what, msg)
			return false
		}
		return true
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case strings.TrimSpace(in.Title) == "":
		add("title", "required", "the title is required")
	case n > MaxTitleRunes:
		add("title", "max_length", "the title is %d characters; at most %d", n, MaxTitleRunes)
	default:
		text("title", "title", in.Title)
	}
	if n := utf8.RuneCountInString(in.Description); n > MaxDescriptionRunes {
		add("description", "max_length", "the description is %d characters; at most %d", n, MaxDescriptionRunes)
	} else {
		text("description", "description", in.Description)
	}
	switch {
	case in.Start.IsZero():
		add("start", "required", "the start time is required")
	case !in.Start.After(now):
		add("start", "future", "the start time must be later than now")
	case in.Start.After(now.Add(MaxStartAhead)):
		add("start", "max", "the start time must be within %d days from now", MaxStartAhead/(24*time.Hour))
	}
	switch {
	case in.Duration == OutOfRange:
		add("duration", "range", "the duration is out of range (at most %d seconds)", math.MaxInt32)
	case in.Duration < MinDuration:
		add("duration", "min", "the duration must be at least 1 minute")
	case in.Provider == ProviderVolcanoLive && in.Duration > MaxVolcanoDuration:
		add("duration", "max", "a Volcano live room lasts at most 72 hours (259200 seconds); this is %d seconds", int64(in.Duration/time.Second))
	}
	typ := platform.LiveGeneral
	if in.Type != nil {
		typ = *in.Type
		if !typ.Valid() {
			add("type", "enum", "the type must be 0 通用直播, 1 小班课, 2 大班课, 3 企业培训 or 4 活动直播")
		}
	}
	var remind time.Duration
	if in.RemindBefore != nil {
		remind = *in.RemindBefore
		switch {
		case remind == OutOfRange:
			add("remindBefore", "range", "the reminder is out of range (at most %d seconds)", math.MaxInt32)
		case remind < 0:
			add("remindBefore", "min", "the reminder must be 0 or more seconds before the start")
		case remind > MaxRemind:
			add("remindBefore", "max", "the reminder must be at most %d seconds (7 days) before the start", int64(MaxRemind/time.Second))
		}
	}
	for _, m := range []struct{ field, what, v string }{
		{"activity.coverMediaID", "cover media id", in.ActivityCover},
		{"activity.shareMediaID", "share card media id", in.ActivityShare},
	} {
		if len(m.v) > MaxMediaIDBytes {
			add(m.field, "max_length", "the %s is %d bytes; at most %d", m.what, len(m.v), MaxMediaIDBytes)
		} else {
			text(m.field, m.what, m.v)
		}
	}
	if n := utf8.RuneCountInString(in.ActivityDescription); n > MaxActivityDescriptionRunes {
		add("activity.description", "max_length", "the activity description is %d characters; at most %d", n, MaxActivityDescriptionRunes)
	} else {
		text("activity.description", "activity description", in.ActivityDescription)
	}
	for i, img := range in.ActivityImages {
		f := fmt.Sprintf("activity.images[%d]", i)
		switch {
		case strings.TrimSpace(img) == "":
			add(f, "required", "a picture media id is empty")
		case len(img) > MaxMediaIDBytes:
			add(f, "max_length", "the picture media id is %d bytes; at most %d", len(img), MaxMediaIDBytes)
		default:
			text(f, "picture media id", img)
		}
	}
	activity := in.ActivityCover != "" || in.ActivityShare != "" || in.ActivityDescription != "" || len(in.ActivityImages) > 0
	if activity && typ != platform.LiveActivity {
		add("activity", "activity_only", "cover, share card, activity description and pictures are only for 活动直播 (type 4)")
	}
	if len(errs) > 0 {
		return Checked{}, errs
	}
	c := Checked{Spec: platform.LiveSpec{AnchorUserID: in.AnchorOAUserID, Title: in.Title, Start: in.Start,
		Duration: in.Duration, Type: typ, Description: in.Description, RemindBefore: remind,
		ActivityCoverMediaID: in.ActivityCover, ActivityShareMediaID: in.ActivityShare,
		ActivityDescription: in.ActivityDescription, ActivityImages: in.ActivityImages}}
	if len(in.ActivityImages) > MaxActivityImages {
		c.Spec.ActivityImages = append([]string(nil), in.ActivityImages[:MaxActivityImages]...)
		c.Notes = append(c.Notes, fmt.Sprintf("%d activity pictures given; only the first %d are kept", len(in.ActivityImages), MaxActivityImages))
	}
	return c, nil
}

// badText says what is wrong with a text no member should see: invalid
// UTF-8, control characters (NUL, ESC, line breaks — PostgreSQL refuses
// NUL outright, after the platform room would exist) and the bidi
// controls (U+202A–U+202E, U+2066–U+2069) that reorder what a title
// shows. As worker/oaimport's checkText, but including bidi.
func badText(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0x061C {
			return fmt.Sprintf("contains the control character U+%04X", r)
		}
	}
	return ""
}

// Operations the state machine guards.
const (
	OpUpdate       = "update"
	OpCancel       = "cancel"
	OpDeleteReplay = "deleteReplay"
)

// Allowed says whether op may run on a broadcast in this state: update and
// cancel only while reserved (预约中, "仅允许修改/取消预约状态下的直播"); delete
// the replay only after it ended with a ready replay (seed 002 §2.4). The
// error is a FieldErrors on "id" naming the state.
func Allowed(op string, st platform.LiveStatus, rp platform.ReplayStatus) error {
	switch op {
	case OpUpdate, OpCancel:
		if st == platform.LiveReserved {
			return nil
		}
		return FieldErrors{{Field: "id", Rule: "reserved_only", Message: fmt.Sprintf("only a reserved broadcast can be %s; this one is %s", map[string]string{OpUpdate: "updated", OpCancel: "cancelled"}[op], st)}}
	case OpDeleteReplay:
		if st == platform.LiveEnded && rp == platform.ReplayReady {
			return nil
		}
		return FieldErrors{{Field: "id", Rule: "ended_with_replay", Message: fmt.Sprintf("the replay can be deleted only after the broadcast ended with a ready replay; it is %s, replay %s", st, rp)}}
	}
	return fmt.Errorf("broadcast: unknown operation %q", op)
}
