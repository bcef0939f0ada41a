package plan

import "fmt"

// planUsers decides, for every source user, what happens to their target
// account:
//   - gone from the source (resigned/removed) and bound: offboarded;
//   - outside the profile's scope (oa_to_im) and bound: offboarded as
//     "left scope" — seed 003 §4.2.3 (2) warns that bound users outside the
//     scope are removed from the IM. In im_to_oa an out-of-scope IM user
//     changes nothing (out of scope is not gone);
//   - matched: re-enabled or restored when the source is active again
//     (the same account, never a second one), fields updated, memberships
//     moved, disabled when the source disabled them;
//   - unmatched: created (always in im_to_oa, with CreateUsers in
//     oa_to_im), else listed for review.
func (pl *planner) planUsers() {
	pl.lookupDisabledDepartment()
	for _, s := range pl.srcUsers() {
		m := pl.users[s.Key]
		var t *User
		if m != nil && (m.how == matchBound || m.how == matchAuto || m.how == matchRehired) {
			t = pl.tgt.users[m.target]
		}
		switch {
		case state(s).gone():
			if t != nil && m.how == matchBound {
				pl.offboard(s.Key, t, pl.goneReason(s))
			}
		case !pl.inScope(s):
			if t != nil && m.how == matchBound && pl.scope != nil {
				pl.offboard(s.Key, t, Reason{ReasonLeftScope, fmt.Sprintf(
					"%q is outside the sync scope (not a departure); bound users outside the scope are removed from the %s", s.Name, pl.tgt.side.label())})
			}
		case t != nil:
			pl.syncUser(s, t, pl.bindUser(s, m))
		case m == nil || m.how == matchNone:
			pl.createUser(s)
		}
	}
}

func (pl *planner) goneReason(s *User) Reason {
	if state(s) == UserRemoved {
		return Reason{ReasonRemoved, fmt.Sprintf("%q was deleted from the %s directory", s.Name, pl.src.side.label())}
	}
	return Reason{ReasonResigned, fmt.Sprintf("%q left the company (resigned in the %s)", s.Name, pl.src.side.label())}
}

// syncUser brings matched target user t in line with source user s.
func (pl *planner) syncUser(s, t *User, bind *Change) {
	if t.State == UserOutOfScope {
		pl.reviewTargetOutOfScope(t)
		return
	}
	if !pl.userInRange(t) {
		// Outside the app's contact range: listed only when the plan would
		// have changed something, so an untouched person is no noise.
		n := len(pl.changes)
		pl.syncUserInRange(s, t, bind)
		if pl.dropSince(n, t.Key) {
			pl.reviewOutsideRange(s.Key, t.Key, s.Name, fmt.Sprintf("IM user %q (bound to %q)", t.Name, s.Name))
		}
		return
	}
	pl.syncUserInRange(s, t, bind)
}

// dropSince takes back the changes planned since n for target user key
// (one the plan may not write), with what they left behind; it says
// whether there were any.
func (pl *planner) dropSince(n int, key string) bool {
	if len(pl.changes) == n {
		return false
	}
	gone := map[string]bool{}
	for _, c := range pl.changes[n:] {
		gone[c.Key] = true
	}
	pl.changes = pl.changes[:n]
	delete(pl.restored, key)
	delete(pl.final, key)
	for d, keys := range pl.leaving {
		kept := keys[:0]
		for _, k := range keys {
			if !gone[k] {
				kept = append(kept, k)
			}
		}
		pl.leaving[d] = kept
	}
	return true
}

