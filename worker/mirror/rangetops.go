package mirror

import (
	"context"
	"errors"
	"fmt"

	"imbridge/platform"
)

// ErrNoRange is a pull whose app's contact range grants nobody: no
// department and no user.
var ErrNoRange = errors.New("the app's contact range (通讯录权限范围) grants no department and no user")

// InRange fits a pull from the root to the app's contact range: when p
// starts at the root (platform.RootDepartmentID) and p.Dir can report its
// range (platform.ContactRangeReader, Feishu GET /open-apis/contact/v3/scopes)
// and that range is not all members, the pull starts from the departments
// the range grants (p.Tops) instead, and the users it grants one by one
// (p.Users) are pulled too: Feishu refuses the root to such an app (40004,
// reference: "the root department needs all-member scope").
// A pull from a department other than the root, or a directory that cannot
// say, is returned unchanged. A range that grants nobody is ErrNoRange; a
// failed read of the range is returned.
func InRange(ctx context.Context, p Params) (Params, error) {
	if p.Top != platform.RootDepartmentID || p.Tops != nil {
		return p, nil
	}
	rr, ok := p.Dir.(platform.ContactRangeReader)
	if !ok {
		return p, nil
	}
	r, err := rr.ContactRange(ctx)
	if err != nil {
		return p, fmt.Errorf("reading the app's contact range: %w", err)
	}
	if r.All {
		return p, nil
	}
	if len(r.DepartmentIDs)+len(r.UserIDs) == 0 {
		return p, fmt.Errorf("%w: add departments or people to the app's range in the Feishu developer console, or set the sync's top department", ErrNoRange)
	}
	p.Tops = append([]string{}, r.DepartmentIDs...)
	p.Users = append([]string(nil), r.UserIDs...)
	return p, nil
}
