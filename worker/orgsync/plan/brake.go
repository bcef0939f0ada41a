package plan

import (
	"fmt"
	"strings"
)

// Brake is the deletion brake's verdict (issue 8 item 6). A tripped brake
// does not shorten the plan: the run stops in awaiting_approval with the
// complete plan, and an approval applies exactly that plan.
type Brake struct {
	Tripped bool        `json:"tripped"`
	Reason  string      `json:"reason,omitempty"`
	Counts  BrakeCounts `json:"counts"`
}

// BrakeCounts are the figures the verdict is made from.
type BrakeCounts struct {
	// Disable and Delete count target users the plan disables or deletes.
	Disable int `json:"disable"`
	Delete  int `json:"delete"`
	// LeftScope is how many of those leave because of the scope, not
	// because they left the company.
	LeftScope int `json:"left_scope"`
	// TargetUsers is the number of present target users (active or
	// disabled): the base of the percentage.
	TargetUsers int `json:"target_users"`
	// SourceUsers and PreviousSourceUsers are this and the previous run's
	// synced source users; Decrease is how many fewer there are now.
	SourceUsers         int `json:"source_users"`
	PreviousSourceUsers int `json:"previous_source_users"`
	Decrease            int `json:"decrease"`
}

// brake trips when the users the plan takes away (disables + deletes) or
// the decrease of the source's users (seed 003 §4.2.3 (3): 本次同步的OA用户
// 数量和上一次相比，减少的数量超过x; in oa_to_im against the previous OA
// import, see PreviousImport) is over the profile's threshold — more than
// Count users, or more than Percent % of the target's users (of the
// previous count, for the decrease).
func (pl *planner) brake(st Stats) Brake {
	b := Brake{Counts: BrakeCounts{TargetUsers: st.TargetUsers, SourceUsers: st.SourceUsers}}
	for _, c := range pl.changes {
		switch c.Action {
		case ActionDisableUser:
			b.Counts.Disable++
		case ActionDeleteUser:
			b.Counts.Delete++
		default:
			continue
		}
		if c.Reason.Code == ReasonLeftScope {
			b.Counts.LeftScope++
		}
	}
	// The shrink check (seed 003 §4.2.3 (3)). In oa_to_im it compares the
	// OA's own head count with the previous OA import's: what the OA says,
	// not what the previous sync happened to sync (a scope change or an
	// incremental run is not people leaving). im_to_oa compares the IM's
	// synced users with the previous run's.
	basis := "the previous run's"
	switch {
	case pl.targetIM && pl.in.PreviousImport != nil:
		basis = "the previous OA import's"
		b.Counts.SourceUsers = presentUsers(pl.src)
		b.Counts.PreviousSourceUsers = pl.in.PreviousImport.Users
		b.Counts.Decrease = max(0, b.Counts.PreviousSourceUsers-b.Counts.SourceUsers)
	case !pl.targetIM && pl.in.Previous != nil:
		b.Counts.PreviousSourceUsers = pl.in.Previous.SourceUsers
		b.Counts.Decrease = max(0, pl.in.Previous.SourceUsers-st.SourceUsers)
	}
	th := pl.p.Threshold
	over := func(n, base int) bool {
		if n == 0 {
			return false
		}
		if th.Count > 0 && n > th.Count {
			return true
		}
		return th.Percent > 0 && base > 0 && float64(n)*100 > th.Percent*float64(base)
	}
	var why []string
	if n := b.Counts.Disable + b.Counts.Delete; over(n, b.Counts.TargetUsers) {
		s := fmt.Sprintf("the plan disables or deletes %d of %d %s users (%s), over the threshold of %s",
			n, b.Counts.TargetUsers, pl.tgt.side.label(), percent(n, b.Counts.TargetUsers), pl.thresholdText())
		if b.Counts.LeftScope > 0 {
			s += fmt.Sprintf("; %d of them only left the sync scope, not the company", b.Counts.LeftScope)
		}
		why = append(why, s)
	}
	if d := b.Counts.Decrease; over(d, b.Counts.PreviousSourceUsers) {
		why = append(why, fmt.Sprintf("the %s has %d users, %d fewer than %s %d (%s), over the threshold of %s",
			pl.src.side.label(), b.Counts.SourceUsers, d, basis, b.Counts.PreviousSourceUsers, percent(d, b.Counts.PreviousSourceUsers), pl.thresholdText()))
	}
	if len(why) > 0 {
		b.Tripped = true
		b.Reason = strings.Join(why, "; ") + ": an admin must approve the plan before anything is applied"
	}
	return b
}

func (pl *planner) thresholdText() string {
	th := pl.p.Threshold
	var parts []string
	if th.Count > 0 {
		parts = append(parts, fmt.Sprintf("%d users", th.Count))
	}
	if th.Percent > 0 {
		parts = append(parts, fmt.Sprintf("%g%%", th.Percent))
	}
	return strings.Join(parts, " or ")
}

func percent(n, base int) string {
	if base == 0 {
		return "all"
	}
	return fmt.Sprintf("%.1f%%", float64(n)*100/float64(base))
}

// presentUsers counts the people a directory holds: active or disabled,
// not resigned, removed or out of its side's sight. The OA import records
// the same count (oaimport: Counters.OAUsers).
func presentUsers(x *index) int {
	n := 0
	for _, u := range x.list {
		if activeUser(u) {
			n++
		}
	}
	return n
}
