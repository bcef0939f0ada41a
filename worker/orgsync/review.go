package orgsync

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
)

// ResolveReview closes a review item. dismiss closes it without doing
// anything; otherwise the item must be ambiguous and candidate one of its
// candidates: the OA user and the chosen IM user are bound (method manual),
// unless either is bound already (*StateError). The next run sees the
// binding.
func ResolveReview(ctx context.Context, db *ent.Client, id int, candidate string, dismiss bool, by string) (*ent.ReviewItem, error) {
	it, err := db.ReviewItem.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if it.Status != reviewitem.StatusOpen {
		return nil, stateErr("review item %d is %s already", it.ID, it.Status)
	}
	now := time.Now()
	upd := it.Update().SetResolvedBy(by).SetResolvedAt(now)
	if dismiss {
		it, err = upd.SetStatus(reviewitem.StatusDismissed).Save(ctx)
		if err == nil {
			err = audit.Record(ctx, db, audit.Entry{Action: "sync.review.dismiss", TargetType: "ReviewItem", TargetID: fmt.Sprint(it.ID),
				Summary: fmt.Sprintf("dismissed review item %q (%s)", it.Name, it.Kind)})
		}
		return it, err
	}
	if it.Kind != reviewitem.KindAmbiguous {
		return nil, &InputError{"input.candidate", "only an ambiguous item is resolved by choosing a candidate; dismiss the others"}
	}
	if !slices.Contains(it.Candidates, candidate) {
		return nil, &InputError{"input.candidate", fmt.Sprintf("%q is not one of the item's candidates", candidate)}
	}
	run, err := db.SyncRun.Get(ctx, it.RunID)
	if err != nil {
		return nil, err
	}
	oaKey, imKey := it.Source, candidate
	if run.Kind == syncrun.KindImToOa || run.Kind == syncrun.KindImPull { // the IM is the source (a pull's auto-bind: package binder)
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
	taken, err := db.Binding.Query().Where(binding.CorpID(it.CorpID), binding.KindEQ(binding.KindUser),
		binding.Or(binding.OaUserID(oa.ID), binding.ImUserID(im.ID))).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, stateErr("%s or %s is bound already: unbind first", oa.Name, im.Name)
	}
	if err := db.Binding.Create().SetCorpID(it.CorpID).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).
		SetMethod(binding.MethodManual).SetCreatedBy(by).Exec(ctx); err != nil {
		return nil, err
	}
	it, err = upd.SetStatus(reviewitem.StatusResolved).SetResolution(candidate).Save(ctx)
	if err != nil {
		return nil, err
	}
	err = audit.Record(ctx, db, audit.Entry{Action: "binding.create", TargetType: "ReviewItem", TargetID: fmt.Sprint(it.ID),
		Summary: fmt.Sprintf("bound OA user %s (%s) to IM user %s (%s), resolving an ambiguous match", oa.Name, oaKey, im.Name, imKey)})
	return it, err
}
