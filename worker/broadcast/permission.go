package broadcast

import (
	"context"
	"errors"
	"strconv"
	"time"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/broadcastpermissionrequest"
	"imbridge/ent/department"
	"imbridge/ent/detail"
	"imbridge/ent/membership"
)

// ErrNoPermission: the anchor may not broadcast in this corp. Create
// returns it as a *NoPermissionError, which carries what a request needs.
var ErrNoPermission = errors.New("the anchor has no broadcast permission (开播权限) in this corp")

// ErrNotApprover: the viewer is not one of the corp's approvers.
var ErrNotApprover = errors.New("only the corp's approvers decide broadcast permission requests")

// ErrRequestNotFound: no such request in the caller's tenant.
var ErrRequestNotFound = errors.New("broadcast permission request not found")

// NoPermissionError is a create refused for lack of permission, nothing
// sent to the platform. It carries the refused broadcast as a draft, so the
// caller can file a request that keeps it (FileRefused), and the
// requester's pending request in the corp, if there is one already.
type NoPermissionError struct {
	CorpID, RequesterID int
	Draft               detail.BroadcastDraft
	PendingID           int
}

func (e *NoPermissionError) Error() string {
	if e.PendingID != 0 {
		return ErrNoPermission.Error() + ": a request of the anchor is already pending approval"
	}
	return ErrNoPermission.Error() + ": a request for it is filed with this broadcast kept as its draft, created once approved"
}

// Is makes errors.Is(err, ErrNoPermission) true.
func (e *NoPermissionError) Is(target error) bool { return target == ErrNoPermission }

// Notifier tells people about requests: the corp's approvers of a new
// one, the requester of the decision.
type Notifier interface {
	Filed(ctx context.Context, r *ent.BroadcastPermissionRequest, approvers Approvers) error
	Decided(ctx context.Context, r *ent.BroadcastPermissionRequest) error
}

// Permissions keeps each corp's policy and the requests in the database
// (tenant-scoped by the privacy rules) and creates approved drafts through
// Service.
type Permissions struct {
	DB      *ent.Client
	Service *Service
	// Notify may be nil (no notifications).
	Notify Notifier
	// Refused, when set, hears of every create refused for lack of
	// permission without a pending request of its anchor: the API files
	// the request once the refused mutation's transaction is over.
	Refused func(ctx context.Context, e *NoPermissionError)
	Now     func() time.Time
}

// db is the transaction's client in ctx when there is one (a mutation's):
// writing beside it on another connection would wait for its lock.
func (p *Permissions) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	if tx := ent.TxFromContext(ctx); tx != nil {
		return tx.Client()
	}
	return p.DB
}

func (p *Permissions) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// member finds the OA user in the corp's org chart: the bound IM user and
// its departments with everything above them. Not bound: the zero Member.
func (p *Permissions) member(ctx context.Context, corpID, oaUserID int) (Member, error) {
	db := p.db(ctx)
	b, err := db.Binding.Query().Where(binding.CorpID(corpID), binding.OaUserID(oaUserID), binding.KindEQ(binding.KindUser)).Only(ctx)
	if ent.IsNotFound(err) || err == nil && b.ImUserID == nil {
		return Member{}, nil
	}
	if err != nil {
		return Member{}, err
	}
	m := Member{IMUser: *b.ImUserID}
	ms, err := db.Membership.Query().Where(membership.UserID(m.IMUser)).All(ctx)
	if err != nil || len(ms) == 0 {
		return m, err
	}
	depts := make([]int, len(ms))
	for i, x := range ms {
		depts[i] = x.DepartmentID
	}
	tree, err := db.Department.Query().Where(department.CorpID(corpID)).Select(department.FieldID, department.FieldParentID).All(ctx)
	if err != nil {
		return Member{}, err
	}
	parent := make(map[int]int, len(tree))
	for _, d := range tree {
		if d.ParentID != nil {
			parent[d.ID] = *d.ParentID
		}
	}
	m.Departments = Ancestry(depts, parent)
	return m, nil
}

// Allowed reports whether the OA user may broadcast in the corp.
func (p *Permissions) Allowed(ctx context.Context, corpID, oaUserID int) (bool, error) {
	pol, _, err := p.PolicyOf(ctx, corpID)
	if err != nil || pol.Everyone {
		return pol.Everyone, err
	}
	m, err := p.member(ctx, corpID, oaUserID)
	return pol.Allows(m), err
}

// Create creates a broadcast if its anchor may broadcast in the corp:
// the seed's rules first (a draft that breaks them could never be
// created), then the policy; a refusal is a *NoPermissionError and
// nothing reaches the platform. The anchor's departments are those of the
// corp's org chart, found here through the binding; the departments
// argument (the caller's view) is not used.
func (p *Permissions) Create(ctx context.Context, tenantID, corpID, appID, provider string, _ []string, in Input) (Broadcast, error) {
	corp, err := atoi("corp", corpID)
	if err != nil {
		return Broadcast{}, err
	}
	app, err := atoi("app", appID)
	if err != nil {
		return Broadcast{}, err
	}
	return p.create(ctx, tenantID, corp, app, provider, in)
}

func (p *Permissions) create(ctx context.Context, tenantID string, corpID, appID int, provider string, in Input) (Broadcast, error) {
	if provider != ProviderWeComLiving && provider != ProviderVolcanoLive {
		return Broadcast{}, FieldErrors{{Field: "provider", Rule: "enum", Message: "the provider must be wecom_living or volcano_live"}}
	}
	in.Provider = provider
	if _, err := Check(in, p.now()); err != nil {
		return Broadcast{}, err
	}
	oa, err := atoi("anchor", in.AnchorOAUserID)
	if err != nil {
		return Broadcast{}, err
	}
	pol, _, err := p.PolicyOf(ctx, corpID)
	if err != nil {
		return Broadcast{}, err
	}
	if !pol.Everyone {
		m, err := p.member(ctx, corpID, oa)
		if err != nil {
			return Broadcast{}, err
		}
		if m.IMUser == 0 {
			return Broadcast{}, FieldErrors{{Field: "anchor", Rule: "bound", Message: "the anchor has no IM account bound in this corp"}}
		}
		if !pol.Allows(m) {
			e := &NoPermissionError{CorpID: corpID, RequesterID: oa, Draft: DraftOf(in, appID, provider)}
			pending, err := p.pending(ctx, corpID, oa)
			if err != nil {
				return Broadcast{}, err
			}
			if pending != nil {
				e.PendingID = pending.ID
			} else if p.Refused != nil {
				p.Refused(ctx, e)
			}
			return Broadcast{}, e
		}
	}
	return p.Service.Create(ctx, tenantID, strconv.Itoa(corpID), strconv.Itoa(appID), provider, in)
}

func (p *Permissions) pending(ctx context.Context, corpID, oa int) (*ent.BroadcastPermissionRequest, error) {
	r, err := p.db(ctx).BroadcastPermissionRequest.Query().Where(broadcastpermissionrequest.CorpID(corpID),
		broadcastpermissionrequest.RequesterID(oa), broadcastpermissionrequest.StatusEQ(broadcastpermissionrequest.StatusPENDING)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return r, err
}
