package oaimport

import (
	"fmt"
	"math/rand/v2"
)

// Generate returns a deterministic, valid directory of the given size, for
// benchmarks, load tests and the demo tenant: one root department and a
// random tree under it (depth grows like log n, as real org charts do), users
// with Chinese names, unique mainland mobiles and e-mails, one primary
// department each and a part-time one for about 30% of them. The same
// arguments always give the same directory.
func Generate(users, departments int, seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	in := Input{
		Departments: make([]Department, departments),
		Users:       make([]User, users),
		Complete:    true,
	}
	for i := range in.Departments {
		d := Department{ExternalID: fmt.Sprintf("D%05d", i), Order: i}
		if i == 0 {
			d.Name = "总公司"
		} else {
			d.Name = fmt.Sprintf("%s%d", deptNames[rng.IntN(len(deptNames))], i)
			d.ParentExternalID = in.Departments[rng.IntN(i)].ExternalID
		}
		in.Departments[i] = d
	}
	for i := range in.Users {
		u := User{
			ExternalID: fmt.Sprintf("U%06d", i),
			Name:       surnames[rng.IntN(len(surnames))] + givenNames[rng.IntN(len(givenNames))],
			Mobile:     fmt.Sprintf("13%09d", i),
			Email:      fmt.Sprintf("u%06d@example.com", i),
			EmployeeNo: fmt.Sprintf("E%06d", i),
			Title:      titles[rng.IntN(len(titles))],
		}
		if departments > 0 {
			primary := rng.IntN(departments)
			u.Memberships = []Membership{{DepartmentExternalID: in.Departments[primary].ExternalID, Primary: true, Order: i}}
			if departments > 1 && rng.IntN(10) < 3 {
				extra := (primary + 1 + rng.IntN(departments-1)) % departments
				u.Memberships = append(u.Memberships, Membership{DepartmentExternalID: in.Departments[extra].ExternalID, Order: i})
			}
		}
		in.Users[i] = u
	}
	return in
}

var (
	deptNames  = []string{"研发部", "产品部", "市场部", "销售部", "财务部", "人事部", "行政部", "法务部", "运营部", "客服部", "采购部", "质量部"}
	surnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"}
	givenNames = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"}
	titles     = []string{"工程师", "高级工程师", "经理", "总监", "专员", "主管", "助理", "顾问"}
)