func (pl *planner) syncUserInRange(s, t *User, bind *Change) {
	ss, ts := state(s), state(t)
	var first *Change // the restore/enable the rest needs
	back := func() Reason {
		r := Reason{ReasonReactivated, fmt.Sprintf("%q is active in the %s again: the same %s account comes back", s.Name, pl.src.side.label(), pl.tgt.side.label())}
		if bind != nil && bind.Reason.Code == ReasonRehired {
			r.Code = ReasonRehired
		}
		return r
	}
	switch {
	case ts == UserRemoved && pl.targetIM && !pl.restorable(t):
		// The IM does not know the account any more and cannot bring it
		// back (deleted longer ago than the platform's restore window, a
		// platform without restore, or never there: the mirror marks what
		// the platform answers "no such user" for). Re-enabling or updating
		// it would fail (Feishu 41012); the seed says a deleted member
		// added again is a new member (§4.2.3 (1): 删除后重新添加此用户将是
		// 一条新的成员数据), so the stale binding goes and the person gets a
		// new account, if the profile creates users.
		if ss == UserActive {
			pl.recreate(s, t)
		}
		return
	case ts.gone():
		if ss != UserActive {
			return // suspended in the source, deleted in the target: nothing to do
		}
		first = pl.add(Change{Action: ActionRestoreUser, Source: s.Key, Target: t.Key, Name: s.Name,
			Before: &Snapshot{State: ts}, After: &Snapshot{State: UserActive}, Reason: back()})
		pl.restored[t.Key] = first
	case ts == UserDisabled && ss == UserActive:
		first = pl.add(Change{Action: ActionEnableUser, Source: s.Key, Target: t.Key, Name: s.Name,
			Before: &Snapshot{State: ts}, After: &Snapshot{State: UserActive}, Reason: back()})
		pl.restored[t.Key] = first
	}
	if before, after := pl.fieldDiff(s, t); after != nil {
		pl.add(Change{Action: ActionUpdateUser, Source: s.Key, Target: t.Key, Name: s.Name,
			Before: &Snapshot{Fields: before}, After: &Snapshot{Fields: after},
			Reason: Reason{ReasonChangedInSource, fmt.Sprintf("%q has other values in the %s", s.Name, pl.src.side.label())},
		}, first)
	}
	if primary, part, deps, ok := pl.desiredMemberships(s, t); ok {
		pl.moveUser(s.Key, t, primary, part, func() Reason {
			return Reason{ReasonMovedInSource, fmt.Sprintf("%q is in other departments in the %s", s.Name, pl.src.side.label())}
		}, append(deps, first)...)
	} else {
		pl.reviewUnplaced(s, t.Key)
	}
	if ts == UserActive && ss == UserDisabled {
		pl.add(Change{Action: ActionDisableUser, Source: s.Key, Target: t.Key, Name: s.Name,
			Before: &Snapshot{State: ts}, After: &Snapshot{State: UserDisabled},
			Reason: Reason{ReasonDisabledInSource, fmt.Sprintf("%q is disabled in the %s", s.Name, pl.src.side.label())}})
	}
}

// moveUser plans t's memberships to become primary + part, if they differ.
// why is called only then: most users do not move, and their reasons
// would cost a Sprintf each.
func (pl *planner) moveUser(source string, t *User, primary string, part []string, why func() Reason, deps ...*Change) *Change {
	cp, cpart := pl.currentMemberships(t)
	if cp == primary && sameKeys(cpart, part) {
		return nil
	}
	after := &Snapshot{PrimaryDepartment: primary, PartTimeDepartments: part}
	c := pl.add(Change{Action: ActionMoveUser, Source: source, Target: t.Key, Name: t.Name,
		Before: &Snapshot{PrimaryDepartment: cp, PartTimeDepartments: cpart}, After: after, Reason: why()}, deps...)
	pl.final[t.Key] = after
	pl.leave(c, cp, cpart)
	return c
}

// leave records that change c takes its user out of the listed target
// departments (a department is deleted only after its users left).
func (pl *planner) leave(c *Change, primary string, part []string) {
	pl.leaving[primary] = append(pl.leaving[primary], c.Key)
	for _, k := range part {
		pl.leaving[k] = append(pl.leaving[k], c.Key)
	}
}

