package plan

import (
	"fmt"
	"sort"
)

// matchHow is how a source user found (or did not find) a target user.
type matchHow uint8

const (
	matchNone      matchHow = iota // no target: new
	matchBound                     // an existing binding
	matchAuto                      // the auto-bind field, one candidate each side
	matchRehired                   // the auto-bind field found the account of a left person
	matchAmbiguous                 // several candidates: review, never guessed
	matchMissing                   // bound to a target user the target does not list
	matchReleased                  // gone; its binding moved to the rehired record
)

// userMatch is the result for one source user.
type userMatch struct {
	how    matchHow
	target string
	// prev is the left source user whose binding a rehire takes over.
	prev string
}

// matchUsers finds each source user's target (seed 003 §4.3.2.2 (1),
// §4.2.4): an existing binding first; then, for unbound users in scope who
// have not left, the profile's auto-bind field compared as given (values
// are canonical). One candidate on each side binds (method auto); several
// on either side is ambiguous and goes to review; none is new.
//
// Candidates are target users no one is bound to, and the accounts of
// people the source reports gone (resigned/removed): a returning person
// with a new source record takes their old account back instead of getting
// a second one. An unbound account that is itself gone is not a candidate:
// without a binding a recycled mobile number cannot be told from a rehire.
func (pl *planner) matchUsers() {
	for _, s := range pl.srcUsers() {
		t, ok := pl.userBind[s.Key]
		if !ok {
			continue
		}
		if pl.tgt.users[t] == nil {
			pl.users[s.Key] = &userMatch{how: matchMissing, target: t}
			if activeUser(s) && pl.inScope(s) {
				pl.review = append(pl.review, ReviewItem{
					Kind: ReviewBoundTargetMissing, Source: s.Key, Target: t, Name: s.Name,
					Text: fmt.Sprintf("%q is bound to %s user %q, which the %s directory does not list; pull it again, or unbind to let the sync create a new account",
						s.Name, pl.tgt.side.label(), t, pl.tgt.side.label()),
				})
			}
			continue
		}
		pl.users[s.Key] = &userMatch{how: matchBound, target: t}
	}
	if pl.p.AutoBindField == FieldNone {
		return
	}
	srcField, tgtField := pl.autoBindFields()
	bySrc := map[string][]*User{}
	var values []string
	for _, s := range pl.srcUsers() {
		if pl.users[s.Key] != nil || !activeUser(s) || !pl.inScope(s) {
			continue
		}
		val := fieldValue(s, srcField)
		if val == "" {
			continue
		}
		if len(bySrc[val]) == 0 {
			values = append(values, val)
		}
		bySrc[val] = append(bySrc[val], s)
	}
	if len(values) == 0 {
		return
	}
	byTgt := make(map[string][]*User, len(values))
	for _, t := range pl.tgt.list {
		if !pl.candidate(t) {
			continue
		}
		val := fieldValue(t, tgtField)
		if _, wanted := bySrc[val]; wanted && val != "" {
			byTgt[val] = append(byTgt[val], t)
		}
	}
	for _, val := range values {
		ss, ts := bySrc[val], byTgt[val]
		switch {
		case len(ts) == 0:
			// new
		case len(ss) == 1 && len(ts) == 1:
			m := &userMatch{how: matchAuto, target: ts[0].Key}
			if prev, bound := pl.userBindRev[ts[0].Key]; bound {
				m.how, m.prev = matchRehired, prev
				pl.users[prev] = &userMatch{how: matchReleased}
			}
			pl.users[ss[0].Key] = m
		default:
			pl.reviewAmbiguous(srcField, val, ss, ts)
		}
	}
}

// candidate says whether target user t may be auto-bound.
func (pl *planner) candidate(t *User) bool {
	prev, bound := pl.userBindRev[t.Key]
	if !bound {
		return !state(t).gone()
	}
	s := pl.src.users[prev]
	return s != nil && state(s).gone()
}

// autoBindFields are the auto-bind field on each side: the OA field the
// profile names, and on the IM side the field it is mapped to (a custom
// attribute may have another name there), else the same field.
func (pl *planner) autoBindFields() (src, tgt Field) {
	oa, im := pl.p.AutoBindField, pl.p.AutoBindField
	for _, m := range pl.p.FieldMapping {
		if m.From == oa {
			im = m.To
			break
		}
	}
	if pl.targetIM {
		return oa, im
	}
	return im, oa
}

func (pl *planner) reviewAmbiguous(f Field, val string, ss, ts []*User) {
	cands := make([]string, len(ts))
	for i, t := range ts {
		cands[i] = t.Key
	}
	sort.Strings(cands)
	for _, s := range ss {
		pl.users[s.Key] = &userMatch{how: matchAmbiguous}
		text := fmt.Sprintf("%d %s users have %s %q; bind one by hand", len(ts), pl.tgt.side.label(), f, val)
		if len(ss) > 1 {
			text = fmt.Sprintf("%d %s users and %d %s users share %s %q; bind them by hand",
				len(ss), pl.src.side.label(), len(ts), pl.tgt.side.label(), f, val)
		}
		pl.review = append(pl.review, ReviewItem{
			Kind: ReviewAmbiguous, Source: s.Key, Name: s.Name, Field: f, Value: val, Candidates: cands, Text: text,
		})
	}
}

// planBinds emits the bindings a match made (im_to_bridge: the whole plan).
func (pl *planner) planBinds() {
	for _, s := range pl.srcUsers() {
		pl.bindUser(s, pl.users[s.Key])
	}
}

// bindUser records a new match as bind_user (after unbinding the left
// record of a rehire) and returns the bind change, or nil.
func (pl *planner) bindUser(s *User, m *userMatch) *Change {
	if m == nil || (m.how != matchAuto && m.how != matchRehired) {
		return nil
	}
	srcF, _ := pl.autoBindFields()
	reason := Reason{ReasonMatchedByField, fmt.Sprintf("same %s %q in the %s and the %s", srcF, fieldValue(s, srcF), pl.src.side.label(), pl.tgt.side.label())}
	var unbind *Change
	if m.how == matchRehired {
		unbind = pl.add(Change{
			Action: ActionUnbindUser, Source: m.prev, Target: m.target, Name: s.Name,
			Reason: Reason{ReasonRehired, fmt.Sprintf("%s record %q left; the same person came back as %q and keeps the account", pl.src.side.label(), m.prev, s.Key)},
		})
		reason = Reason{ReasonRehired, fmt.Sprintf("rehired: same %s %q as the left %s record %q, whose %s account is reused", srcF, fieldValue(s, srcF), pl.src.side.label(), m.prev, pl.tgt.side.label())}
	}
	return pl.add(Change{
		Action: ActionBindUser, Source: s.Key, Target: m.target, Name: s.Name, Method: BindAuto, Reason: reason,
	}, unbind)
}
