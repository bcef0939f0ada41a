package mirror

import (
	"context"
	"fmt"

	"imbridge/platform"
)

// maxDepth bounds a walk up the tree: Feishu allows 25 levels (reference
// §1.4); a longer chain can only be a loop.
const maxDepth = 32

// scope decides whether departments lie in the synced tree: a top
// department or below it. What the caller already knows to be in scope
// (rows a pull has just seen, or in-scope rows of the mirror for an event)
// is trusted; anything else is read from the directory up to a trusted row,
// the top (in scope) or the root above the top (outside), so a department
// that moved outside is told from one that moved under a part of the tree
// the mirror has not written yet. Answers and the departments read are
// remembered for the scope's life.
type scope struct {
	dir     platform.Directory
	tops    map[string]bool
	trusted func(ctx context.Context, id string) (bool, error)
	known   map[string]bool
	read    map[string]platform.DirDepartment
}

func newScope(dir platform.Directory, tops []string, trusted func(context.Context, string) (bool, error)) *scope {
	set := make(map[string]bool, len(tops))
	for _, t := range tops {
		set[t] = true
	}
	return &scope{dir: dir, tops: set, trusted: trusted, known: map[string]bool{}, read: map[string]platform.DirDepartment{}}
}

// in reports whether department id is in the synced tree. A department the
// app may no longer see (outside its contact range) or that no longer
// exists is not; an error is a failed read worth retrying, or a refusal of
// the app.
func (s *scope) in(ctx context.Context, id string) (bool, error) {
	return s.walk(ctx, id, 0)
}

func (s *scope) walk(ctx context.Context, id string, depth int) (bool, error) {
	switch {
	case s.tops[id]:
		return true, nil
	case id == "" || id == platform.RootDepartmentID || depth > maxDepth:
		return false, nil // above the top without meeting it
	}
	if v, ok := s.known[id]; ok {
		return v, nil
	}
	if ok, err := s.trusted(ctx, id); err != nil || ok {
		return ok, err
	}
	d, err := s.department(ctx, id)
	if err != nil {
		if c := platform.ClassOf(err); c == platform.ClassOutOfRange || c == platform.ClassNotFound {
			s.known[id] = false
			return false, nil
		}
		return false, err
	}
	in := false
	if !d.Deleted {
		if in, err = s.walk(ctx, d.ParentID, depth+1); err != nil {
			return false, err
		}
	}
	s.known[id] = in
	return in, nil
}

// department reads a department once per scope.
func (s *scope) department(ctx context.Context, id string) (platform.DirDepartment, error) {
	if d, ok := s.read[id]; ok {
		return d, nil
	}
	d, err := s.dir.Department(ctx, id)
	if err != nil {
		return d, fmt.Errorf("reading department %s: %w", id, err)
	}
	s.read[id] = d
	return d, nil
}

// anyIn reports whether any of the departments is in scope.
func (s *scope) anyIn(ctx context.Context, ids []string) (bool, error) {
	for _, id := range ids {
		ok, err := s.in(ctx, id)
		if err != nil || ok {
			return ok, err
		}
	}
	return false, nil
}
