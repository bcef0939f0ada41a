package push

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/delivery"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/pushrule"
	"imbridge/ent/user"
)

// Why a delivery is skipped (Delivery.reason; issue 9 item 3).
const (
	ReasonUnknownUser  = "no OA user with this id in the bridge's OA directory"
	ReasonOAResigned   = "the OA user has resigned"
	ReasonNotBound     = "not bound to this corp"
	ReasonResigned     = "the bound IM account has resigned"
	ReasonDisabled     = "the bound IM account is disabled"
	ReasonOutOfRange   = "outside the app's availability (the bound IM account left the app's contact range)"
	ReasonNoPlatformID = "the bound IM account has no platform user id"
)

// chunk bounds the ids of one IN list (SQLite allows 32,766 variables).
const chunk = 5000

// wanted is one planned delivery before it is stored.
type wanted struct {
	target    *ent.PushTarget
	oaUser    *ent.User // nil: the OA named an unknown id
	recipient string    // the OA user id
}

func targetKey(t *ent.PushTarget) string { return fmt.Sprintf("%d:%s", t.AppID, t.MessageType) }

// plan stores the message's deliveries that are not stored yet (a resumed
// job finds some): one per target key and recipient, across every
// matching rule. It returns how many the message has and, when that is
// none, why.
func (e *Engine) plan(ctx context.Context, m *ent.Message) (int, *nobody, error) {
	db := e.p.DB
	rules, err := db.PushRule.Query().
		Where(pushrule.Enabled(true), pushrule.Or(pushrule.Source(m.Source), pushrule.SourceIsNil(), pushrule.Source(""))).
		WithTargets(func(q *ent.PushTargetQuery) { q.WithApp(func(q *ent.AppQuery) { q.WithCorp() }) }).
		Order(ent.Asc(pushrule.FieldID)).All(ctx)
	if err != nil {
		return 0, nil, fmt.Errorf("push: reading rules: %w", err)
	}
	r := m.Recipients
	named, err := oaUsersByExternalID(ctx, db, r.UserIDs)
	if err != nil {
		return 0, nil, err
	}
	members := map[bool][]*ent.User{} // by include part-time
	var want []wanted
	seen := map[string]bool{}
	add := func(t *ent.PushTarget, u *ent.User, id string) {
		k := targetKey(t) + "\x00" + id
		if !seen[k] {
			seen[k] = true
			want = append(want, wanted{target: t, oaUser: u, recipient: id})
		}
	}
	for _, rule := range rules {
		if len(r.DepartmentIDs) > 0 && members[rule.IncludePartTime] == nil {
			if members[rule.IncludePartTime], err = departmentMembers(ctx, db, r.DepartmentIDs, rule.IncludePartTime); err != nil {
				return 0, nil, err
			}
		}
		for _, t := range rule.Edges.Targets {
			for _, id := range r.UserIDs {
				add(t, named[id], id)
			}
			for _, u := range members[rule.IncludePartTime] {
				add(t, u, u.ExternalID)
			}
			if r.Everyone {
				bound, err := boundOAUsers(ctx, db, t.Edges.App.CorpID)
				if err != nil {
					return 0, nil, err
				}
				for _, u := range bound {
					add(t, u, u.ExternalID)
				}
			}
		}
	}
	have := map[string]bool{}
	rows, err := db.Delivery.Query().Where(delivery.MessageID(m.ID)).Select(delivery.FieldTargetKey, delivery.FieldRecipient).All(ctx)
	if err != nil {
		return 0, nil, err
	}
	for _, d := range rows {
		have[d.TargetKey+"\x00"+d.Recipient] = true
	}
	resolved, err := resolveBindings(ctx, db, want)
	if err != nil {
		return 0, nil, err
	}
	var creates []*ent.DeliveryCreate
	for _, w := range want {
		key := targetKey(w.target)
		if have[key+"\x00"+w.recipient] {
			continue
		}
		c := db.Delivery.Create().SetMessageID(m.ID).SetAppID(w.target.AppID).SetTargetKey(key).
			SetMessageType(delivery.MessageType(w.target.MessageType)).SetQuickApproval(w.target.QuickApproval && (w.target.MessageType == "todo" || w.target.MessageType == "approval")).
			SetRecipient(w.recipient)
		if w.oaUser != nil {
			c.SetOaUserID(w.oaUser.ID)
		}
		im, reason := w.skip(resolved)
		if reason != "" {
			c.SetStatus(delivery.StatusSkipped).SetReason(reason)
		} else {
			c.SetReceiveIDType("user_id").SetReceiveID(im.ExternalID)
			if w.target.MessageType == "todo" {
				c.SetCardState(delivery.CardStatePending)
			}
		}
		creates = append(creates, c)
	}
	// Chunks of planChunk rows, one transaction each: one commit per
	// chunk (not per 500 rows), and the sender starts on the first chunk
	// while the rest is written.
	for i := 0; i < len(creates); i += planChunk {
		if err := storeChunk(ctx, db, creates[i:min(i+planChunk, len(creates))]); err != nil {
			return 0, nil, fmt.Errorf("push: storing deliveries: %w", err)
		}
	}
	n := len(rows) + len(creates)
	if n > 0 {
		return n, nil, nil
	}
	why, err := whyNobody(ctx, db, m, rules)
	return 0, why, err
}

