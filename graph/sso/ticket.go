package sso

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"imbridge/ent"
	"imbridge/ent/viewer"
)

// A ticket is what the OA receives on return_to: "imt_" and 256 random
// bits, stored only as its SHA-256 under the tenant it belongs to, for at
// most the corp's ticket lifetime (≤ 60 s), and taken at the first
// redemption. A token of another tenant looks under its own tenant and
// finds nothing, so it cannot even spend another tenant's ticket.
const (
	ticketPrefix = "imt_"
	MaxTicketTTL = 60 * time.Second
	minTicketTTL = 5 * time.Second
)

// ticket is what a ticket stands for.
type ticket struct {
	CorpID   int       `json:"corp"`
	OAUserID int       `json:"oa_user"`
	IMUserID int       `json:"im_user"`
	Expires  time.Time `json:"expires"`
}

func (s *Service) ticketKey(tenantID int, value string) string {
	return s.Broker.Key("sso-ticket", itoa(tenantID), hashOf(value))
}

// IssueTicket stores a ticket for an OA user who logged in as an IM user
// of a corp of the tenant, redeemable for ttl (5 to 60 s), and returns its
// value: the callback's last step.
func (s *Service) IssueTicket(ctx context.Context, tenantID, corpID, oaUserID, imUserID int, ttl time.Duration) (string, error) {
	return s.issue(ctx, tenantID, ticket{CorpID: corpID, OAUserID: oaUserID, IMUserID: imUserID}, ttl)
}

// issue stores a ticket and returns its value.
func (s *Service) issue(ctx context.Context, tenantID int, t ticket, ttl time.Duration) (string, error) {
	ttl = min(max(ttl, minTicketTTL), MaxTicketTTL)
	t.Expires = s.Now().Add(ttl)
	value := ticketPrefix + random()
	b, _ := json.Marshal(t)
	return value, s.Broker.Client.Set(context.WithoutCancel(ctx), s.ticketKey(tenantID, value), b, ttl).Err()
}

// ErrTicket refuses a ticket that is unknown, already redeemed, expired or
// of another tenant; the OA starts the login again.
var ErrTicket = errors.New("the ticket is unknown, already used or expired: start the login again")

// Redeemed is what a ticket gives the OA: the OA account and the basic
// profile of the person, and where they logged in from.
type Redeemed struct {
	OAUser *ent.User
	IMUser *ent.User
	CorpID int
}

// Redeem takes a ticket for the viewer's tenant, through db (the
// mutation's transaction). The ticket is gone after the first attempt,
// whatever its outcome. ErrTicket when it is unknown, used, expired or of
// another tenant.
func (s *Service) Redeem(ctx context.Context, db *ent.Client, value string) (*Redeemed, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.TenantID == 0 || !strings.HasPrefix(value, ticketPrefix) || len(value) > 100 {
		return nil, ErrTicket
	}
	b, err := s.Broker.Client.GetDel(ctx, s.ticketKey(v.TenantID, value)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, ErrTicket
	}
	if err != nil {
		return nil, err
	}
	var t ticket
	if json.Unmarshal(b, &t) != nil || !s.Now().Before(t.Expires) {
		return nil, ErrTicket
	}
	oa, err := db.User.Get(ctx, t.OAUserID)
	if err != nil {
		return nil, err
	}
	im, err := db.User.Get(ctx, t.IMUserID)
	if err != nil {
		return nil, err
	}
	loginsTotal.WithLabelValues(itoa(t.CorpID), "redeemed").Inc()
	return &Redeemed{OAUser: oa, IMUser: im, CorpID: t.CorpID}, nil
}

func secondsOf(n int) time.Duration { return time.Duration(n) * time.Second }
