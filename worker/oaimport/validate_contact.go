package oaimport

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"imbridge/ent"
	"imbridge/ent/identifier"
	"imbridge/ent/user"
)

// contacts validates one user's mobile and e-mail, rewrites them in canonical
// form, and reports a value another person of the result already holds: two
// people with one mobile or one e-mail would make matching and binding
// ambiguous, and Feishu refuses them (mobile and e-mail are unique per
// tenant, reference §1.3). Values are compared in canonical form
// ("13900000004" is "+8613900000004"; e-mails ignoring case). A resigned
// user holds nothing: people leave and their number is reused, by a rehire
// under a new id or by the carrier.
func (v *validator) contacts(i int, at, item string, u *User) {
	c := v.canon[i]
	if u.Mobile != "" && v.region != "" {
		if c.mobileErr != nil {
			v.ps.add(at+"mobile", item, "%v", c.mobileErr)
		} else {
			if u.Status != user.StatusResigned {
				v.claim(v.mobiles, v.stored.mobiles, c.mobile, i, at+"mobile", item, "mobile", written(u.Mobile, c.mobile))
			}
			u.Mobile = c.mobile
		}
	}
	if u.Email != "" {
		switch {
		case c.emailErr != nil:
			v.ps.add(at+"email", item, "%v", c.emailErr)
		case len(c.email) > maxEmail:
			v.ps.add(at+"email", item, "email is too long: %d bytes, at most %d", len(c.email), maxEmail)
		default:
			if u.Status != user.StatusResigned {
				v.claim(v.emails, v.stored.emails, identifier.EmailKey(c.email), i, at+"email", item, "e-mail", written(u.Email, c.email))
			}
			u.Email = c.email
		}
	}
}

// canonicalContact is one user's mobile and e-mail in canonical form, or the
// rule each breaks.
type canonicalContact struct {
	mobile, email       string
	mobileErr, emailErr error
}

// canonicalize puts every user's mobile (in region; none when "") and e-mail
// in canonical form, on every core: libphonenumber takes about 25 µs of CPU
// a number, 2.5 s for a 100k-user import, which one core would add whole to
// the import's time.
func canonicalize(users []User, region string) []canonicalContact {
	out := make([]canonicalContact, len(users))
	const minChunk = 1000
	chunk := max(minChunk, (len(users)+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for start := 0; start < len(users); start += chunk {
		wg.Go(func() {
			for i := start; i < min(start+chunk, len(users)); i++ {
				c := &out[i]
				if region != "" {
					c.mobile, c.mobileErr = identifier.Mobile(users[i].Mobile, region)
				}
				c.email, c.emailErr = identifier.Email(users[i].Email)
			}
		})
	}
	wg.Wait()
	return out
}

// claim records that users[i] holds key, or reports who already does: an
// earlier user of the import, or a stored OA user the import leaves as it is.
func (v *validator) claim(held map[string]int, stored map[string][]holder, key string, i int, field, item, what, value string) {
	if j, dup := held[key]; dup {
		v.ps.add(field, item, "%s %s is already the %s of %s: two people cannot share one",
			what, value, what, userItem(j, v.in.Users[j].ExternalID))
		return
	}
	held[key] = i
	for _, h := range stored[key] {
		if _, sent := v.sent[h.ext]; !sent {
			v.ps.add(field, item, "%s %s is already the %s of OA user %q (%s), who is not in this import: two people cannot share one; correct either, or send both",
				what, value, what, h.ext, h.name)
			return
		}
	}
}

// written shows a value as the import wrote it and, when that differs, the
// canonical form it was compared in.
func written(in, canonical string) string {
	if in == canonical {
		return canonical
	}
	return fmt.Sprintf("%q (%s)", identifier.Clip(in), canonical)
}

// checkRegion reads the import's default region. An unknown one is reported
// and leaves mobiles unchecked, rather than checked against the wrong country.
func (v *validator) checkRegion() {
	r, err := identifier.Region(v.in.DefaultRegion)
	if err != nil {
		v.ps.add("defaultRegion", "the import", "%v", err)
		return
	}
	v.region = r
}

// holder is a stored OA user holding a mobile or an e-mail.
type holder struct{ ext, name string }

// storedContacts are the mobiles and e-mails of the OA users who are not
// resigned, by the key they are compared in (identifier.NormalizeMobile,
// identifier.EmailKey). Rows stored before canonical forms compare the same,
// since their values are canonicalised as they are read; a key may have
// several holders in such old data.
type storedContacts struct {
	mobiles, emails map[string][]holder
}

// loadContacts reads the stored contacts a partial import must not collide
// with. A complete import needs none (every user it leaves out resigns, and
// those it sends carry their new values), nor does one without contacts.
func loadContacts(ctx context.Context, client *ent.Client, in Input) (storedContacts, error) {
	var sc storedContacts
	if in.Complete || !hasContacts(in) {
		return sc, nil
	}
	rows, err := client.User.Query().
		Where(user.CorpIDIsNil(), user.StatusNEQ(user.StatusResigned),
			user.Or(user.And(user.MobileNotNil(), user.MobileNEQ("")), user.And(user.EmailNotNil(), user.EmailNEQ("")))).
		Select(user.FieldExternalID, user.FieldName, user.FieldMobile, user.FieldEmail).
		All(ctx)
	if err != nil {
		return sc, fmt.Errorf("loading the mobiles and e-mails of OA users: %w", err)
	}
	sc.mobiles, sc.emails = map[string][]holder{}, map[string][]holder{}
	for _, r := range rows {
		h := holder{ext: r.ExternalID, name: r.Name}
		if r.Mobile != "" {
			k := identifier.NormalizeMobile(r.Mobile)
			sc.mobiles[k] = append(sc.mobiles[k], h)
		}
		if r.Email != "" {
			k := identifier.EmailKey(r.Email)
			sc.emails[k] = append(sc.emails[k], h)
		}
	}
	return sc, nil
}

func hasContacts(in Input) bool {
	for _, u := range in.Users {
		if u.Mobile != "" || u.Email != "" {
			return true
		}
	}
	return false
}
