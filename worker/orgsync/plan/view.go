package plan

import "fmt"

// view is an Input turned to face one direction: source and target
// directories, bindings keyed source → target, and where the OA tree is
// mounted on each side. Every rule below works on a view, so one planner
// serves oa_to_im and im_to_oa.
type view struct {
	in       *Input
	p        Profile // normalized
	src, tgt *index
	// srcMount and tgtMount are the department keys whose children are
	// each other's top level: the OA root "" and the IM top department.
	srcMount, tgtMount string
	// rootCheck: no top department is set, so unmatched top-level names
	// abort (§4.3.2.2).
	rootCheck bool
	targetIM  bool

	userBind, userBindRev map[string]string // source → target, target → source
	deptBind, deptBindRev map[string]string
	pairs                 []fieldPair
	scope                 *scope // nil: the profile's scope does not apply
}

// fieldPair is one mapped field seen from the plan's direction.
type fieldPair struct{ src, tgt Field }

func newView(in *Input) (*view, error) {
	p := in.Profile.normalized()
	if err := validateProfile(p); err != nil {
		return nil, err
	}
	v := &view{in: in, p: p, rootCheck: p.TopDepartment == ""}
	oa, err := newIndex(SideOA, &in.OA, p.Mode != ModeOAToIM)
	if err != nil {
		return nil, err
	}
	im, err := newIndex(SideIM, &in.IM, p.Mode == ModeOAToIM)
	if err != nil {
		return nil, err
	}
	if p.TopDepartment != "" && p.Mode != ModeIMToBridge && im.activeDept(p.TopDepartment) == nil {
		return nil, &TopDepartmentNotFoundError{Key: p.TopDepartment}
	}
	if p.Mode == ModeOAToIM {
		v.src, v.tgt, v.tgtMount, v.targetIM = oa, im, p.TopDepartment, true
	} else {
		v.src, v.tgt, v.srcMount = im, oa, p.TopDepartment
	}
	if err := v.orientBindings(); err != nil {
		return nil, err
	}
	dir := DirOAToIM
	if p.Mode != ModeOAToIM {
		dir = DirIMToOA
	}
	for _, m := range p.FieldMapping {
		if m.Direction != DirBoth && m.Direction != dir {
			continue
		}
		if v.targetIM {
			v.pairs = append(v.pairs, fieldPair{src: m.From, tgt: m.To})
		} else {
			v.pairs = append(v.pairs, fieldPair{src: m.To, tgt: m.From})
		}
	}
	if p.Mode == ModeOAToIM {
		if v.scope, err = newScope(v); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// orientBindings keys the bindings source → target, rejecting a key bound
// twice (the Binding table's unique indexes forbid it).
func (v *view) orientBindings() error {
	in := v.in
	v.userBind = make(map[string]string, len(in.UserBindings))
	v.userBindRev = make(map[string]string, len(in.UserBindings))
	for i, b := range in.UserBindings {
		s, t := b.OAKey, b.IMKey
		if !v.targetIM {
			s, t = t, s
		}
		if b.OAKey == "" || b.IMKey == "" {
			return &InputError{Field: fmt.Sprintf("user_bindings[%d]", i), Rule: "both keys must be set"}
		}
		if _, dup := v.userBind[s]; dup {
			return &InputError{Field: fmt.Sprintf("user_bindings[%d]", i), Rule: fmt.Sprintf("%s user %q is bound twice", v.src.side, s)}
		}
		if _, dup := v.userBindRev[t]; dup {
			return &InputError{Field: fmt.Sprintf("user_bindings[%d]", i), Rule: fmt.Sprintf("%s user %q is bound twice", v.tgt.side, t)}
		}
		v.userBind[s], v.userBindRev[t] = t, s
	}
	v.deptBind = make(map[string]string, len(in.DepartmentBindings))
	v.deptBindRev = make(map[string]string, len(in.DepartmentBindings))
	for i, b := range in.DepartmentBindings {
		s, t := b.OAKey, b.IMKey
		if !v.targetIM {
			s, t = t, s
		}
		if b.OAKey == "" || b.IMKey == "" {
			return &InputError{Field: fmt.Sprintf("department_bindings[%d]", i), Rule: "both keys must be set"}
		}
		if _, dup := v.deptBind[s]; dup {
			return &InputError{Field: fmt.Sprintf("department_bindings[%d]", i), Rule: fmt.Sprintf("%s department %q is bound twice", v.src.side, s)}
		}
		if _, dup := v.deptBindRev[t]; dup {
			return &InputError{Field: fmt.Sprintf("department_bindings[%d]", i), Rule: fmt.Sprintf("%s department %q is bound twice", v.tgt.side, t)}
		}
		v.deptBind[s], v.deptBindRev[t] = t, s
	}
	return nil
}

// oaIM turns a source/target key pair back into OA and IM keys.
func (v *view) oaIM(source, target string) (oa, im string) {
	if v.targetIM {
		return source, target
	}
	return target, source
}