// skip says whom a wanted delivery goes to, or why it does not.
func (w wanted) skip(resolved map[[2]int]*ent.User) (*ent.User, string) {
	switch {
	case w.oaUser == nil:
		return nil, ReasonUnknownUser
	case w.oaUser.Status == user.StatusResigned:
		return nil, ReasonOAResigned
	}
	im := resolved[[2]int{w.target.Edges.App.CorpID, w.oaUser.ID}]
	switch {
	case im == nil:
		return nil, ReasonNotBound
	case im.Status == user.StatusResigned || im.RemovedAt != nil:
		return nil, ReasonResigned
	case im.Status == user.StatusDisabled:
		return nil, ReasonDisabled
	case im.OutOfScopeAt != nil:
		return nil, ReasonOutOfRange
	case im.ExternalID == "":
		return nil, ReasonNoPlatformID
	}
	return im, ""
}

// scanFrom is the number of wanted people of one corp from which
// resolveBindings reads all of the corp's bindings and IM users in two
// scans instead of IN lists (cheaper, and within every database's limit
// on bound variables however many people a push names).
var scanFrom = 2000

// resolveBindings finds the bound IM user of every wanted (corp, OA user).
func resolveBindings(ctx context.Context, db *ent.Client, want []wanted) (map[[2]int]*ent.User, error) {
	byCorp := map[int][]int{}
	seen := map[[2]int]bool{}
	for _, w := range want {
		if w.oaUser == nil {
			continue
		}
		k := [2]int{w.target.Edges.App.CorpID, w.oaUser.ID}
		if !seen[k] {
			seen[k] = true
			byCorp[k[0]] = append(byCorp[k[0]], k[1])
		}
	}
	out := map[[2]int]*ent.User{}
	for corpID, ids := range byCorp {
		if len(ids) >= scanFrom {
			if err := scanBindings(ctx, db, corpID, out); err != nil {
				return nil, err
			}
			continue
		}
		for i := 0; i < len(ids); i += chunk {
			bs, err := db.Binding.Query().Where(binding.CorpID(corpID), binding.KindEQ(binding.KindUser),
				binding.OaUserIDIn(ids[i:min(i+chunk, len(ids))]...)).WithImUser().All(ctx)
			if err != nil {
				return nil, fmt.Errorf("push: reading bindings: %w", err)
			}
			for _, b := range bs {
				if b.OaUserID != nil && b.Edges.ImUser != nil {
					out[[2]int{corpID, *b.OaUserID}] = b.Edges.ImUser
				}
			}
		}
	}
	return out, nil
}

