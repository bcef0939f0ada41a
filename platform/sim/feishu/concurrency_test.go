package feishu

import (
	"fmt"
	"sync"
	"testing"
	"time"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// TestConcurrentUse runs reads, API writes, helper writes, snapshots and
// runtime reconfiguration at once; its value is under -race.
func TestConcurrentUse(t *testing.T) {
	org := Generate(GenOptions{Users: 300, Departments: 30, Depth: 3, FanOut: 4, Seed: 8})
	e := newEnv(t, Config{Org: org, RateLimit: RateLimit{Disabled: true}})
	rc := newReceiver(t, "vt", "ek")
	e.sim.SetEventSubscription(e.appID, rc.srv.URL, "ek", "vt")
	c := ctx(t)
	depts := org.Children(RootDepartmentID)

	var wg sync.WaitGroup
	errs := make(chan error, 100)
	run := func(f func(i int) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				if err := f(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	run(func(i int) error {
		r, err := e.client.Contact.Department.Children(c, larkcontact.NewChildrenDepartmentReqBuilder().
			DepartmentId("0").FetchChild(true).PageSize(50).Build())
		if err != nil || !r.Success() {
			return fmt.Errorf("children: %v %+v", err, r)
		}
		return nil
	})
	run(func(i int) error {
		r, err := e.client.Contact.User.FindByDepartment(c, larkcontact.NewFindByDepartmentUserReqBuilder().
			DepartmentId(depts[i%len(depts)]).DepartmentIdType("department_id").PageSize(50).Build())
		if err != nil || !r.Success() {
			return fmt.Errorf("find: %v %+v", err, r)
		}
		return nil
	})
	run(func(i int) error {
		r, err := e.client.Contact.Department.Create(c, larkcontact.NewCreateDepartmentReqBuilder().
			Department(larkcontact.NewDepartmentBuilder().Name(fmt.Sprintf("并发%d", i)).ParentDepartmentId("0").Build()).Build())
		if err != nil || !r.Success() {
			return fmt.Errorf("create dept: %v %+v", err, r)
		}
		return nil
	})
	run(func(i int) error {
		_, err := org.CreateUser(User{Name: "并发用户", Mobile: fmt.Sprintf("+86170%08d", i), DepartmentIDs: []string{depts[0]}})
		return err
	})
	run(func(i int) error {
		uid := org.Members(depts[1])[0]
		_, err := org.UpdateUser(uid, func(u *User) { u.JobTitle = fmt.Sprint("职务", i) })
		return err
	})
	run(func(i int) error {
		_ = org.Snapshot()
		_ = e.sim.Requests()
		_ = e.sim.Deliveries()
		e.sim.SetLatency(time.Duration(i%2) * time.Millisecond)
		return nil
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	waitEvents(t, e.sim)
	for _, d := range e.sim.Deliveries() {
		if !d.Delivered {
			t.Fatalf("undelivered: %+v", d)
		}
	}
}
