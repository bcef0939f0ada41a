package wecom

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"sync"
)

// Department is a simulated department: WeCom's fields (department/get).
type Department struct {
	ID       int
	Name     string
	ParentID int // 0 for the root (id 1)
	Order    int
}

// User is a simulated member: WeCom's fields (user/get).
type User struct {
	UserID         string
	Name           string
	Departments    []int
	Orders         []int
	MainDepartment int
	Position       string
	Mobile         string // as WeCom shows it: 11 digits for mainland numbers
	Email          string
	Gender         string
	Status         int // 1 已激活, 2 已禁用, 4 未激活, 5 退出企业
	Enable         int
	// EmployeeNo is kept in the custom field 工号 (扩展属性), as corps do.
	EmployeeNo string
}

// Org is a simulated enterprise directory. Safe for concurrent use.
type Org struct {
	CorpID string
	Name   string

	mu       sync.RWMutex
	depts    map[int]*Department
	users    map[string]*User // by lower-case userid: unique case-insensitively
	nextID   int
	onChange func(Change)

	// idxMu guards byDept, the members of each department sorted by
	// userid, built on demand by user/list and dropped by every write
	// (lock): without it each user/list scanned every member, which made
	// the simulator, not the bridge, the cost of a 20k-member pull in
	// the benchmarks that run both in one process.
	idxMu  sync.Mutex
	byDept map[int][]*User
}

// lock takes the write lock and drops the department index: every change
// to the org goes through it.
func (o *Org) lock() {
	o.mu.Lock()
	o.byDept = nil
}

// members lists the members directly in department id, sorted by userid;
// o.mu held (read or write).
func (o *Org) members(id int) []*User {
	o.idxMu.Lock()
	defer o.idxMu.Unlock()
	if o.byDept == nil {
		o.byDept = map[int][]*User{}
		for _, u := range o.users {
			for _, d := range u.Departments {
				if !slices.Contains(o.byDept[d], u) {
					o.byDept[d] = append(o.byDept[d], u)
				}
			}
		}
		for _, us := range o.byDept {
			slices.SortFunc(us, func(a, b *User) int { return strings.Compare(a.UserID, b.UserID) })
		}
	}
	return o.byDept[id]
}

// Change is a contact change, pushed as a change_contact event.
type Change struct {
	ChangeType string // create_user, update_user, delete_user, create_party, update_party, delete_party
	UserID     string
	PartyID    int
	// Name and Position of a user event: WeCom's events carry the member's
	// changed fields (the simulator sends these two as they are now).
	Name, Position string
}

// NewOrg makes an enterprise with its root department (id 1, named after it).
func NewOrg(name, corpID string) *Org {
	o := &Org{CorpID: corpID, Name: name, depts: map[int]*Department{}, users: map[string]*User{}, nextID: 2}
	o.depts[1] = &Department{ID: 1, Name: name, ParentID: 0}
	return o
}

func (o *Org) notify(c Change) {
	if o.onChange != nil {
		o.onChange(c)
	}
}

// AddDepartment inserts a department (no event); id 0 assigns the next.
func (o *Org) AddDepartment(d Department) int {
	o.lock()
	defer o.mu.Unlock()
	return o.addDepartment(d)
}

func (o *Org) addDepartment(d Department) int {
	if d.ID == 0 {
		for o.depts[o.nextID] != nil {
			o.nextID++
		}
		d.ID = o.nextID
	}
	o.depts[d.ID] = &d
	return d.ID
}

// AddUser inserts a member (no event).
func (o *Org) AddUser(u User) {
	o.lock()
	defer o.mu.Unlock()
	o.addUser(u)
}

func (o *Org) addUser(u User) {
	if u.Status == 0 {
		u.Status = 1
	}
	if u.MainDepartment == 0 && len(u.Departments) > 0 {
		u.MainDepartment = u.Departments[0]
	}
	for len(u.Orders) < len(u.Departments) {
		u.Orders = append(u.Orders, 0)
	}
	o.users[lower(u.UserID)] = &u
}

// Departments returns a copy of every department, by id.
func (o *Org) Departments() []Department {
	o.mu.RLock()
	defer o.mu.RUnlock()
	out := make([]Department, 0, len(o.depts))
	for _, d := range o.depts {
		out = append(out, *d)
	}
	slices.SortFunc(out, func(a, b Department) int { return a.ID - b.ID })
	return out
}

// User returns a member by userid.
func (o *Org) User(id string) (User, bool) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	u, ok := o.users[lower(id)]
	if !ok {
		return User{}, false
	}
	return cloneUser(u), true
}

