package binder

import (
	"context"

	"imbridge/ent"
	"imbridge/ent/reviewitem"
)

// ambiguity is an IM user whose auto-bind value several OA users share.
type ambiguity struct {
	im         *ent.User
	key        string
	candidates []*ent.User
	reason     string
}

// queueAmbiguous puts ambiguous IM users in the review queue (seed 003
// §4.3: never guessed): one open item per person and corp, so a pull every
// hour does not pile up copies. The item's source is the IM user id and its
// candidates the OA user ids, as for an im_to_oa run, whose direction a
// pull shares (the IM is the source).
func queueAmbiguous(ctx context.Context, db *ent.Client, runID, corpID int, f Field, as []ambiguity) (int, error) {
	open, err := db.ReviewItem.Query().
		Where(reviewitem.CorpID(corpID), reviewitem.KindEQ(reviewitem.KindAmbiguous), reviewitem.StatusEQ(reviewitem.StatusOpen)).
		Select(reviewitem.FieldSource).Strings(ctx)
	if err != nil {
		return 0, err
	}
	queued := map[string]bool{}
	for _, s := range open {
		queued[s] = true
	}
	var creates []*ent.ReviewItemCreate
	for _, a := range as {
		if queued[a.im.ExternalID] {
			continue
		}
		ids := make([]string, len(a.candidates))
		for i, c := range a.candidates {
			ids[i] = c.ExternalID
		}
		creates = append(creates, db.ReviewItem.Create().SetRunID(runID).SetCorpID(corpID).SetKind(reviewitem.KindAmbiguous).
			SetSource(a.im.ExternalID).SetName(a.im.Name).SetMatchField(string(f)).SetValue(a.key).
			SetCandidates(ids).SetText(a.reason))
	}
	for start := 0; start < len(creates); start += 500 {
		if err := db.ReviewItem.CreateBulk(creates[start:min(start+500, len(creates))]...).Exec(ctx); err != nil {
			return 0, err
		}
	}
	return len(creates), nil
}
