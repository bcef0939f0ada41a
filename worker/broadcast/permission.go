package broadcast

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Policy is a corp's broadcast permission (开播权限, seed 000): everyone, or
// only the selected departments (with their subdepartments, as the caller
// expands them) and people. Approvers decide requests; empty means the
// tenant's admins.
type Policy struct {
	Everyone    bool
	Departments []string
	Users       []string
	Approvers   []string
}

// Allows reports whether an OA user in the given departments may broadcast.
func (p Policy) Allows(user string, departments []string) bool {
	if p.Everyone || slices.Contains(p.Users, user) {
		return true
	}
	for _, d := range departments {
		if slices.Contains(p.Departments, d) {
			return true
		}
	}
	return false
}

// Request states.
const (
	RequestPending  = "PENDING"
	RequestApproved = "APPROVED"
	RequestRejected = "REJECTED"
)

// Request is a member's request for the broadcast permission, with the
// broadcast that waits for it, if the request came from a refused create.
type Request struct {
	ID, CorpID, AppID, Requester, Reason string
	Status, DecidedBy, Comment           string
	Waiting                              *Input
	Provider                             string
	CreatedAt, DecidedAt                 time.Time
	BroadcastID                          string
}

// Audit records a decision or a notification. No push engine is on main:
// notifications to approvers and requesters are audit events
// ("broadcast.request.notify") that the console and a later push engine
// read.
type Audit interface {
	Record(ctx context.Context, action, target, summary string) error
}

// ErrNoPermission: the anchor may not broadcast in this corp; the caller
// may file a request.
var ErrNoPermission = errors.New("the anchor has no broadcast permission (开播权限) in this corp")

// Permissions holds each corp's policy and the requests (in memory: the
// ent entities are not built yet).
type Permissions struct {
	Service *Service
	Audit   Audit
	Now     func() time.Time

	mu       sync.Mutex
	policies map[string]Policy
	requests []*Request
}

// SetPolicy replaces a corp's policy.
func (p *Permissions) SetPolicy(ctx context.Context, corpID string, pol Policy) error {
	p.mu.Lock()
	if p.policies == nil {
		p.policies = map[string]Policy{}
	}
	p.policies[corpID] = pol
	p.mu.Unlock()
	mode := "selected"
	if pol.Everyone {
		mode = "everyone"
	}
	return p.Audit.Record(ctx, "broadcast.policy.update", corpID, fmt.Sprintf("broadcast permission: %s (%d departments, %d people)", mode, len(pol.Departments), len(pol.Users)))
}

// Policy returns a corp's policy; a corp without one allows everyone.
func (p *Permissions) Policy(corpID string) Policy {
	p.mu.Lock()
	defer p.mu.Unlock()
	pol, ok := p.policies[corpID]
	if !ok {
		return Policy{Everyone: true}
	}
	return pol
}

// Create creates a broadcast if the anchor may broadcast, else
// ErrNoPermission (nothing is sent to the platform).
func (p *Permissions) Create(ctx context.Context, tenantID, corpID, appID, provider string, departments []string, in Input) (Broadcast, error) {
	if !p.Policy(corpID).Allows(in.AnchorOAUserID, departments) {
		return Broadcast{}, ErrNoPermission
	}
	return p.Service.Create(ctx, tenantID, corpID, appID, provider, in)
}

// File files a request with a reason (required, ≤ 500 characters),
// optionally with the broadcast that waits for it, and notifies the
// approvers.
func (p *Permissions) File(ctx context.Context, corpID, appID, requester, reason, provider string, waiting *Input) (*Request, error) {
	if strings.TrimSpace(reason) == "" || len([]rune(reason)) > 500 {
		return nil, FieldErrors{{Field: "reason", Rule: "required", Message: "say why, in at most 500 characters"}}
	}
	p.mu.Lock()
	r := &Request{ID: fmt.Sprintf("r%d", len(p.requests)+1), CorpID: corpID, AppID: appID, Requester: requester,
		Reason: reason, Status: RequestPending, Waiting: waiting, Provider: provider, CreatedAt: p.now()}
	p.requests = append(p.requests, r)
	approvers := p.policies[corpID].Approvers
	p.mu.Unlock()
	who := "the tenant's admins"
	if len(approvers) > 0 {
		who = strings.Join(approvers, ", ")
	}
	if err := p.Audit.Record(ctx, "broadcast.request.file", r.ID, requester+" asks for the broadcast permission: "+reason); err != nil {
		return nil, err
	}
	return r, p.Audit.Record(ctx, "broadcast.request.notify", r.ID, "notify "+who+" (no push engine on main: console badge only)")
}

// Pending counts pending requests of a corp (the console badge).
func (p *Permissions) Pending(corpID string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, r := range p.requests {
		if r.CorpID == corpID && r.Status == RequestPending {
			n++
		}
	}
	return n
}

// Decide approves or rejects a pending request with a comment. The
// decider must be an approver when the policy names some. Approval grants
// the permission (the requester joins the policy's people) and creates the
// waiting broadcast, if any; the requester is notified either way.
func (p *Permissions) Decide(ctx context.Context, tenantID, id, decider string, approve bool, comment string) (*Request, error) {
	p.mu.Lock()
	var r *Request
	for _, x := range p.requests {
		if x.ID == id {
			r = x
		}
	}
	if r == nil {
		p.mu.Unlock()
		return nil, ErrNotFound
	}
	pol := p.policies[r.CorpID]
	if len(pol.Approvers) > 0 && !slices.Contains(pol.Approvers, decider) {
		p.mu.Unlock()
		return nil, FieldErrors{{Field: "id", Rule: "approver", Message: "only the corp's approvers decide broadcast requests"}}
	}
	if r.Status != RequestPending {
		p.mu.Unlock()
		return nil, FieldErrors{{Field: "id", Rule: "pending_only", Message: "the request was already " + strings.ToLower(r.Status)}}
	}
	r.DecidedBy, r.Comment, r.DecidedAt = decider, comment, p.now()
	r.Status = RequestRejected
	if approve {
		r.Status = RequestApproved
		if !pol.Everyone && !slices.Contains(pol.Users, r.Requester) {
			pol.Users = append(slices.Clone(pol.Users), r.Requester)
			if p.policies == nil {
				p.policies = map[string]Policy{}
			}
			p.policies[r.CorpID] = pol
		}
	}
	p.mu.Unlock()
	if err := p.Audit.Record(ctx, "broadcast.request."+strings.ToLower(r.Status), r.ID, decider+": "+comment); err != nil {
		return nil, err
	}
	if approve && r.Waiting != nil {
		b, err := p.Service.Create(ctx, tenantID, r.CorpID, r.AppID, r.Provider, *r.Waiting)
		if err != nil {
			return r, fmt.Errorf("approved, but the waiting broadcast was not created: %w", err)
		}
		r.BroadcastID = b.ID
	}
	return r, p.Audit.Record(ctx, "broadcast.request.notify", r.ID, "notify "+r.Requester+": "+strings.ToLower(r.Status))
}

func (p *Permissions) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}
