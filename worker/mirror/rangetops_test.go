package mirror_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"imbridge/platform"
	"imbridge/worker/mirror"
)

// rangeDir is a directory that reports a contact range and nothing else.
type rangeDir struct {
	platform.Directory
	r platform.ContactRange
}

func (d rangeDir) ContactRange(context.Context) (platform.ContactRange, error) { return d.r, nil }

func TestInRangeStartsFromWhatTheRangeGrants(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		top  string
		r    platform.ContactRange
		want []string
		err  error
	}{
		{"all members: from the root", platform.RootDepartmentID, platform.ContactRange{All: true, DepartmentIDs: []string{"a"}}, nil, nil},
		{"narrow: the granted departments", platform.RootDepartmentID, platform.ContactRange{DepartmentIDs: []string{"a", "b"}}, []string{"a", "b"}, nil},
		{"a top department: unchanged", "a", platform.ContactRange{DepartmentIDs: []string{"b"}}, nil, nil},
		{"people only: no department, the people", platform.RootDepartmentID, platform.ContactRange{UserIDs: []string{"u"}}, []string{}, nil},
		{"nobody: nothing to pull", platform.RootDepartmentID, platform.ContactRange{}, nil, mirror.ErrNoRange},
	} {
		p, err := mirror.InRange(ctx, mirror.Params{Dir: rangeDir{r: c.r}, Top: c.top})
		if !errors.Is(err, c.err) || (c.err == nil && err != nil) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.err)
			continue
		}
		if c.err == nil && (!slices.Equal(p.Tops, c.want) || (p.Tops == nil) != (c.want == nil) || p.Top != c.top) {
			t.Errorf("%s: tops %#v top %q, want %#v %q", c.name, p.Tops, p.Top, c.want, c.top)
		}
		if narrow := c.err == nil && c.want != nil; narrow && !slices.Equal(p.Users, c.r.UserIDs) {
			t.Errorf("%s: users %v, want the granted %v", c.name, p.Users, c.r.UserIDs)
		}
	}
}
