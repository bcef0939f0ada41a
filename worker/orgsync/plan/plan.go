package plan

// Plan is what a run would do, in the order it must be done, with
// everything the console and the brake need to judge it.
type Plan struct {
	Mode       Mode `json:"mode"`
	SourceSide Side `json:"source_side"`
	TargetSide Side `json:"target_side"`
	// Changes in dependency order (see order.go); every DependsOn key is of
	// an earlier change.
	Changes []Change `json:"changes"`
	// Review lists what the plan does not do and a person must look at:
	// ambiguous matches, users not created, departments not deleted…
	Review []ReviewItem `json:"review"`
	Brake  Brake        `json:"brake"`
	Stats  Stats        `json:"stats"`
	// Tree is the merged department tree under the top department, for
	// the console's simulated result (matched orange, new blue, a dot on
	// bound ones).
	Tree []TreeNode `json:"tree,omitempty"`
	// Irreversible lists applied changes an Undo cannot reverse
	// (deletions); empty for other plans.
	Irreversible []Change `json:"irreversible,omitempty"`
}

// planner holds one planning pass.
type planner struct {
	*view
	changes []*Change
	review  []ReviewItem
	depth   map[*Change]int // ordering depth of department changes

	depts    map[string]*deptMatch // source department key → match
	byTarget map[string]*deptMatch // target department key → match
	// created and moved are the create and the move of a target
	// department, for dependencies: what goes into a department needs it
	// created, not moved; a move needs its new parent in place.
	created map[string]*Change
	moved   map[string]*Change

	users map[string]*userMatch // source user key → match

	// final memberships of target users the plan moves or deletes, and the
	// changes that take users out of each target department.
	final        map[string]*Snapshot
	leaving      map[string][]string
	createdUsers []*Change
	// restored is the restore/enable change of a target user.
	restored map[string]*Change

	disabledDept    string // target key of the disabled-users department, once resolved
	disabledCreate  *Change
	disabledChecked bool
	deleted         map[string]bool // target departments the plan deletes
	newIDs          map[string]bool // user_ids given to created users
	// parentAfter overrides a target department's parent (undo moves).
	parentAfter map[string]string
	// rng is the IM app's contact range; nil = no check. outside are the
	// source departments not placed because of it.
	rng         *rangeCheck
	outside     map[string]bool
	rangeListed map[[2]string]bool // review items already listed for the range
	// focus is what an incremental plan examines; nil = everything.
	focus *focus
}

// Make plans in.Profile.Mode: what to change in the target directory so it
// says what the source says, under the profile's scope and field mapping.
//
// Errors: *InputError (bad profile or directories), *TopDepartmentNotFoundError,
// *TopDepartmentMismatchError (seed 003 §4.3.2.2), *ReadOnlyError (a
// read_only profile and a plan that writes to the IM). With an error nothing
// is planned. A tripped brake is not an error: the plan is complete and
// Brake says why the run must wait for approval.
func Make(in Input) (*Plan, error) {
	v, err := newView(&in)
	if err != nil {
		return nil, err
	}
	pl := newPlanner(v)
	if v.p.Mode == ModeIMToBridge {
		pl.matchUsers()
		pl.planBinds()
		return pl.finish(nil)
	}
	if err := pl.matchDepartments(); err != nil {
		return nil, err
	}
	pl.planDepartments()
	pl.matchUsers()
	pl.planUsers()
	pl.planDepartmentDeletes()
	return pl.finish(nil)
}

func newPlanner(v *view) *planner {
	return &planner{
		view:     v,
		depth:    map[*Change]int{},
		depts:    map[string]*deptMatch{},
		byTarget: map[string]*deptMatch{},
		created:  map[string]*Change{},
		moved:    map[string]*Change{},
		users:    make(map[string]*userMatch, len(v.src.list)),
		final:    map[string]*Snapshot{},
		leaving:  map[string][]string{},
		restored: map[string]*Change{},
		deleted:  map[string]bool{},
		rng:      newRangeCheck(v),
		outside:  map[string]bool{},
		focus:    newFocus(v),
	}
}

// add records a change and returns it.
func (pl *planner) add(c Change, deps ...*Change) *Change {
	ch := newChange(c)
	for _, d := range deps {
		if d != nil {
			ch.DependsOn = append(ch.DependsOn, d.Key)
		}
	}
	pl.changes = append(pl.changes, ch)
	return ch
}

// finish orders the changes and computes what is derived from them.
func (pl *planner) finish(irreversible []Change) (*Plan, error) {
	out := &Plan{
		Mode:         pl.p.Mode,
		SourceSide:   pl.src.side,
		TargetSide:   pl.tgt.side,
		Review:       pl.review,
		Irreversible: irreversible,
	}
	pl.order()
	out.Changes = make([]Change, len(pl.changes))
	for i, c := range pl.changes {
		c.DependsOn = dedupe(c.DependsOn)
		out.Changes[i] = *c
	}
	if pl.targetIM && pl.p.Permission != ReadWrite {
		writes := map[Action]int{}
		for _, c := range pl.changes {
			if c.Action.Writes() {
				writes[c.Action]++
			}
		}
		if len(writes) > 0 {
			return nil, &ReadOnlyError{Writes: writes}
		}
	}
	out.Stats = pl.stats()
	out.Brake = pl.brake(out.Stats)
	if pl.p.Mode != ModeIMToBridge {
		out.Tree = pl.tree()
	}
	return out, nil
}

// dedupe drops repeated keys, keeping the first of each.
func dedupe(keys []string) []string {
	if len(keys) < 2 {
		return keys
	}
	seen := make(map[string]bool, len(keys))
	out := keys[:0]
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}
