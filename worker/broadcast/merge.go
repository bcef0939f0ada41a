package broadcast

import (
	"math"
	"time"
)

// Input returns the broadcast as it stands, as an Input: an update starts
// from it and overlays only the fields given, so the rules are checked on
// the whole broadcast it would become.
func (b Broadcast) Input() Input {
	typ, remind := b.Spec.Type, b.Spec.RemindBefore
	return Input{AnchorOAUserID: b.AnchorOAUserID, Title: b.Spec.Title, Start: b.Spec.Start, Duration: b.Spec.Duration,
		Type: &typ, Description: b.Spec.Description, RemindBefore: &remind,
		ActivityCover: b.Spec.ActivityCoverMediaID, ActivityShare: b.Spec.ActivityShareMediaID,
		ActivityDescription: b.Spec.ActivityDescription, ActivityImages: append([]string(nil), b.Spec.ActivityImages...),
		Provider: b.Provider}
}

// OutOfRange is what Seconds gives for a count outside the API's Int range
// (GraphQL Int is 32-bit; gqlgen accepts 64): Check names it "out of range"
// instead of letting the multiplication wrap (2^40 s became "< 1 minute").
const OutOfRange = time.Duration(math.MinInt64)

// Seconds converts a count of seconds from the API; beyond ±(2^31−1) it is
// OutOfRange.
func Seconds(n int) time.Duration {
	if n > math.MaxInt32 || n < math.MinInt32 {
		return OutOfRange
	}
	return time.Duration(n) * time.Second
}
