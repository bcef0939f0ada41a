package feishu_test

import (
	"fmt"
	"testing"
	"time"

	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
)

// userOrg is a directory with three departments.
func userOrg(t *testing.T, e *env) (a, b, c string) {
	t.Helper()
	var ids []string
	for _, n := range []string{"销售", "市场", "客服"} {
		d, err := e.sim.Org().CreateDepartment(feishusim.Department{Name: n, ParentID: "0"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.DepartmentID)
	}
	return ids[0], ids[1], ids[2]
}

// Every user write through the SDK against the simulator, read back
// through platform.Directory and checked in the simulated directory.
func TestWriterUsers(t *testing.T) {
	e := newWriteEnv(t)
	ctx := testCtx(t)
	org := e.sim.Org()
	a, b, c := userOrg(t, e)
	heir, _ := org.CreateUser(feishusim.User{Name: "接收人", Mobile: "+8613000000009", DepartmentIDs: []string{a}})

	u, err := e.client.CreateUser(ctx, "k-create", platform.NewUser{ID: "u001", Name: "李雷", Mobile: "+8613900000001",
		Email: "li.lei@example.com", EmployeeNo: "E1", Title: "工程师", Gender: platform.GenderMale,
		Memberships: platform.Memberships{Primary: b, PartTime: []string{a}, Orders: map[string]int{b: 7}}})
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != "u001" || u.Mobile != "+8613900000001" || u.PrimaryDepartmentID != b || u.Status != platform.UserActive ||
		fmt.Sprint(u.DepartmentIDs) != fmt.Sprint([]string{b, a}) {
		t.Fatalf("created: %+v", u)
	}
	if su, _ := org.User("u001"); su.Gender != 1 || su.EmployeeType != 1 || su.EmployeeNo != "E1" || su.Email != "li.lei@example.com" {
		t.Fatalf("in the directory: %+v", su)
	}

	up, err := e.client.UpdateUser(ctx, "k-up", "u001", platform.UserPatch{Title: strp("高级工程师"), Email: strp("lilei@example.com")})
	if err != nil || up.Title != "高级工程师" || up.Email != "lilei@example.com" || up.Name != "李雷" {
		t.Fatalf("update: %+v %v", up, err)
	}
	mv, err := e.client.MoveUser(ctx, "k-move", "u001", platform.Memberships{Primary: c, PartTime: []string{b}})
	if err != nil || mv.PrimaryDepartmentID != c || fmt.Sprint(mv.DepartmentIDs) != fmt.Sprint([]string{c, b}) {
		t.Fatalf("move: %+v %v", mv, err)
	}
	if err := e.client.DisableUser(ctx, "k-off", "u001"); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.client.User(ctx, "u001"); got.Status != platform.UserDisabled {
		t.Fatalf("after disable: %s", got.Status)
	}
	if err := e.client.EnableUser(ctx, "k-on", "u001"); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.client.User(ctx, "u001"); got.Status != platform.UserActive {
		t.Fatalf("after enable: %s", got.Status)
	}
	if err := e.client.DeleteUser(ctx, "k-del", "u001", platform.ResourceAcceptors{Docs: heir.UserID, Email: heir.UserID}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.client.User(ctx, "u001"); got.Status != platform.UserResigned {
		t.Fatalf("after delete: %s", got.Status)
	}
	if err := e.client.ResurrectUser(ctx, "k-back", "u001", platform.Memberships{Primary: a}); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.client.User(ctx, "u001"); got.Status != platform.UserActive || fmt.Sprint(got.DepartmentIDs) != fmt.Sprint([]string{a}) {
		t.Fatalf("after resurrect: %+v", got)
	}
	// Repeats find the work done.
	if err := e.client.ResurrectUser(ctx, "k-back", "u001", platform.Memberships{Primary: a}); err != nil {
		t.Fatalf("repeated resurrect: %v", err)
	}
	if err := e.client.DeleteUser(ctx, "k-del2", "u001", platform.ResourceAcceptors{}); err != nil {
		t.Fatal(err)
	}
	if err := e.client.DeleteUser(ctx, "k-del2", "u001", platform.ResourceAcceptors{}); err != nil {
		t.Fatalf("repeated delete: %v", err)
	}
}

// Refusals: Feishu's code with a hint. Mobiles compare as Feishu documents
// (13900000001 is +8613900000001), e-mails without regard to case.
func TestWriterUserRefusals(t *testing.T) {
	clk := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	now := clk
	e := newEnv(t, feishusim.Config{RateLimit: feishusim.RateLimit{Disabled: true}, TokenTTL: 365 * 24 * time.Hour,
		Now: func() time.Time { return now }}, func(p *feishu.Params) { p.Limits = writeUnlimited() })
	ctx := testCtx(t)
	org := e.sim.Org()
	a, b, _ := userOrg(t, e)
	first, err := e.client.CreateUser(ctx, "k0", platform.NewUser{Name: "韩梅梅", Mobile: "+8613900000001", Email: "Han.Meimei@Example.com",
		Memberships: platform.Memberships{Primary: a}})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(key string, u platform.NewUser) error {
		if u.Primary == "" {
			u.Primary = b
		}
		_, err := e.client.CreateUser(ctx, key, u)
		return err
	}
	wantCode(t, "bare mainland mobile", mk("k1", platform.NewUser{Name: "x", Mobile: "13900000001"}), feishusim.CodeMobileExists, "this mobile")
	wantCode(t, "e-mail in another case", mk("k2", platform.NewUser{Name: "x", Mobile: "+8613900000002", Email: "han.meimei@example.COM"}), feishusim.CodeEmailExists, "this e-mail")
	wantCode(t, "invalid mobile", mk("k3", platform.NewUser{Name: "x", Mobile: "12-3"}), feishusim.CodeMobileInvalid, "mobile is invalid")
	wantCode(t, "user_id taken", mk("k4", platform.NewUser{ID: first.ID, Name: "x", Mobile: "+8613900000004"}), feishusim.CodeUserIDExists, "user_id")
	var many []string
	for i := range 50 {
		d, _ := org.CreateDepartment(feishusim.Department{Name: fmt.Sprint("D", i), ParentID: "0"})
		many = append(many, d.DepartmentID)
	}
	_, err = e.client.MoveUser(ctx, "k5", first.ID, platform.Memberships{Primary: a, PartTime: many})
	wantCode(t, "51 departments", err, feishusim.CodeUserTooManyDepts, "50 departments")
	err = e.client.DeleteUser(ctx, "k6", first.ID, platform.ResourceAcceptors{Calendar: "nobody"})
	wantCode(t, "unknown acceptor", err, feishusim.CodeAcceptorInvalid, "acceptor")
	if err := e.client.DeleteUser(ctx, "k7", first.ID, platform.ResourceAcceptors{}); err != nil {
		t.Fatal(err)
	}
	_, err = e.client.UpdateUser(ctx, "k8", first.ID, platform.UserPatch{Title: strp("x")})
	wantCode(t, "update a resigned user", err, feishusim.CodeUserResigned, "resigned")
	err = e.client.DisableUser(ctx, "k9", first.ID)
	wantCode(t, "disable a resigned user", err, feishusim.CodeUserResigned, "resigned")

	// Someone takes the mobile: the restore is refused until it is free.
	if err := mk("k10", platform.NewUser{Name: "y", Mobile: "+8613900000001"}); err != nil {
		t.Fatal(err)
	}
	err = e.client.ResurrectUser(ctx, "k11", first.ID, platform.Memberships{Primary: a})
	wantCode(t, "resurrect, mobile taken", err, feishusim.CodeResurrectMobileDup, "mobile")
	now = now.Add(31 * 24 * time.Hour)
	err = e.client.ResurrectUser(ctx, "k12", first.ID, platform.Memberships{Primary: a})
	wantCode(t, "resurrect after 31 days", err, feishusim.CodeResurrectExpired, "30 days")

	before := len(e.sim.Requests())
	for what, err := range map[string]error{
		"no key":     mk("", platform.NewUser{Name: "x", Mobile: "+8613900000005"}),
		"no name":    mk("k", platform.NewUser{Mobile: "+8613900000005"}),
		"bad gender": mk("k", platform.NewUser{Name: "x", Mobile: "+8613900000005", Gender: "m"}),
		"no primary": func() error { _, err := e.client.MoveUser(ctx, "k", first.ID, platform.Memberships{}); return err }(),
		"empty name": func() error {
			_, err := e.client.UpdateUser(ctx, "k", first.ID, platform.UserPatch{Name: strp("")})
			return err
		}(),
		"resurrect, key": e.client.ResurrectUser(ctx, "", first.ID, platform.Memberships{}),
	} {
		if err == nil {
			t.Errorf("%s: no error", what)
		}
	}
	if n := len(e.sim.Requests()) - before; n != 0 {
		t.Fatalf("refused input sent %d requests", n)
	}
}

// A user create whose reply is lost is retried with the same client_token
// and yields one user, whether the repeat is answered with the user or with
// 41053 (then found by user_id, or by mobile through batch_get_id). The
// other user writes survive lost replies too.
func TestWriterUserWritesAfterLostReply(t *testing.T) {
	for _, c := range []struct {
		name   string
		how    feishusim.LostReply
		replay feishusim.ClientTokenReplay
		id     string
	}{
		{"5xx", feishusim.LostReplyStatus, feishusim.ReplayReturnsObject, ""},
		{"dropped", feishusim.LostReplyDrop, feishusim.ReplayReturnsObject, "u9"},
		{"dropped, repeat answered 41053, by mobile", feishusim.LostReplyDrop, feishusim.ReplayAlreadyExists, ""},
		{"5xx, repeat answered 41053, by user_id", feishusim.LostReplyStatus, feishusim.ReplayAlreadyExists, "u9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newWriteEnv(t)
			ctx := testCtx(t)
			a, b, _ := userOrg(t, e)
			e.sim.SetClientTokenReplay(c.replay)
			e.sim.LoseNextReplies(1, c.how)
			u, err := e.client.CreateUser(ctx, "run7:create:zhang", platform.NewUser{ID: c.id, Name: "张伟", Mobile: "+8613800000001",
				Memberships: platform.Memberships{Primary: a}})
			if err != nil {
				t.Fatal(err)
			}
			if st := e.sim.Org().Stats(); st.Users != 1 || u.ID == "" || u.Name != "张伟" {
				t.Fatalf("users %d, returned %+v", st.Users, u)
			}
			for _, w := range []struct {
				name string
				do   func() error
			}{
				{"move", func() error {
					_, err := e.client.MoveUser(ctx, "k-m", u.ID, platform.Memberships{Primary: b})
					return err
				}},
				{"disable", func() error { return e.client.DisableUser(ctx, "k-d", u.ID) }},
				{"delete", func() error { return e.client.DeleteUser(ctx, "k-x", u.ID, platform.ResourceAcceptors{}) }},
				{"resurrect", func() error { return e.client.ResurrectUser(ctx, "k-r", u.ID, platform.Memberships{Primary: a}) }},
			} {
				e.sim.LoseNextReplies(1, c.how)
				if err := w.do(); err != nil {
					t.Fatalf("%s after a lost reply: %v", w.name, err)
				}
			}
			got, _ := e.sim.Org().User(u.ID)
			if got.Resigned || !got.Frozen || fmt.Sprint(got.DepartmentIDs) != fmt.Sprint([]string{a}) {
				t.Fatalf("final user: %+v", got)
			}
			if st := e.sim.Stats(); st.LostReplies != 5 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

// Moves, enables and disables wait on the budget of user/patch with
// department_ids or is_frozen (documented 1 per second; a little more
// here, so the simulator's fixed one-second windows never see two of them),
// and the simulator, which enforces 1 per second, never throttles them.
// Other patches do not wait on it.
func TestWriterPacesMembershipPatches(t *testing.T) {
	e := newEnv(t, feishusim.Config{}, func(p *feishu.Params) {
		p.Limits = writeUnlimited()
		p.Limits[feishu.APIPatchUserMembership] = []ratelimit.Limit{{N: 1, Per: 1300 * time.Millisecond}}
	})
	ctx := testCtx(t)
	a, b, _ := userOrg(t, e)
	u, err := e.sim.Org().CreateUser(feishusim.User{Name: "王五", Mobile: "+8613700000001", DepartmentIDs: []string{a}})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range []func() error{
		func() error { return e.client.DisableUser(ctx, "k1", u.UserID) },
		func() error {
			_, err := e.client.UpdateUser(ctx, "k2", u.UserID, platform.UserPatch{Title: strp("t")})
			return err
		},
		func() error {
			_, err := e.client.MoveUser(ctx, "k3", u.UserID, platform.Memberships{Primary: b})
			return err
		},
		func() error { return e.client.EnableUser(ctx, "k4", u.UserID) },
	} {
		if err := f(); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	var patches int
	for _, r := range e.sim.Requests() {
		if r.API == feishusim.APIUserPatch {
			patches++
			if r.Status != 200 {
				t.Fatalf("patch answered %d (code %d)", r.Status, r.Code)
			}
		}
	}
	if patches != 4 {
		t.Fatalf("%d patches", patches)
	}
}

// A create that gave up (its reply lost, no retries left) and is run again
// later with the same key — a killed worker resuming its run — sends the
// same client_token, so the platform answers with what the first attempt
// created: one department, one user, and the repeats answered 200.
func TestWriterCreateResumedWithSameKey(t *testing.T) {
	e := newEnv(t, feishusim.Config{RateLimit: feishusim.RateLimit{Disabled: true}}, func(p *feishu.Params) {
		p.Limits = writeUnlimited()
		p.Retry.Attempts = 1
	})
	ctx := testCtx(t)
	nd := platform.NewDepartment{ParentID: "0", Name: "采购部"}
	nu := platform.NewUser{Name: "钱二", Mobile: "+8613600000002"}
	e.sim.LoseNextReplies(1, feishusim.LostReplyStatus)
	if _, err := e.client.CreateDepartment(ctx, "run3:dept", nd); err == nil {
		t.Fatal("the lost reply should have failed the only attempt")
	}
	d, err := e.client.CreateDepartment(ctx, "run3:dept", nd)
	if err != nil {
		t.Fatal(err)
	}
	nu.Primary = d.ID
	e.sim.LoseNextReplies(1, feishusim.LostReplyStatus)
	if _, err := e.client.CreateUser(ctx, "run3:user", nu); err == nil {
		t.Fatal("the lost reply should have failed the only attempt")
	}
	u, err := e.client.CreateUser(ctx, "run3:user", nu)
	if err != nil {
		t.Fatal(err)
	}
	if st := e.sim.Org().Stats(); st.Departments != 1 || st.Users != 1 || u.PrimaryDepartmentID != d.ID {
		t.Fatalf("directory %+v, user %+v", st, u)
	}
	for _, r := range e.sim.Requests() {
		if (r.API == feishusim.APIDepartmentCreate || r.API == feishusim.APIUserCreate) && r.Status != 200 && r.Status != 500 {
			t.Fatalf("%s answered %d (code %d): the repeat was not recognised", r.API, r.Status, r.Code)
		}
	}
	// Another key is another change: with the same mobile it is refused.
	_, err = e.client.CreateUser(ctx, "run4:user", nu)
	wantCode(t, "another key, same mobile", err, feishusim.CodeMobileExists, "")
}
