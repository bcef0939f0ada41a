package feishu

import (
	"fmt"
	"sort"
	"sync"
)

// Org is the simulated tenant directory. It is safe for concurrent use. Pages
// are served from per-department ordered slices (children and members) so a
// page costs O(page size), not O(users).
type Org struct {
	mu        sync.RWMutex
	name      string
	tenantKey string
	developer string

	depts      map[string]*Department // by department_id (root not stored)
	deptByOpen map[string]string      // open_department_id -> department_id
	children   map[string][]string    // department_id -> child ids ordered by Order
	users      map[string]*User       // by user_id
	byUnion    map[string]string
	byMobile   map[string]string // current users only
	byEmail    map[string]string // current users only
	goneMobile map[string]string // resigned users, for batch_get_id include_resigned
	goneEmail  map[string]string
	members    map[string][]string
	seq        int

	subtree map[string][]string // fetch_child cache, cleared on any department change

	idxMu     sync.Mutex
	openIndex map[string]map[string]string // app id -> open_id -> user_id, built lazily

	listenMu sync.RWMutex
	owner    any // the Server whose listener is installed
	listener func(Change)
}

// NewOrg returns an empty directory (root only). tenantKey also seeds the
// derived ids, so two orgs with the same key produce the same ids.
func NewOrg(name, tenantKey string) *Org {
	return &Org{
		name:       name,
		tenantKey:  tenantKey,
		developer:  "dev-" + tenantKey,
		depts:      map[string]*Department{},
		deptByOpen: map[string]string{},
		children:   map[string][]string{},
		users:      map[string]*User{},
		byUnion:    map[string]string{},
		byMobile:   map[string]string{},
		byEmail:    map[string]string{},
		goneMobile: map[string]string{},
		goneEmail:  map[string]string{},
		members:    map[string][]string{},
		subtree:    map[string][]string{},
		openIndex:  map[string]map[string]string{},
	}
}

// Name is the tenant's name (the root department's name).
func (o *Org) Name() string { return o.name }

// TenantKey is the tenant_key put into event headers.
func (o *Org) TenantKey() string { return o.tenantKey }

// setListener installs the hook a server uses to turn changes into events.
// One Org feeds one Server at a time; the latest New wins.
func (o *Org) setListener(owner any, fn func(Change)) {
	o.listenMu.Lock()
	o.owner, o.listener = owner, fn
	o.listenMu.Unlock()
}

// clearListener removes owner's hook, unless another server took over since.
func (o *Org) clearListener(owner any) {
	o.listenMu.Lock()
	if o.owner == owner {
		o.owner, o.listener = nil, nil
	}
	o.listenMu.Unlock()
}

func (o *Org) emit(changes ...Change) {
	o.listenMu.RLock()
	fn := o.listener
	o.listenMu.RUnlock()
	if fn == nil {
		return
	}
	for _, c := range changes {
		fn(c)
	}
}

// Department returns a copy of the department, or false.
func (o *Org) Department(departmentID string) (Department, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	d, ok := o.depts[departmentID]
	if !ok {
		return Department{}, false
	}
	return d.clone(), true
}

// User returns a copy of the user (resigned ones included), or false.
func (o *Org) User(userID string) (User, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	u, ok := o.users[userID]
	if !ok {
		return User{}, false
	}
	return u.clone(), true
}

// Children returns the department_ids of the direct children, in order.
func (o *Org) Children(departmentID string) []string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return append([]string(nil), o.children[departmentID]...)
}

// Members returns the user_ids of the current direct members, in order.
func (o *Org) Members(departmentID string) []string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return append([]string(nil), o.members[departmentID]...)
}

// OpenID is the open_id of a user for an app (a convenience over OpenID).
func (o *Org) OpenID(appID, userID string) string { return OpenID(appID, userID) }

// UserIDByOpenID resolves an app's open_id back to the user_id.
func (o *Org) UserIDByOpenID(appID, openID string) (string, bool) {
	o.idxMu.Lock()
	idx, ok := o.openIndex[appID]
	if !ok {
		o.mu.RLock()
		idx = make(map[string]string, len(o.users))
		for id := range o.users {
			idx[OpenID(appID, id)] = id
		}
		o.mu.RUnlock()
		o.openIndex[appID] = idx
	}
	id, ok := idx[openID]
	o.idxMu.Unlock()
	return id, ok
}

