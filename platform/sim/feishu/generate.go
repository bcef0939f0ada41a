package feishu

import (
	"fmt"
	"math/rand"
	"strconv"
	"time"
)

// GenOptions shape a generated directory. Zero fields take the defaults
// noted; the same options always produce the same directory.
type GenOptions struct {
	Name          string  // tenant name, default "模拟科技有限公司"
	TenantKey     string  // default "sim-tenant"
	EmailDomain   string  // default "simcorp.cn"
	Users         int     // default 100
	Departments   int     // default 10
	Depth         int     // levels below the root, default 3 (max 25)
	FanOut        int     // children per department before going deeper, default 5
	PartTimeRatio float64 // share of users in 2+ departments
	ResignedRatio float64 // share of users already resigned
	// RootMemberRatio is the share of users placed directly under the root
	// ("0"), as is common in small companies.
	RootMemberRatio float64
	Seed            int64
}

func (g *GenOptions) defaults() {
	if g.Name == "" {
		g.Name = "模拟科技有限公司"
	}
	if g.TenantKey == "" {
		g.TenantKey = "sim-tenant"
	}
	if g.EmailDomain == "" {
		g.EmailDomain = "simcorp.cn"
	}
	if g.Users <= 0 {
		g.Users = 100
	}
	if g.Departments <= 0 {
		g.Departments = 10
	}
	if g.Depth <= 0 {
		g.Depth = 3
	}
	g.Depth = min(g.Depth, maxDepartmentDepth)
	if g.FanOut <= 0 {
		g.FanOut = 5
	}
}

// Generate builds a realistic Chinese organisation: named departments in a
// tree, people with common names (duplicates happen, as in real life),
// unique mobiles and e-mails, employee numbers, titles, leaders, part-time
// memberships and a few resigned users. It inserts directly (no events, no
// per-item validation), so 100k users take well under a second.
func Generate(opts GenOptions) *Org {
	opts.defaults()
	o := NewOrg(opts.Name, opts.TenantKey)
	// Presized maps: growing them is most of the cost at 100k users.
	o.users = make(map[string]*User, opts.Users)
	o.byUnion = make(map[string]string, opts.Users)
	o.byMobile = make(map[string]string, opts.Users)
	o.byEmail = make(map[string]string, opts.Users)
	o.depts = make(map[string]*Department, opts.Departments)
	o.deptByOpen = make(map[string]string, opts.Departments)
	rng := rand.New(rand.NewSource(opts.Seed))
	o.mu.Lock()
	defer o.mu.Unlock()

	depts := genDepartments(o, rng, opts)
	genUsers(o, rng, opts, depts)
	return o
}

type genNode struct {
	id    string
	level int
}

// genDepartments fills the tree breadth first, FanOut children per node down
// to Depth; if that cannot hold Departments, it keeps adding children to
// nodes above the last level round-robin.
func genDepartments(o *Org, rng *rand.Rand, g GenOptions) []string {
	ids := make([]string, 0, g.Departments)
	queue := []genNode{{RootDepartmentID, 0}}
	usedNames := map[string]map[string]bool{}
	for len(ids) < g.Departments {
		if len(queue) == 0 {
			for _, id := range ids {
				if lvl := o.depthLocked(id); lvl < g.Depth {
					queue = append(queue, genNode{id, lvl})
				}
			}
			if len(queue) == 0 {
				queue = append(queue, genNode{RootDepartmentID, 0})
			}
		}
		parent := queue[0]
		queue = queue[1:]
		if parent.level >= g.Depth {
			continue
		}
		for k := 0; k < g.FanOut && len(ids) < g.Departments; k++ {
			d := &Department{ParentID: parent.id, Name: deptName(rng, parent.id, usedNames),
				Order: len(o.children[parent.id])}
			o.insertDeptLocked(d)
			ids = append(ids, d.DepartmentID)
			queue = append(queue, genNode{d.DepartmentID, parent.level + 1})
		}
	}
	return ids
}

