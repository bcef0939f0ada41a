package mirror

import (
	"fmt"
	"slices"

	"imbridge/ent/identifier"
	"imbridge/ent/user"
	"imbridge/platform"
)

// canonical puts a directory user's mobile and e-mail in the canonical form
// the User hook stores (package identifier), so that sameUser compares like
// with like and a row stored in an older form is rewritten once. A value
// that is not valid (for a mobile: in identifier.DefaultRegion when it has
// no country code, which is how Feishu reads it too) is kept as the
// directory has it and returned as a problem of the user, who is written
// all the same (writeUsers records it). It touches no run state, so the
// pull runs it on the listing goroutines, off the writer's path: parsing a
// mobile is the costliest step of writing a user (about 25 µs).
func canonical(u platform.DirUser) pendingUser {
	p := pendingUser{DirUser: u}
	if u.Mobile != "" {
		c, err := identifier.Mobile(u.Mobile, "")
		if err != nil {
			p.problems = append(p.problems, fmt.Errorf("%w; kept as the IM directory has it", err))
			c = identifier.NormalizeMobile(u.Mobile)
		}
		p.Mobile = c // valid: Mobile's canonical form is NormalizeMobile's
	}
	if u.Email != "" {
		if _, err := identifier.Email(u.Email); err != nil {
			p.problems = append(p.problems, fmt.Errorf("%w; kept as the IM directory has it", err))
		}
		p.Email = identifier.NormalizeEmail(u.Email)
	}
	return p
}

// pendingUser is a directory user in canonical form, with the problems
// found in its values, waiting to be written.
type pendingUser struct {
	platform.DirUser
	problems []error
}

// reportDuplicates records, as problems of the users concerned, every mobile
// and e-mail that more than one current person of the mirror holds, compared
// in canonical form. The IM directory keeps them unique (Feishu: mobile and
// e-mail are unique in the tenant, reference §1.3), so a duplicate means one
// of the rows is out of date (someone's number went to a colleague and the
// event that changed it was missed); the pull, or a later event, corrects it.
// It is reported, never refused: each person keeps their row and the run
// goes on. Rows the run has not seen count only when the run could not read
// everything, since otherwise they are about to be marked removed.
func (r *runner) reportDuplicates() {
	if r.cp.Phase == PhaseFinalize {
		return // a resumed run: reported before the checkpoint that ended the users phase
	}
	mobiles, emails := map[string][]string{}, map[string][]string{}
	for ext, u := range r.st.users {
		if u.RemovedAt != nil || u.Status == user.StatusResigned || (u.LastSeenRun != r.p.RunID && !r.cp.Incomplete) {
			continue
		}
		if u.Mobile != "" {
			k := identifier.NormalizeMobile(u.Mobile)
			mobiles[k] = append(mobiles[k], ext)
		}
		if u.Email != "" {
			k := identifier.EmailKey(u.Email)
			emails[k] = append(emails[k], ext)
		}
	}
	r.reportShared("mobile", mobiles)
	r.reportShared("e-mail", emails)
}

func (r *runner) reportShared(what string, held map[string][]string) {
	var keys []string
	for k, exts := range held {
		if len(exts) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		exts := held[k]
		slices.Sort(exts)
		first := r.st.users[exts[0]]
		for _, ext := range exts[1:] {
			r.itemError(kindUser, ext, fmt.Errorf("%s %s is also the %s of user %s (%s): the IM directory keeps them unique, so one of the two rows is out of date",
				what, k, what, first.ExternalID, first.Name), false)
		}
	}
}
