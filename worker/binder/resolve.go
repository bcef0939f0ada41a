package binder

import (
	"context"
	"fmt"
	"slices"
	"time"

	"imbridge/ent"
	"imbridge/ent/audit"
	"imbridge/ent/binding"
	"imbridge/ent/reviewitem"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
)

// Audit action of closing a review item without binding anyone.
const ActionReviewDismiss = "sync.review.dismiss"

// ResolveReview closes a review item of the ambiguous-match queue (seed 003
// §4.3, issue 8 item 10: one-click resolution). dismiss closes it without
// binding; otherwise the item must be ambiguous and candidate one of its
// candidates, and the two people are bound through Bind — the one home of
// the binding rules: the same one-to-one check (*ConflictError naming who
// holds either person), method manual, and the binding history in the
// audit log. The item's source is on the side its run read from: the OA
// user of an oa_to_im run, the IM user of an im_to_oa run or a pull's
// auto-bind. Errors name the input field (id, candidate) as the GraphQL
// input spells it.
func ResolveReview(ctx context.Context, db *ent.Client, id int, candidate string, dismiss bool) (*ent.ReviewItem, error) {
	it, err := db.ReviewItem.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if it.Status != reviewitem.StatusOpen {
		return nil, conflict("review item %d is %s already", it.ID, it.Status)
	}
	by := viewer.FromContext(ctx).Actor()
	upd := it.Update().SetResolvedBy(by).SetResolvedAt(time.Now())
	if dismiss {
		if it, err = upd.SetStatus(reviewitem.StatusDismissed).Save(ctx); err != nil {
			return nil, err
		}
		return it, audit.Record(ctx, db, audit.Entry{Action: ActionReviewDismiss, TargetType: "ReviewItem", TargetID: fmt.Sprint(it.ID),
			Summary: fmt.Sprintf("dismissed review item %q (%s)", it.Name, it.Kind)})
	}
	if it.Kind != reviewitem.KindAmbiguous {
		return nil, invalid("input.candidate", "only an ambiguous item is resolved by choosing a candidate; dismiss the others")
	}
	if !slices.Contains(it.Candidates, candidate) {
		return nil, invalid("input.candidate", "%q is not one of the item's candidates", candidate)
	}
	run, err := db.SyncRun.Get(ctx, it.RunID)
	if err != nil {
		return nil, err
	}
	oaKey, imKey := it.Source, candidate
	if run.Kind == syncrun.KindImToOa || run.Kind == syncrun.KindImPull {
		oaKey, imKey = candidate, it.Source
	}
	oa, err := db.User.Query().Where(user.CorpIDIsNil(), user.ExternalID(oaKey)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("OA user %q: %w", oaKey, err)
	}
	im, err := db.User.Query().Where(user.CorpID(it.CorpID), user.ExternalID(imKey)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("IM user %q: %w", imKey, err)
	}
	if _, err := Bind(ctx, db, oa.ID, im.ID, binding.MethodManual); err != nil {
		return nil, err
	}
	return upd.SetStatus(reviewitem.StatusResolved).SetResolution(candidate).Save(ctx)
}
