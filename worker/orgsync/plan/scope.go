package plan

import "fmt"

// scope is the profile's 范围设置 (seed 003 §4.2.3 (2)) resolved against the
// OA directory. It applies to oa_to_im only.
//
// Rules:
//   - nothing set (no departments, no included users): everything is synced
//     (系统默认会将系统中的所有部门及用户数据同步);
//   - a user is synced when (their primary department is in the subtree of a
//     scoped department, or they are in UsersInclude) and they are not in
//     UsersExclude — exclude wins;
//   - UsersInclude alone (no departments) syncs only those users: read as
//     "everything plus these" it would change nothing;
//   - the departments synced are the scoped subtrees, their ancestors (so
//     the tree keeps its levels, which matching depends on), and the
//     primary departments of included users with their ancestors. Part-time
//     departments outside that set are not synced and not pulled in.
type scope struct {
	all              bool
	depts            map[string]bool // departments synced
	subtree          map[string]bool // departments whose users are synced
	include, exclude map[string]bool
}

func newScope(v *view) (*scope, error) {
	sc := v.p.Scope
	s := &scope{
		all:     len(sc.Departments) == 0 && len(sc.UsersInclude) == 0,
		include: set(sc.UsersInclude),
		exclude: set(sc.UsersExclude),
	}
	if s.all {
		return s, nil
	}
	x := v.src
	for i, k := range sc.Departments {
		if x.depts[k] == nil {
			// A scope that silently lost a department would turn its people
			// into "left scope" removals.
			return nil, &InputError{Field: fmt.Sprintf("profile.scope.departments[%d]", i),
				Rule: fmt.Sprintf("OA department %q is not in the OA directory: remove it from the scope or import it", k)}
		}
	}
	roots := set(sc.Departments)
	s.subtree = make(map[string]bool)
	s.depts = make(map[string]bool)
	for key := range x.depts {
		// walk up to the first scoped ancestor (or the root)
		for k := key; k != ""; {
			if roots[k] {
				s.subtree[key] = true
				break
			}
			d := x.depts[k]
			if d == nil {
				break
			}
			k = d.parent
		}
	}
	for key := range s.subtree {
		s.depts[key] = true
	}
	chain := func(key string) {
		for k := key; k != "" && !s.depts[k]; {
			s.depts[k] = true
			d := x.depts[k]
			if d == nil {
				break
			}
			k = d.parent
		}
	}
	for _, k := range sc.Departments {
		if d := x.depts[k]; d != nil {
			chain(d.parent)
		}
	}
	for _, k := range sc.UsersInclude {
		if u := x.users[k]; u != nil && !s.exclude[k] {
			chain(x.primary(u))
		}
	}
	return s, nil
}

// user says whether the source user u is synced.
func (s *scope) user(x *index, u *User) bool {
	if u.State == UserOutOfScope || s.exclude[u.Key] {
		return false
	}
	return s.all || s.include[u.Key] || s.subtree[x.primary(u)]
}

// dept says whether the source department key is synced.
func (s *scope) dept(key string) bool { return s.all || s.depts[key] }

func set(keys []string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// inScope says whether the source user is synced: the profile's scope in
// oa_to_im, else anything the source can see.
func (v *view) inScope(u *User) bool {
	if v.scope != nil {
		return v.scope.user(v.src, u)
	}
	return u.State != UserOutOfScope
}

// deptInScope says whether the source department key is synced.
func (v *view) deptInScope(key string) bool { return v.scope == nil || v.scope.dept(key) }
