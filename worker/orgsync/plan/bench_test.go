package plan

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchInput generates, deterministically, an organisation of `users`
// people in `depts` departments on both sides, mostly matching: 95% of
// departments bound, 3% matched by name, 2% new, 1% renamed, 0.5% moved;
// 92% of users bound, 5% auto-bound by mobile, 3% new in the OA, and
// IM-only people (2% more); 5% with a changed title, 2% moved, 1% resigned, 0.5% back
// from a disable; 30% with a part-time department.
func benchInput(users, depts int) Input {
	r := rand.New(rand.NewPCG(42, 7))
	in := Input{Profile: Profile{Mode: ModeOAToIM, Permission: ReadWrite, CreateUsers: true, IncludePartTime: true,
		MoveDisabled: true, AutoBindField: FieldMobile, Threshold: Threshold{Count: 5000, Percent: 10}},
		PreviousImport: &PreviousImport{Users: users}}
	oaD := make([]Department, 0, depts)
	imD := make([]Department, 0, depts)
	oaD = append(oaD, Department{Key: "od0", Name: "集团"})
	imD = append(imD, Department{Key: "id0", Name: "集团"})
	in.DepartmentBindings = append(in.DepartmentBindings, DepartmentBinding{OAKey: "od0", IMKey: "id0"})
	imKey := map[string]string{"od0": "id0"}
	for i := 1; i < depts; i++ {
		parent := oaD[(i-1)/10] // ten children each: four levels below the root
		o := Department{Key: fmt.Sprintf("od%d", i), ParentKey: parent.Key, Name: fmt.Sprintf("部门%d", i), Order: i % 10}
		oaD = append(oaD, o)
		x := r.IntN(1000)
		if x < 20 { // new in the OA
			continue
		}
		m := Department{Key: fmt.Sprintf("id%d", i), ParentKey: imKey[parent.Key], Name: o.Name, Order: o.Order}
		if m.ParentKey == "" {
			m.ParentKey = "id0" // under a department the IM lacks: placed at the top, so the plan moves it
		}
		switch {
		case x < 30:
			m.Name += "（旧）"
		case x < 35 && i > 10:
			m.ParentKey = "id0"
		}
		imD = append(imD, m)
		imKey[o.Key] = m.Key
		if x < 35 || x >= 65 { // 3% unbound: matched by name
			in.DepartmentBindings = append(in.DepartmentBindings, DepartmentBinding{OAKey: o.Key, IMKey: m.Key})
		}
	}
	oaU := make([]User, 0, users)
	imU := make([]User, 0, users)
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for i := range users {
		dp := oaD[r.IntN(len(oaD))]
		o := User{Key: fmt.Sprintf("ou%d", i), Name: fmt.Sprintf("员工%d", i), Mobile: fmt.Sprintf("+86139%08d", i),
			Email: fmt.Sprintf("e%d@corp.cn", i), EmployeeNo: fmt.Sprintf("E%06d", i), Title: "工程师", PrimaryDepartment: dp.Key}
		if r.IntN(10) < 3 {
			o.PartTimeDepartments = []string{oaD[r.IntN(len(oaD))].Key}
		}
		x := r.IntN(1000)
		if x < 10 {
			o.State = UserResigned
		}
		oaU = append(oaU, o)
		if x >= 970 && x < 1000 { // new in the OA
			continue
		}
		m := User{Key: fmt.Sprintf("iu%d", i), Name: o.Name, Mobile: o.Mobile, Email: o.Email, EmployeeNo: o.EmployeeNo, Title: o.Title}
		m.PrimaryDepartment = imKey[o.PrimaryDepartment]
		if m.PrimaryDepartment == "" {
			m.PrimaryDepartment = "id0"
		}
		for _, k := range o.PartTimeDepartments {
			if ik := imKey[k]; ik != "" {
				m.PartTimeDepartments = append(m.PartTimeDepartments, ik)
			}
		}
		switch {
		case x >= 10 && x < 60:
			m.Title = "高级工程师"
		case x >= 60 && x < 80:
			m.PrimaryDepartment = imD[r.IntN(len(imD))].Key
		case x >= 80 && x < 85:
			at := now.AddDate(0, 0, -3)
			m.State, m.DisabledAt = UserDisabled, &at
		}
		imU = append(imU, m)
		if x < 920 {
			in.UserBindings = append(in.UserBindings, UserBinding{OAKey: o.Key, IMKey: m.Key, Method: BindManual})
		}
	}
	for i := range users / 50 { // IM-only people
		imU = append(imU, User{Key: fmt.Sprintf("ix%d", i), Name: "外包", Mobile: fmt.Sprintf("+86138%08d", i), PrimaryDepartment: "id0"})
	}
	in.OA = Directory{Departments: oaD, Users: oaU}
	in.IM = Directory{Departments: imD, Users: imU}
	return in
}

// BenchmarkPlan100k plans 100,000 OA × 99,000 IM users in 5,000
// departments (issue 8: ≤ 5 s, ≤ 500 MB). peak-heap-MB is the highest
// HeapAlloc sampled (runtime.ReadMemStats every 10 ms) while planning,
// input included; peak-RSS-MB is the process's VmHWM (input generation
// included).
func BenchmarkPlan100k(b *testing.B) {
	in := benchInput(100_000, 5_000)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	b.ReportAllocs()
	b.ResetTimer()
	var peak uint64
	var p *Plan
	cpu0 := cpuTime()
	for b.Loop() {
		stop := sampleHeap(&peak)
		var err error
		p, err = Make(in)
		stop()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// CPU seconds per plan: the wall time depends on what else runs on the
	// machine, this does not (the planner is single-threaded; GC adds some).
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(base.HeapAlloc)/(1<<20), "input-heap-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(rssMB("VmHWM"), "peak-RSS-MB")
	b.ReportMetric(float64(len(p.Changes)), "changes")
	b.Logf("changes by action: %v; review: %v; brake: %v", p.Stats.Changes, p.Stats.Review, p.Brake.Reason)
}

// sampleHeap records the highest HeapAlloc into *peak until stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	read := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		*peak = max(*peak, m.HeapAlloc)
	}
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				read()
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// cpuTime is the process's user + system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssMB reads a /proc/self/status field (VmRSS, VmHWM) in MB; 0 where
// there is no /proc.
func rssMB(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}

// The benchmark's input is a valid plan input whose plan converges like
// any other: the figures measure a real plan.
func TestBenchInputConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	in := benchInput(5_000, 1_000)
	p := mustPlan(t, in)
	for _, a := range []Action{ActionBindDepartment, ActionCreateDepartment, ActionUpdateDepartment, ActionMoveDepartment, ActionBindUser,
		ActionCreateUser, ActionUpdateUser, ActionMoveUser, ActionEnableUser, ActionDisableUser} {
		if p.Stats.Changes[a] == 0 {
			t.Errorf("the benchmark input plans no %s", a)
		}
	}
	a := applier{t: t}
	mustPlanEmpty(t, a.apply(in, p))
}