// scanBindings reads every user binding of a corp and the corp's IM users.
func scanBindings(ctx context.Context, db *ent.Client, corpID int, out map[[2]int]*ent.User) error {
	ims, err := db.User.Query().Where(user.CorpID(corpID)).All(ctx)
	if err != nil {
		return fmt.Errorf("push: reading IM users: %w", err)
	}
	byID := make(map[int]*ent.User, len(ims))
	for _, u := range ims {
		byID[u.ID] = u
	}
	bs, err := db.Binding.Query().Where(binding.CorpID(corpID), binding.KindEQ(binding.KindUser)).
		Select(binding.FieldOaUserID, binding.FieldImUserID).All(ctx)
	if err != nil {
		return fmt.Errorf("push: reading bindings: %w", err)
	}
	for _, b := range bs {
		if b.OaUserID != nil && b.ImUserID != nil && byID[*b.ImUserID] != nil {
			out[[2]int{corpID, *b.OaUserID}] = byID[*b.ImUserID]
		}
	}
	return nil
}

// oaUsersByExternalID reads OA users by their OA ids.
func oaUsersByExternalID(ctx context.Context, db *ent.Client, ids []string) (map[string]*ent.User, error) {
	out := make(map[string]*ent.User, len(ids))
	for i := 0; i < len(ids); i += chunk {
		us, err := db.User.Query().Where(user.CorpIDIsNil(), user.ExternalIDIn(ids[i:min(i+chunk, len(ids))]...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("push: reading OA users: %w", err)
		}
		for _, u := range us {
			out[u.ExternalID] = u
		}
	}
	return out, nil
}

// departmentMembers are the members of OA departments and of their
// sub-departments; part-time members (a membership that is not the
// person's primary one) only with partTime.
func departmentMembers(ctx context.Context, db *ent.Client, ids []string, partTime bool) ([]*ent.User, error) {
	all, err := db.Department.Query().Where(department.CorpIDIsNil(), department.RemovedAtIsNil()).
		Select(department.FieldID, department.FieldExternalID, department.FieldParentID).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("push: reading OA departments: %w", err)
	}
	children := map[int][]int{}
	byExt := map[string]int{}
	for _, d := range all {
		byExt[d.ExternalID] = d.ID
		if d.ParentID != nil {
			children[*d.ParentID] = append(children[*d.ParentID], d.ID)
		}
	}
	in := map[int]bool{}
	var stack []int
	for _, id := range ids {
		if d, ok := byExt[id]; ok {
			stack = append(stack, d)
		}
	}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if in[d] {
			continue
		}
		in[d] = true
		stack = append(stack, children[d]...)
	}
	depts := make([]int, 0, len(in))
	for d := range in {
		depts = append(depts, d)
	}
	seen := map[int]bool{}
	var out []*ent.User
	for i := 0; i < len(depts); i += chunk {
		q := db.Membership.Query().Where(membership.DepartmentIDIn(depts[i:min(i+chunk, len(depts))]...))
		if !partTime {
			q.Where(membership.Primary(true))
		}
		ms, err := q.WithUser().Order(ent.Asc(membership.FieldUserID)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("push: reading memberships: %w", err)
		}
		for _, m := range ms {
			if u := m.Edges.User; u != nil && !seen[u.ID] && u.CorpID == nil {
				seen[u.ID] = true
				out = append(out, u)
			}
		}
	}
	return out, nil
}

// boundOAUsers are the OA users bound on a corp.
func boundOAUsers(ctx context.Context, db *ent.Client, corpID int) ([]*ent.User, error) {
	us, err := db.User.Query().Where(user.CorpIDIsNil(),
		user.HasOaBindingsWith(binding.CorpID(corpID), binding.KindEQ(binding.KindUser))).
		Order(ent.Asc(user.FieldExternalID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("push: reading bound OA users: %w", err)
	}
	return us, nil
}

// planChunk is how many deliveries one planning transaction stores.
const planChunk = 2000

func storeChunk(ctx context.Context, db *ent.Client, creates []*ent.DeliveryCreate) error {
	tx, err := db.Tx(ctx)
	if err != nil {
		return err
	}
	for i := 0; i < len(creates); i += 500 {
		if err := tx.Delivery.CreateBulk(creates[i:min(i+500, len(creates))]...).Exec(ctx); err != nil {
			_ = tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}
