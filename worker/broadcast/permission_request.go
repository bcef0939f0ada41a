package broadcast

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/platform"
)

// DraftOf keeps a create's input as a request's draft.
func DraftOf(in Input, appID int, provider string) detail.BroadcastDraft {
	d := detail.BroadcastDraft{AppID: appID, Provider: provider, Title: in.Title, Start: in.Start,
		DurationSeconds: int(in.Duration / time.Second), Description: in.Description, ActivityCover: in.ActivityCover,
		ActivityShare: in.ActivityShare, ActivityDescription: in.ActivityDescription, ActivityImages: in.ActivityImages}
	if in.Type != nil {
		t := int(*in.Type)
		d.LiveType = &t
	}
	if in.RemindBefore != nil {
		r := int(*in.RemindBefore / time.Second)
		d.RemindSeconds = &r
	}
	return d
}

// InputOf is a draft as the input of its anchor's create.
func InputOf(d detail.BroadcastDraft, anchorOAUserID int) Input {
	in := Input{AnchorOAUserID: strconv.Itoa(anchorOAUserID), Title: d.Title, Start: d.Start, Provider: d.Provider,
		Duration: Seconds(d.DurationSeconds), Description: d.Description, ActivityCover: d.ActivityCover,
		ActivityShare: d.ActivityShare, ActivityDescription: d.ActivityDescription, ActivityImages: d.ActivityImages}
	if d.LiveType != nil {
		t := platform.LiveType(*d.LiveType)
		in.Type = &t
	}
	if d.RemindSeconds != nil {
		r := Seconds(*d.RemindSeconds)
		in.RemindBefore = &r
	}
	return in
}

// FileInput is a request as filed.
type FileInput struct {
	CorpID, RequesterID int
	Reason              string
	Draft               *detail.BroadcastDraft
	// Auto: filed by a refused create.
	Auto bool
}

// MaxReasonRunes bounds a request's reason and a decision's comment.
const MaxReasonRunes = 500

// File files a request for the permission and notifies the corp's
// approvers. One pending request per person and corp; someone who may
// broadcast already needs none.
func (p *Permissions) File(ctx context.Context, in FileInput) (*ent.BroadcastPermissionRequest, error) {
	db := p.db(ctx)
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || utf8.RuneCountInString(in.Reason) > MaxReasonRunes {
		return nil, FieldErrors{{Field: "reason", Rule: "required", Message: fmt.Sprintf("say why, in at most %d characters", MaxReasonRunes)}}
	}
	if _, err := db.Corp.Get(ctx, in.CorpID); err != nil {
		if ent.IsNotFound(err) {
			return nil, FieldErrors{{Field: "corpID", Rule: "exists", Message: "no such corp"}}
		}
		return nil, err
	}
	u, err := db.User.Get(ctx, in.RequesterID)
	if ent.IsNotFound(err) || err == nil && u.CorpID != nil {
		return nil, FieldErrors{{Field: "requesterID", Rule: "oa_user", Message: "the requester must be a user of the OA directory"}}
	}
	if err != nil {
		return nil, err
	}
	if in.Draft != nil {
		if err := p.checkDraft(ctx, in.CorpID, in.RequesterID, *in.Draft); err != nil {
			return nil, err
		}
	}
	ok, err := p.Allowed(ctx, in.CorpID, in.RequesterID)
	if err != nil {
		return nil, err
	}
	if ok {
		return nil, FieldErrors{{Field: "requesterID", Rule: "already_allowed", Message: "this person may already broadcast in this corp"}}
	}
	if r, err := p.pending(ctx, in.CorpID, in.RequesterID); err != nil || r != nil {
		if err != nil {
			return nil, err
		}
		return nil, FieldErrors{{Field: "requesterID", Rule: "pending", Message: fmt.Sprintf("this person's request %d is already pending", r.ID)}}
	}
	c := db.BroadcastPermissionRequest.Create().SetCorpID(in.CorpID).SetRequesterID(in.RequesterID).
		SetReason(in.Reason).SetAuto(in.Auto)
	if in.Draft != nil {
		c.SetDraft(in.Draft)
	}
	r, err := c.Save(ctx)
	if err != nil {
		return nil, err
	}
	if p.Notify != nil {
		approvers, err := p.Approvers(ctx, in.CorpID)
		if err != nil {
			return nil, err
		}
		if err := p.Notify.Filed(ctx, r, approvers); err != nil {
			return nil, fmt.Errorf("notifying the approvers: %w", err)
		}
	}
	return r, nil
}

// checkDraft holds a draft to the create's rules (field names under
// draft.), and its app to the corp.
func (p *Permissions) checkDraft(ctx context.Context, corpID, requester int, d detail.BroadcastDraft) error {
	if d.Provider != ProviderWeComLiving && d.Provider != ProviderVolcanoLive {
		return FieldErrors{{Field: "draft.provider", Rule: "enum", Message: "the provider must be wecom_living or volcano_live"}}
	}
	a, err := p.db(ctx).App.Get(ctx, d.AppID)
	if ent.IsNotFound(err) || err == nil && a.CorpID != corpID {
		return FieldErrors{{Field: "draft.appID", Rule: "corp", Message: "the app must be one of this corp's"}}
	}
	if err != nil {
		return err
	}
	if _, err := Check(InputOf(d, requester), p.now()); err != nil {
		var fe FieldErrors
		if errors.As(err, &fe) {
			out := make(FieldErrors, len(fe))
			for i, f := range fe {
				out[i] = FieldError{Field: "draft." + f.Field, Rule: f.Rule, Message: f.Message}
			}
			return out
		}
		return err
	}
	return nil
}

// FileRefused files the request of a refused create, with its broadcast
// as the draft; when the anchor has a pending request already, that one
// is returned unchanged.
func (p *Permissions) FileRefused(ctx context.Context, e *NoPermissionError) (*ent.BroadcastPermissionRequest, error) {
	if e.PendingID != 0 {
		return p.db(ctx).BroadcastPermissionRequest.Get(ctx, e.PendingID)
	}
	d := e.Draft
	return p.File(ctx, FileInput{CorpID: e.CorpID, RequesterID: e.RequesterID, Draft: &d, Auto: true,
		Reason: fmt.Sprintf("创建直播「%s」时没有开播权限，自动申请 (filed automatically when the broadcast was refused)", d.Title)})
}