// Users returns every member.
func (o *Org) Users() []User {
	o.mu.RLock()
	defer o.mu.RUnlock()
	out := make([]User, 0, len(o.users))
	for _, u := range o.users {
		out = append(out, cloneUser(u))
	}
	slices.SortFunc(out, func(a, b User) int {
		if a.UserID < b.UserID {
			return -1
		}
		return 1
	})
	return out
}

// UpdateUser changes a member through fn and pushes update_user.
func (o *Org) UpdateUser(id string, fn func(*User)) bool {
	o.lock()
	u, ok := o.users[lower(id)]
	if ok {
		fn(u)
	}
	var c Change
	if ok {
		c = Change{ChangeType: "update_user", UserID: u.UserID, Name: u.Name, Position: u.Position}
	}
	o.mu.Unlock()
	if ok {
		o.notify(c)
	}
	return ok
}

func cloneUser(u *User) User {
	c := *u
	c.Departments = slices.Clone(u.Departments)
	c.Orders = slices.Clone(u.Orders)
	return c
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// subtree lists id and every department below it.
func (o *Org) subtree(id int) []*Department {
	children := map[int][]*Department{}
	for _, d := range o.depts {
		children[d.ParentID] = append(children[d.ParentID], d)
	}
	var out []*Department
	queue := []int{id}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if d := o.depts[cur]; d != nil {
			out = append(out, d)
		}
		kids := children[cur]
		slices.SortFunc(kids, func(a, b *Department) int { return a.ID - b.ID })
		for _, k := range kids {
			if k.ID != cur {
				queue = append(queue, k.ID)
			}
		}
	}
	return out
}

// GenOptions shape a generated enterprise; the same options give the same
// directory.
type GenOptions struct {
	Name, CorpID string // default "模拟企业微信科技", "wwsim0000000000001"
	Users        int    // default 100
	Departments  int    // default 10 (besides the root)
	FanOut       int    // children per department, default 5
	// RootMemberRatio: the share of members directly in the root (id 1).
	RootMemberRatio float64
	PartTimeRatio   float64
	DisabledRatio   float64
	Seed            int64
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"}
	given    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "华", "平", "刚"}
	units    = []string{"研发", "产品", "市场", "销售", "财务", "人力", "行政", "法务", "运营", "客服", "采购", "质量"}
	titles   = []string{"工程师", "经理", "专员", "主管", "总监", "助理"}
)

// Generate builds an enterprise: departments in a tree under the root,
// members with Chinese names (duplicates happen), unique mainland mobiles
// and e-mails, part-time departments, some disabled, some in the root.
func Generate(g GenOptions) *Org {
	if g.Name == "" {
		g.Name = "模拟企业微信科技"
	}
	if g.CorpID == "" {
		g.CorpID = "wwsim0000000000001"
	}
	g.Users = max(g.Users, 1)
	if g.Departments <= 0 {
		g.Departments = 10
	}
	if g.FanOut <= 0 {
		g.FanOut = 5
	}
	rng := rand.New(rand.NewSource(g.Seed))
	o := NewOrg(g.Name, g.CorpID)
	ids := []int{}
	for i := 0; i < g.Departments; i++ {
		parent := 1 // the first FanOut under the root, then FanOut under each in turn
		if i >= g.FanOut {
			parent = ids[(i-g.FanOut)/g.FanOut]
		}
		name := fmt.Sprintf("%s%d部", units[i%len(units)], i/len(units)+1)
		id := o.addDepartment(Department{Name: name, ParentID: parent, Order: g.Departments - i})
		ids = append(ids, id)
	}
	for i := 0; i < g.Users; i++ {
		u := User{
			UserID:     fmt.Sprintf("u%06d", i+1),
			Name:       surnames[rng.Intn(len(surnames))] + given[rng.Intn(len(given))],
			Mobile:     fmt.Sprintf("139%08d", i+1),
			Email:      fmt.Sprintf("u%06d@simwework.cn", i+1),
			Position:   units[rng.Intn(len(units))] + titles[rng.Intn(len(titles))],
			Gender:     fmt.Sprint(1 + rng.Intn(2)),
			EmployeeNo: fmt.Sprintf("E%06d", i+1),
			Enable:     1, Status: 1,
		}
		if rng.Float64() < g.RootMemberRatio {
			u.Departments = []int{1}
		} else {
			u.Departments = []int{ids[rng.Intn(len(ids))]}
		}
		if rng.Float64() < g.PartTimeRatio {
			if d := ids[rng.Intn(len(ids))]; d != u.Departments[0] {
				u.Departments = append(u.Departments, d)
			}
		}
		if rng.Float64() < g.DisabledRatio {
			u.Status, u.Enable = 2, 0
		}
		o.addUser(u)
	}
	return o
}
