package orgsync

import (
	"context"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/predicate"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/platform"
	"imbridge/worker/orgsync/plan"
)

// fetched is one directory side as the bridge holds it: the planner's
// values plus the row ids the apply needs to record its writes.
type fetched struct {
	dir      plan.Directory
	deptRow  map[string]int // external id → Department row id
	userRow  map[string]int // external id → User row id
	deptKey  map[int]string // row id → external id
	userKey  map[int]string
	userByID map[string]*plan.User
}

// fetchSide reads one side of the bridge: the OA directory (corpID nil) or
// a corp's IM mirror. Rows marked removed read as removed, rows out of
// scope as out of scope (never as gone).
func fetchSide(ctx context.Context, db *ent.Client, corpID *int) (*fetched, error) {
	var dp predicate.Department
	var up predicate.User
	if corpID == nil {
		dp, up = department.CorpIDIsNil(), user.CorpIDIsNil()
	} else {
		dp, up = department.CorpID(*corpID), user.CorpID(*corpID)
	}
	depts, err := db.Department.Query().Where(dp).Order(ent.Asc(department.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading departments: %w", err)
	}
	f := &fetched{deptRow: make(map[string]int, len(depts)), deptKey: make(map[int]string, len(depts))}
	for _, d := range depts {
		f.deptRow[d.ExternalID] = d.ID
		f.deptKey[d.ID] = d.ExternalID
	}
	f.dir.Departments = make([]plan.Department, 0, len(depts))
	for _, d := range depts {
		pd := plan.Department{Key: d.ExternalID, Name: d.Name, Order: d.Order}
		if d.ParentID != nil {
			pd.ParentKey = f.deptKey[*d.ParentID]
		}
		switch {
		case d.RemovedAt != nil:
			pd.State = plan.DepartmentRemoved
		case d.OutOfScopeAt != nil:
			pd.State = plan.DepartmentOutOfScope
		}
		if corpID != nil && d.ExternalID == platform.RootDepartmentID {
			continue // the IM root is implied
		}
		f.dir.Departments = append(f.dir.Departments, pd)
	}
	users, err := db.User.Query().Where(up).Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading users: %w", err)
	}
	f.userRow = make(map[string]int, len(users))
	f.userKey = make(map[int]string, len(users))
	f.userByID = make(map[string]*plan.User, len(users))
	f.dir.Users = make([]plan.User, len(users))
	idx := make(map[int]int, len(users))
	for i, u := range users {
		f.userRow[u.ExternalID] = u.ID
		f.userKey[u.ID] = u.ExternalID
		idx[u.ID] = i
		pu := plan.User{Key: u.ExternalID, Name: u.Name, Mobile: u.Mobile, Email: u.Email, EmployeeNo: u.EmployeeNo, Title: u.Title,
			Attributes: u.Attributes}
		if u.Gender != nil {
			pu.Gender = string(*u.Gender)
		}
		switch {
		case u.RemovedAt != nil:
			pu.State = plan.UserRemoved
			pu.RemovedAt = u.RemovedAt
		case u.OutOfScopeAt != nil:
			pu.State = plan.UserOutOfScope
		case u.Status == user.StatusDisabled:
			pu.State = plan.UserDisabled
			pu.DisabledAt = u.StatusChangedAt
		case u.Status == user.StatusResigned:
			pu.State = plan.UserResigned
		}
		f.dir.Users[i] = pu
	}
	var mp predicate.Membership
	if corpID == nil {
		mp = membership.HasUserWith(user.CorpIDIsNil())
	} else {
		mp = membership.HasUserWith(user.CorpID(*corpID))
	}
	ms, err := db.Membership.Query().Where(mp).Order(ent.Asc(membership.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading memberships: %w", err)
	}
	for _, m := range ms {
		i, ok := idx[m.UserID]
		if !ok {
			continue
		}
		key := f.deptKey[m.DepartmentID]
		if corpID != nil && key == platform.RootDepartmentID {
			key = ""
		}
		u := &f.dir.Users[i]
		if m.Primary {
			if u.PrimaryDepartment != "" {
				u.PartTimeDepartments = append(u.PartTimeDepartments, u.PrimaryDepartment)
			}
			u.PrimaryDepartment = key
			u.Order = m.Order
		} else {
			u.PartTimeDepartments = append(u.PartTimeDepartments, key)
		}
	}
	for i := range f.dir.Users {
		u := &f.dir.Users[i]
		if u.PrimaryDepartment == "" && len(u.PartTimeDepartments) > 0 && corpID == nil {
			u.PrimaryDepartment, u.PartTimeDepartments = u.PartTimeDepartments[0], u.PartTimeDepartments[1:]
		}
		f.userByID[u.Key] = u
	}
	return f, nil
}

// fetchInput reads everything a plan of the corp is made from.
func fetchInput(ctx context.Context, db *ent.Client, prof *ent.SyncProfile, kind syncrun.Kind) (plan.Input, *fetched, *fetched, error) {
	oa, err := fetchSide(ctx, db, nil)
	if err != nil {
		return plan.Input{}, nil, nil, fmt.Errorf("OA directory: %w", err)
	}
	corp := prof.CorpID
	im, err := fetchSide(ctx, db, &corp)
	if err != nil {
		return plan.Input{}, nil, nil, fmt.Errorf("IM mirror: %w", err)
	}
	if top := prof.TopDepartmentID; top == "" || top == platform.RootDepartmentID {
		// Mounted at the root: the departments above a narrow range's
		// are the path to it. With a top department they do not matter.
		keepAncestors(im.dir.Departments)
	}
	p := Profile(prof)
	p.Mode = plan.Mode(kind)
	in := plan.Input{Profile: p, OA: oa.dir, IM: im.dir}
	bs, err := db.Binding.Query().Where(binding.CorpID(corp)).Order(ent.Asc(binding.FieldID)).All(ctx)
	if err != nil {
		return plan.Input{}, nil, nil, fmt.Errorf("bindings: %w", err)
	}
	for _, b := range bs {
		switch b.Kind {
		case binding.KindUser:
			if b.OaUserID == nil || b.ImUserID == nil {
				continue
			}
			o, ok1 := oa.userKey[*b.OaUserID]
			i, ok2 := im.userKey[*b.ImUserID]
			if ok1 && ok2 {
				in.UserBindings = append(in.UserBindings, plan.UserBinding{OAKey: o, IMKey: i, Method: plan.BindMethod(b.Method)})
			}
		case binding.KindDepartment:
			if b.OaDepartmentID == nil || b.ImDepartmentID == nil {
				continue
			}
			o, ok1 := oa.deptKey[*b.OaDepartmentID]
			i, ok2 := im.deptKey[*b.ImDepartmentID]
			if ok1 && ok2 {
				in.DepartmentBindings = append(in.DepartmentBindings, plan.DepartmentBinding{OAKey: o, IMKey: i})
			}
		}
	}
	prev, err := db.SyncRun.Query().Where(syncrun.CorpID(corp), syncrun.KindEQ(kind), syncrun.DryRun(false),
		syncrun.PurposeEQ(syncrun.PurposeSync), syncrun.StatusIn(syncrun.StatusSucceeded, syncrun.StatusSucceededWithErrors)).
		Order(ent.Desc(syncrun.FieldID)).First(ctx)
	switch {
	case err == nil && prev.Plan != nil:
		in.Previous = &plan.PreviousRun{SourceUsers: prev.Plan.SourceUsers}
	case err != nil && !ent.IsNotFound(err):
		return plan.Input{}, nil, nil, err
	}
	if kind == syncrun.KindOaToIm {
		if in.PreviousImport, err = previousImport(ctx, db, corp); err != nil {
			return plan.Input{}, nil, nil, fmt.Errorf("the previous OA import: %w", err)
		}
	}
	return in, oa, im, nil
}

// keepAncestors reads an IM department marked out of scope as active when
// a department the pull saw lies below it: a pull fitted to a narrow
// contact range (mirror.InRange) cannot read the departments above the
// granted ones, but they are there (out of scope is not gone), and the
// OA tree is matched through them. The plan writes nothing into them
// unless the contact range allows it (plan.ContactRange).
func keepAncestors(ds []plan.Department) {
	at := make(map[string]int, len(ds))
	for i, d := range ds {
		at[d.Key] = i
	}
	for _, d := range ds {
		if d.State != "" {
			continue
		}
		for k, n := d.ParentKey, 0; k != "" && n <= len(ds); n++ {
			i, ok := at[k]
			if !ok || ds[i].State != plan.DepartmentOutOfScope {
				break
			}
			ds[i].State = ""
			k = ds[i].ParentKey
		}
	}
}