// deptName picks a name unique among the parent's children: a pool name,
// then the same with a city in front, then numbered.
func deptName(rng *rand.Rand, parent string, used map[string]map[string]bool) string {
	pool := subDepartments
	if parent == RootDepartmentID {
		pool = topDepartments
	}
	if used[parent] == nil {
		used[parent] = map[string]bool{}
	}
	taken := used[parent]
	name := pool[rng.Intn(len(pool))]
	if taken[name] {
		name = cities[rng.Intn(len(cities))] + name
	}
	for i := 2; taken[name]; i++ {
		name = fmt.Sprintf("%s%d", pool[rng.Intn(len(pool))], i)
	}
	taken[name] = true
	return name
}

func genUsers(o *Org, rng *rand.Rand, g GenOptions, depts []string) {
	emailUsed := make(map[string]int, g.Users)
	// Mobile numbers: i*7919 mod 1e8 is a bijection on [0,1e8), so numbers
	// are unique without a lookup; the prefix varies with i too.
	offset := rng.Int63n(100_000_000)
	base := time.Date(2012, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)).Unix()
	for i := 0; i < g.Users; i++ {
		// Skew toward frequent surnames: square of a uniform draw.
		f := rng.Float64()
		sur := surnames[int(f*f*float64(len(surnames)))]
		given := givenChars[rng.Intn(len(givenChars))]
		name, py := sur.han+given.han, given.pinyin
		if rng.Intn(3) > 0 {
			g2 := givenChars[rng.Intn(len(givenChars))]
			name, py = name+g2.han, py+g2.pinyin
		}
		local := py + "." + sur.pinyin
		emailUsed[local]++
		if n := emailUsed[local]; n > 1 {
			local += strconv.Itoa(n)
		}
		num := (int64(i)*7919 + offset) % 100_000_000
		u := &User{
			Name:         name,
			EnName:       capitalize(py) + " " + capitalize(sur.pinyin),
			Email:        local + "@" + g.EmailDomain,
			Mobile:       fmt.Sprintf("+86%s%08d", mobilePrefixes[i%len(mobilePrefixes)], num),
			Gender:       1 + rng.Intn(2),
			City:         cities[rng.Intn(len(cities))],
			EmployeeNo:   fmt.Sprintf("E%06d", i+1),
			EmployeeType: employeeType(rng),
			JobTitle:     jobTitles[rng.Intn(len(jobTitles))],
			JoinTime:     base + rng.Int63n(12*365*24*3600),
		}
		u.DepartmentIDs = []string{depts[rng.Intn(len(depts))]}
		if rng.Float64() < g.PartTimeRatio && len(depts) > 1 {
			extra := 1 + rng.Intn(2)
			for k := 0; k < extra; k++ {
				d := depts[rng.Intn(len(depts))]
				if !contains(u.DepartmentIDs, d) {
					u.DepartmentIDs = append(u.DepartmentIDs, d)
				}
			}
		}
		// Drawn only when asked for, so other options keep their directories.
		if g.RootMemberRatio > 0 && rng.Float64() < g.RootMemberRatio {
			u.DepartmentIDs = []string{RootDepartmentID}
		}
		u.Resigned = rng.Float64() < g.ResignedRatio
		o.insertUserLocked(u)
	}
	assignLeaders(o, depts)
}

// assignLeaders makes each department's first primary member its leader and
// gives every user the leader of the primary department (or of the nearest
// ancestor that has one) as direct leader. Leaders are chosen among primary
// members so leader chains always go up the tree and never loop.
func assignLeaders(o *Org, depts []string) {
	for _, id := range depts {
		for _, m := range o.members[id] {
			if o.users[m].DepartmentIDs[0] == id {
				o.depts[id].LeaderUserID = m
				break
			}
		}
	}
	for _, u := range o.users {
		for d := u.DepartmentIDs[0]; d != RootDepartmentID; d = o.depts[d].ParentID {
			if l := o.depts[d].LeaderUserID; l != "" && l != u.UserID {
				u.LeaderUserID = l
				break
			}
		}
	}
}

func employeeType(rng *rand.Rand) int {
	switch r := rng.Intn(100); {
	case r < 85:
		return 1
	case r < 93:
		return 2
	case r < 98:
		return 3
	default:
		return 5
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
