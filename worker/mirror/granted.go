package mirror

import (
	"context"
	"fmt"

	"imbridge/platform"
)

// grantedUsers mirrors the users the app's contact range grants one by one
// (Params.Users): Feishu lets an admin add single people to the range, and
// no department listing shows them when their departments are outside it.
// Each is read on its own, after the listings, and written like a listed
// user; one already written by this run (listed in a granted department)
// is not read again, so a resumed run only reads those still to do. Their
// memberships are in mirrored departments only (wantedMemberships). A user
// no longer in range or gone is left to finalize like any unseen row; one
// that cannot be read for another reason is an item error that blocks
// removals, so a failed read never makes anyone disappear from the mirror.
func (r *runner) grantedUsers(ctx context.Context, queued map[string]bool) error {
	var buf []pendingUser
	for _, id := range r.p.Users {
		if queued[id] {
			continue
		}
		if row := r.st.users[id]; row != nil && row.LastSeenRun == r.p.RunID {
			continue
		}
		queued[id] = true
		u, err := r.p.Dir.User(ctx, id)
		switch c := platform.ClassOf(err); {
		case err == nil:
		case c == platform.ClassOutOfRange || c == platform.ClassNotFound:
			// Left the range (or the company) since the range was read:
			// not seen, so finalize asks about it like any unseen row.
			continue
		case fatal(err):
			return fmt.Errorf("reading granted user %s: %w", id, err)
		default:
			r.itemError(kindUser, id, err, true)
			continue
		}
		buf = append(buf, canonical(u))
		r.done++
		if len(buf) >= flushUsers {
			if err := r.writeUsers(ctx, buf); err != nil {
				return err
			}
			buf = buf[:0]
			r.report()
		}
	}
	if len(buf) > 0 {
		if err := r.writeUsers(ctx, buf); err != nil {
			return err
		}
	}
	r.report()
	return nil
}
