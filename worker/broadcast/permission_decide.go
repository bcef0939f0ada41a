package broadcast

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"imbridge/ent"
	"imbridge/ent/broadcastpermissionrequest"
	"imbridge/ent/viewer"
)

// MayDecide reports whether the viewer in ctx decides the corp's requests.
func (p *Permissions) MayDecide(ctx context.Context, corpID int) (bool, error) {
	pol, _, err := p.PolicyOf(ctx, corpID)
	if err != nil {
		return false, err
	}
	oa, err := p.viewerOA(ctx, pol)
	return err == nil && pol.MayDecide(viewer.FromContext(ctx), oa), err
}

// PendingCount counts the pending requests the viewer may decide, of one
// corp when corpID is not 0 (the console's badge).
func (p *Permissions) PendingCount(ctx context.Context, corpID int) (int, error) {
	q := p.db(ctx).BroadcastPermissionRequest.Query().Where(broadcastpermissionrequest.StatusEQ(broadcastpermissionrequest.StatusPENDING))
	if corpID != 0 {
		q.Where(broadcastpermissionrequest.CorpID(corpID))
	}
	rows, err := q.Select(broadcastpermissionrequest.FieldCorpID).All(ctx)
	if err != nil {
		return 0, err
	}
	may := map[int]bool{}
	n := 0
	for _, r := range rows {
		ok, seen := may[r.CorpID]
		if !seen {
			if ok, err = p.MayDecide(ctx, r.CorpID); err != nil {
				return 0, err
			}
			may[r.CorpID] = ok
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// Decide approves or rejects a pending request with a comment, as the
// viewer in ctx, who must be one of the corp's approvers. Approval grants
// the permission (the requester's IM user joins a SELECTED policy's
// people) and creates the waiting broadcast, if any, through Service: if
// the platform refuses it, the approval stands and the request says why
// (broadcast_error). The requester is notified either way.
func (p *Permissions) Decide(ctx context.Context, id int, approve bool, comment string) (*ent.BroadcastPermissionRequest, error) {
	db := p.db(ctx)
	r, err := db.BroadcastPermissionRequest.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, ErrRequestNotFound
	}
	if err != nil {
		return nil, err
	}
	pol, row, err := p.PolicyOf(ctx, r.CorpID)
	if err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	oa, err := p.viewerOA(ctx, pol)
	if err != nil {
		return nil, err
	}
	if !pol.MayDecide(v, oa) {
		return nil, ErrNotApprover
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > MaxReasonRunes {
		return nil, FieldErrors{{Field: "comment", Rule: "max_length", Message: fmt.Sprintf("at most %d characters", MaxReasonRunes)}}
	}
	if r.Status != broadcastpermissionrequest.StatusPENDING {
		return nil, FieldErrors{{Field: "id", Rule: "pending_only", Message: "the request was already " + strings.ToLower(string(r.Status))}}
	}
	status := broadcastpermissionrequest.StatusREJECTED
	if approve {
		status = broadcastpermissionrequest.StatusAPPROVED
	}
	// Only a pending row changes: two approvers at once, one wins.
	n, err := db.BroadcastPermissionRequest.Update().Where(broadcastpermissionrequest.ID(id),
		broadcastpermissionrequest.StatusEQ(broadcastpermissionrequest.StatusPENDING)).
		SetStatus(status).SetDeciderID(v.ID).SetDeciderName(v.Name).SetComment(comment).SetDecidedAt(p.now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, FieldErrors{{Field: "id", Rule: "pending_only", Message: "the request was decided meanwhile"}}
	}
	if approve {
		if err := p.grant(ctx, pol, row, r); err != nil {
			return nil, err
		}
		if r.Draft != nil {
			b, err := p.Service.Create(ctx, strconv.Itoa(r.TenantID), strconv.Itoa(r.CorpID), strconv.Itoa(r.Draft.AppID),
				r.Draft.Provider, InputOf(*r.Draft, r.RequesterID))
			u := db.BroadcastPermissionRequest.UpdateOneID(id)
			if err != nil {
				u.SetBroadcastError(truncate(err.Error(), 1000))
			} else {
				bid, _ := strconv.Atoi(b.ID)
				u.SetBroadcastID(bid)
			}
			if err := u.Exec(ctx); err != nil {
				return nil, err
			}
		}
	}
	if r, err = db.BroadcastPermissionRequest.Get(ctx, id); err != nil {
		return nil, err
	}
	if p.Notify != nil {
		if err := p.Notify.Decided(ctx, r); err != nil {
			return nil, fmt.Errorf("notifying the requester: %w", err)
		}
	}
	return r, nil
}

// grant adds the requester's IM user to a SELECTED policy's people.
func (p *Permissions) grant(ctx context.Context, pol Policy, row *ent.BroadcastPolicy, r *ent.BroadcastPermissionRequest) error {
	if pol.Everyone || row == nil {
		return nil
	}
	m, err := p.member(ctx, r.CorpID, r.RequesterID)
	if err != nil {
		return err
	}
	if m.IMUser == 0 {
		return FieldErrors{{Field: "id", Rule: "bound", Message: "the requester is no longer bound to an IM account of this corp; bind them first"}}
	}
	if pol.Allows(m) {
		return nil
	}
	return row.Update().AppendUserIds([]int{m.IMUser}).Exec(ctx)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
