package plan

// Stats summarise a plan for the console and the run record.
type Stats struct {
	Changes     map[Action]int     `json:"changes"`
	Review      map[ReviewKind]int `json:"review"`
	Departments DepartmentStats    `json:"departments"`
	Users       UserStats          `json:"users"`
	// SourceUsers is how many source users this run syncs (in scope,
	// active or disabled). Store it: the next run's PreviousRun.SourceUsers.
	SourceUsers int `json:"source_users"`
	// TargetUsers is how many target users are present (active or disabled).
	TargetUsers int `json:"target_users"`
	// ExaminedUsers and ExaminedDepartments are how many source users and
	// departments the plan looked at: all of them, or for an incremental
	// plan (Input.Only) the touched ones and the departments they need.
	ExaminedUsers       int `json:"examined_users"`
	ExaminedDepartments int `json:"examined_departments"`
}

// DepartmentStats count source departments by how they were placed, and
// the target departments deleted.
type DepartmentStats struct {
	Bound   int `json:"bound"`
	Matched int `json:"matched"`
	New     int `json:"new"`
	Deleted int `json:"deleted"`
}

// UserStats count source users by outcome.
type UserStats struct {
	Bound      int `json:"bound"`      // already bound
	Matched    int `json:"matched"`    // bound by this plan (auto-bind, rehire)
	Created    int `json:"created"`    // get a new account
	Ambiguous  int `json:"ambiguous"`  // several candidates
	Unmatched  int `json:"unmatched"`  // no account and none created
	Offboarded int `json:"offboarded"` // disabled or deleted because they left
	LeftScope  int `json:"left_scope"` // disabled or deleted because they left the scope
}

func (pl *planner) stats() Stats {
	st := Stats{Changes: map[Action]int{}, Review: map[ReviewKind]int{}, ExaminedUsers: len(pl.srcUsers()), ExaminedDepartments: len(pl.src.depts)}
	if pl.focus != nil {
		st.ExaminedDepartments = len(pl.focus.depts)
	}
	for _, c := range pl.changes {
		st.Changes[c.Action]++
		switch c.Action {
		case ActionCreateUser:
			st.Users.Created++
		case ActionDisableUser, ActionDeleteUser:
			switch c.Reason.Code {
			case ReasonLeftScope:
				st.Users.LeftScope++
			case ReasonResigned, ReasonRemoved, ReasonDisabledLongAgo:
				st.Users.Offboarded++
			}
		case ActionDeleteDepartment:
			st.Departments.Deleted++
		}
	}
	for _, r := range pl.review {
		st.Review[r.Kind]++
		switch r.Kind {
		case ReviewAmbiguous:
			st.Users.Ambiguous++
		case ReviewUnmatched:
			st.Users.Unmatched++
		}
	}
	for _, m := range pl.depts {
		switch m.status {
		case DeptBound:
			st.Departments.Bound++
		case DeptMatched:
			st.Departments.Matched++
		case DeptNew:
			st.Departments.New++
		}
	}
	for _, s := range pl.src.list {
		if activeUser(s) && pl.inScope(s) {
			st.SourceUsers++
			if m := pl.users[s.Key]; m != nil {
				switch m.how {
				case matchBound:
					st.Users.Bound++
				case matchAuto, matchRehired:
					st.Users.Matched++
				}
			}
		}
	}
	for _, t := range pl.tgt.list {
		if activeUser(t) {
			st.TargetUsers++
		}
	}
	return st
}