// indexOpenIDs adds a new user to every open_id index already built.
func (o *Org) indexOpenIDs(userID string) {
	o.idxMu.Lock()
	for app, idx := range o.openIndex {
		idx[OpenID(app, userID)] = userID
	}
	o.idxMu.Unlock()
}

// Snapshot is a deep copy of the whole directory, for exact comparisons.
type Snapshot struct {
	Departments []Department // pre-order from the root (parents before children)
	Users       []User       // all users incl. resigned, sorted by user_id
}

// Snapshot copies the directory under one lock, so it is consistent.
func (o *Org) Snapshot() Snapshot {
	o.mu.RLock()
	defer o.mu.RUnlock()
	var s Snapshot
	for _, id := range o.walkLocked(RootDepartmentID) {
		s.Departments = append(s.Departments, o.depts[id].clone())
	}
	s.Users = make([]User, 0, len(o.users))
	for _, u := range o.users {
		s.Users = append(s.Users, u.clone())
	}
	sort.Slice(s.Users, func(i, j int) bool { return s.Users[i].UserID < s.Users[j].UserID })
	return s
}

// OrgStats are cheap counters of the directory.
type OrgStats struct {
	Departments, Users, ActiveUsers int
}

// Stats counts departments and users.
func (o *Org) Stats() OrgStats {
	o.mu.RLock()
	defer o.mu.RUnlock()
	st := OrgStats{Departments: len(o.depts), Users: len(o.users)}
	for _, u := range o.users {
		if !u.Resigned {
			st.ActiveUsers++
		}
	}
	return st
}

// subtreeLocked lists every descendant of id in pre-order. Cached until the
// next department change, so fetch_child pages stay cheap. It writes the
// cache: callers hold the write lock.
func (o *Org) subtreeLocked(id string) []string {
	if s, ok := o.subtree[id]; ok {
		return s
	}
	out := o.walkLocked(id)
	o.subtree[id] = out
	return out
}

// walkLocked lists the descendants of id in pre-order without caching, so
// read-lock holders can use it.
func (o *Org) walkLocked(id string) []string {
	var out []string
	var walk func(string)
	walk = func(p string) {
		for _, c := range o.children[p] {
			out = append(out, c)
			walk(c)
		}
	}
	walk(id)
	return out
}

// subtreeOf is subtreeLocked for callers holding no lock: a cache miss is
// filled under the write lock. The returned slice must not be modified.
func (o *Org) subtreeOf(id string) []string {
	o.mu.RLock()
	s, ok := o.subtree[id]
	o.mu.RUnlock()
	if ok {
		return s
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.subtreeLocked(id)
}

func (o *Org) depthLocked(id string) int {
	n := 0
	for id != RootDepartmentID {
		d, ok := o.depts[id]
		if !ok {
			break
		}
		id = d.ParentID
		n++
	}
	return n
}

// insertChildLocked keeps children ordered by Order, ties in insertion order.
func (o *Org) insertChildLocked(parent, id string) {
	list := o.children[parent]
	ord := o.depts[id].Order
	i := sort.Search(len(list), func(i int) bool { return o.depts[list[i]].Order > ord })
	list = append(list, "")
	copy(list[i+1:], list[i:])
	list[i] = id
	o.children[parent] = list
}

func removeString(list []string, v string) []string {
	for i, x := range list {
		if x == v {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

func (o *Org) nextSeq() int { o.seq++; return o.seq }

func (o *Org) newDepartmentIDLocked() string {
	for {
		id := fmt.Sprintf("D%06d", o.nextSeq())
		if _, ok := o.depts[id]; !ok {
			return id
		}
	}
}

func (o *Org) newUserIDLocked() string {
	for {
		id := hashID("", o.tenantKey, "user", fmt.Sprint(o.nextSeq()))[:8]
		if _, ok := o.users[id]; !ok {
			return id
		}
	}
}

func (o *Org) deptExistsLocked(id string) bool {
	if id == RootDepartmentID {
		return true
	}
	_, ok := o.depts[id]
	return ok
}