// createUser plans a target account for unmatched source user s and
// returns the change, or nil when none is planned.
func (pl *planner) createUser(s *User) *Change {
	if state(s) != UserActive {
		return nil // a suspended person gets no new account
	}
	if pl.targetIM && !pl.p.CreateUsers {
		pl.review = append(pl.review, ReviewItem{Kind: ReviewUnmatched, Source: s.Key, Name: s.Name,
			Text: fmt.Sprintf("%q has no IM account and the profile does not create users (新用户是否添加到飞书); bind by hand or turn creation on", s.Name)})
		return nil
	}
	primary, part, deps, ok := pl.desiredMemberships(s, nil)
	if !ok {
		pl.reviewUnplaced(s, "")
		return nil
	}
	key := provisionalUser(s.Key)
	if f := pl.p.UserIDField; pl.targetIM && f != "" {
		key = fieldValue(s, f)
		if key == "" {
			pl.review = append(pl.review, ReviewItem{Kind: ReviewUserIDEmpty, Source: s.Key, Name: s.Name, Field: f,
				Text: fmt.Sprintf("%q has no %s, which the profile makes the new IM account's user_id (§4.3.2.1)", s.Name, f)})
			return nil
		}
		if pl.tgt.users[key] != nil || pl.takenIDs()[key] || IsProvisional(key) {
			pl.review = append(pl.review, ReviewItem{Kind: ReviewUserIDTaken, Source: s.Key, Name: s.Name, Field: f, Value: key,
				Text: fmt.Sprintf("%q would get user_id %q from its %s, which another IM account already has", s.Name, key, f)})
			return nil
		}
		pl.takenIDs()[key] = true
	}
	fields := pl.mappedFields(s)
	if fields[FieldName] == "" && pl.targetIM {
		fields[FieldName] = s.Name
	}
	c := pl.add(Change{Action: ActionCreateUser, Source: s.Key, Target: key, Name: s.Name,
		After:  &Snapshot{Name: s.Name, State: UserActive, Fields: fields, PrimaryDepartment: primary, PartTimeDepartments: part},
		Reason: Reason{ReasonNewInSource, fmt.Sprintf("%q is in the %s, not in the %s", s.Name, pl.src.side.label(), pl.tgt.side.label())},
	}, deps...)
	pl.createdUsers = append(pl.createdUsers, c)
	return c
}

// takenIDs are the user_ids this plan gives created users.
func (pl *planner) takenIDs() map[string]bool {
	if pl.newIDs == nil {
		pl.newIDs = map[string]bool{}
	}
	return pl.newIDs
}

func (pl *planner) reviewTargetOutOfScope(t *User) {
	pl.review = append(pl.review, ReviewItem{Kind: ReviewTargetOutOfScope, Source: pl.userBindRev[t.Key], Target: t.Key, Name: t.Name,
		Text: fmt.Sprintf("%s user %q is outside what the bridge can see (e.g. the app's contact range); it is left as it is", pl.tgt.side.label(), t.Name)})
}

// restorable: IM account t was removed recently enough for the IM to
// restore it (Input.IMRestoreSince).
func (pl *planner) restorable(t *User) bool {
	since := pl.in.IMRestoreSince
	return !since.IsZero() && t.RemovedAt != nil && !t.RemovedAt.Before(since)
}

func (pl *planner) reviewUnplaced(s *User, target string) {
	if pl.outsideRange(pl.src.primary(s)) {
		pl.reviewOutsideRange(s.Key, target, s.Name, fmt.Sprintf("the IM department that %q would be placed in", s.Name))
		return
	}
	pl.review = append(pl.review, ReviewItem{Kind: ReviewDepartmentUnresolved, Source: s.Key, Target: target, Name: s.Name,
		Text: fmt.Sprintf("the primary department %q of %q is not synced (outside the scope or the top department, removed, or under a department that cannot be placed); its departments are left as they are",
			s.PrimaryDepartment, s.Name)})
}

// recreate replaces the stale binding of source user s to target account t,
// which the IM no longer knows, by a new account (createUser's rules).
func (pl *planner) recreate(s, t *User) {
	if !pl.p.CreateUsers {
		pl.review = append(pl.review, ReviewItem{Kind: ReviewBoundTargetMissing, Source: s.Key, Target: t.Key, Name: s.Name,
			Text: fmt.Sprintf("%q is bound to IM account %q, which the IM no longer knows (deleted); the profile does not create users (新用户是否添加到飞书): unbind and bind by hand, or turn creation on", s.Name, t.Key)})
		return
	}
	unbind := pl.add(Change{Action: ActionUnbindUser, Source: s.Key, Target: t.Key, Name: s.Name,
		Reason: Reason{ReasonStaleBinding, fmt.Sprintf("IM account %q of %q no longer exists in the IM; a deleted member added again is a new member (seed 003 §4.2.3)", t.Key, s.Name)}})
	if c := pl.createUser(s); c != nil {
		c.DependsOn = append(c.DependsOn, unbind.Key)
		c.Reason = Reason{ReasonStaleBinding, fmt.Sprintf("%q is active in the %s and its IM account %q no longer exists: a new account is created", s.Name, pl.src.side.label(), t.Key)}
	}
}
