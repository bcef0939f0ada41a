package binder

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/user"
	"imbridge/ent/viewer"
)

// Outcome is what became of one row of an import.
type Outcome string

// Row outcomes.
const (
	Bound        Outcome = "bound"         // bound now
	AlreadyBound Outcome = "already_bound" // the IM user was bound to that OA user before
	NotFound     Outcome = "not_found"     // no IM user with the row's id, or no OA user with the value
	Ambiguous    Outcome = "ambiguous"     // several OA users have the value: nobody is guessed
	Conflict     Outcome = "conflict"      // either side is bound to someone else (or named twice in the file)
	Invalid      Outcome = "invalid"       // the value breaks the field's rule (a mobile that is no number)
)

// RowResult is the report line of one row with a match value.
type RowResult struct {
	Row     int // 1-based, as a spreadsheet numbers it (the header is row 1)
	IMUser  string
	Value   string
	Outcome Outcome
	// Code is why, as a stable code (its outcome is Outcome); Reason says
	// it in English, for logs and as the console's fallback.
	Code   Reason
	Reason string
	// IM and OA are the users concerned, when known.
	IM, OA *ent.User
	// EarlierRow is the row that named the IM user first
	// (ReasonIMUserRepeated).
	EarlierRow int
	// Holder is the person the other side is bound to
	// (ReasonIMUserBoundToOther: an OA user; ReasonOAUserBoundToOther: an
	// IM user of the corp).
	Holder *ent.User
	// Candidates are the OA users sharing the value (ReasonOAUserAmbiguous),
	// by name.
	Candidates []*ent.User
	// Binding is the binding made (Bound) or found (AlreadyBound).
	Binding int
}

// Report is the outcome of an import.
type Report struct {
	Rows []RowResult
	// Counts by outcome; Skipped counts rows without a match value.
	Counts map[Outcome]int
	// ByReason counts the rows by reason (the finer split of Counts).
	ByReason map[Reason]int
	Skipped  int
	DryRun   bool
}

// ImportInput is a filled binding file and how to read it.
type ImportInput struct {
	CorpID int
	Field  Field
	Format Format
	Data   []byte
	// DryRun reports what would happen and writes nothing.
	DryRun bool
}

// Import binds the IM users of a filled export to the OA users its match
// column names (关联导入, seed 003 §4.2.4 (3)), one row at a time: a bad row
// is reported with its reason and the others are still bound. Each row:
// the IM user by the user id column (in the corp's mirror); the OA users
// whose field equals the value in canonical form (resigned and removed ones
// left out); exactly one is bound (method import), unless either side is
// bound to someone else already. The file as a whole is refused
// (*InputError on content) only when it cannot be read or lacks the two
// columns.
func Import(ctx context.Context, db *ent.Client, in ImportInput) (*Report, error) {
	if !in.Field.Valid() {
		return nil, invalid("matchField", "unknown match field %q", in.Field)
	}
	if _, err := db.Corp.Get(ctx, in.CorpID); err != nil {
		return nil, err
	}
	table, err := readTable(in.Format, in.Data)
	if err != nil {
		return nil, err
	}
	if len(table) == 0 {
		return nil, invalid("content", "the file is empty: export the bindings, fill the %q column and import that file", colMatch)
	}
	idCol, matchCol := findColumn(table[0], colIMUserID), findColumn(table[0], colMatch)
	if idCol < 0 || matchCol < 0 {
		return nil, invalid("content", "the first row must name the columns %q and %q, as the export does", colIMUserID, colMatch)
	}

	st, err := loadState(ctx, db, in.CorpID, in.Field)
	if err != nil {
		return nil, err
	}
	rep := &Report{Counts: map[Outcome]int{}, ByReason: map[Reason]int{}, DryRun: in.DryRun}
	seenIM := map[string]int{} // IM user id → the row that named it
	var creates []pending
	for i, rec := range table[1:] {
		row := i + 2
		cell := func(c int) string {
			if c < len(rec) {
				return strings.TrimSpace(rec[c])
			}
			return ""
		}
		imID, value := cell(idCol), cell(matchCol)
		if value == "" {
			rep.Skipped++
			continue
		}
		r := RowResult{Row: row, IMUser: imID, Value: value}
		st.decide(&r, seenIM)
		if r.Outcome == Bound {
			creates = append(creates, pending{row: row, im: r.IM, oa: r.OA})
			st.imBound[r.IM.ID] = &ent.Binding{OaUserID: &r.OA.ID, Edges: ent.BindingEdges{OaUser: r.OA}}
			st.oaBound[r.OA.ID] = &ent.Binding{ImUserID: &r.IM.ID, Edges: ent.BindingEdges{ImUser: r.IM}}
		}
		rep.Counts[r.Outcome]++
		rep.ByReason[r.Code]++
		rep.Rows = append(rep.Rows, r)
	}
	if in.DryRun || len(creates) == 0 {
		return rep, nil
	}
	ids, err := createBindings(ctx, db, in.CorpID, binding.MethodImport, creates)
	if err != nil {
		return nil, err
	}
	byRow := map[int]int{}
	for i, p := range creates {
		byRow[p.row] = ids[i]
	}
	for i := range rep.Rows {
		if id, ok := byRow[rep.Rows[i].Row]; ok && rep.Rows[i].Outcome == Bound {
			rep.Rows[i].Binding = id
		}
	}
	return rep, nil
}

// state is what an import or auto-bind compares against: the corp's mirror,
// the OA users by match key, and the corp's user bindings both ways.
type state struct {
	field    Field
	imByExt  map[string]*ent.User
	oaByKey  map[string][]*ent.User
	imBound  map[int]*ent.Binding // IM user id → binding (with its OA user)
	oaBound  map[int]*ent.Binding // OA user id → binding (with its IM user)
	imActive []*ent.User          // the mirror's users in order, for auto-bind
}

func loadState(ctx context.Context, db *ent.Client, corp int, f Field) (*state, error) {
	st := &state{field: f, imByExt: map[string]*ent.User{}, oaByKey: map[string][]*ent.User{},
		imBound: map[int]*ent.Binding{}, oaBound: map[int]*ent.Binding{}}
	ims, err := db.User.Query().Where(user.CorpID(corp), user.RemovedAtIsNil()).Order(ent.Asc(user.FieldExternalID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range ims {
		st.imByExt[u.ExternalID] = u
	}
	st.imActive = ims
	oas, err := db.User.Query().
		Where(user.CorpIDIsNil(), user.RemovedAtIsNil(), user.StatusNEQ(user.StatusResigned)).
		Order(ent.Asc(user.FieldExternalID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range oas {
		if k := f.storedKey(u); k != "" {
			st.oaByKey[k] = append(st.oaByKey[k], u)
		}
	}
	bs, err := db.Binding.Query().Where(binding.CorpID(corp), binding.KindEQ(binding.KindUser)).
		WithOaUser().WithImUser().All(ctx)
	if err != nil {
		return nil, err
	}
	for _, b := range bs {
		if b.ImUserID != nil {
			st.imBound[*b.ImUserID] = b
		}
		if b.OaUserID != nil {
			st.oaBound[*b.OaUserID] = b
		}
	}
	return st, nil
}

// decide sets the outcome of one row and, for Bound, its users.
func (st *state) decide(r *RowResult, seenIM map[string]int) {
	im := st.imByExt[r.IMUser]
	switch {
	case r.IMUser == "":
		r.set(ReasonIMUserMissing, "the %q cell is empty", colIMUserID)
		return
	case im == nil:
		r.set(ReasonIMUserUnknown, "no IM user with user_id %q in this corp's directory (export again after a pull)", r.IMUser)
		return
	}
	r.IM = im
	if prev, ok := seenIM[r.IMUser]; ok {
		r.EarlierRow = prev
		r.set(ReasonIMUserRepeated, "row %d already names IM user %s", prev, who(im))
		return
	}
	seenIM[r.IMUser] = r.Row
	key, err := st.field.key(r.Value)
	if err != nil {
		r.set(invalidReason(err), "%s", err.Error())
		return
	}
	st.match(r, im, key)
}

// match decides a row whose IM user and canonical key are known.
func (st *state) match(r *RowResult, im *ent.User, key string) {
	cands := st.oaByKey[key]
	switch len(cands) {
	case 0:
		r.set(ReasonOAUserUnknown, "no OA user has %s %q", st.field, key)
		return
	case 1:
	default:
		r.Candidates = append([]*ent.User(nil), cands...)
		sort.SliceStable(r.Candidates, func(i, j int) bool { return who(r.Candidates[i]) < who(r.Candidates[j]) })
		names := make([]string, 0, len(cands))
		for _, c := range r.Candidates {
			names = append(names, who(c))
		}
		r.set(ReasonOAUserAmbiguous, "%d OA users have %s %q: %s; bind one by hand", len(cands), st.field, key, strings.Join(names, ", "))
		return
	}
	oa := cands[0]
	r.OA = oa
	if b := st.imBound[im.ID]; b != nil {
		if b.OaUserID != nil && *b.OaUserID == oa.ID {
			r.Binding = b.ID
			r.set(ReasonAlreadyBound, "already bound to %s", who(oa))
			return
		}
		r.Holder = b.Edges.OaUser
		r.set(ReasonIMUserBoundToOther, "IM user %s is bound to OA user %s; unbind first", who(im), who(b.Edges.OaUser))
		return
	}
	if b := st.oaBound[oa.ID]; b != nil {
		r.Holder = b.Edges.ImUser
		r.set(ReasonOAUserBoundToOther, "OA user %s is bound to IM user %s in this corp; unbind first", who(oa), who(b.Edges.ImUser))
		return
	}
	r.set(ReasonBound, "bound to %s", who(oa))
}

// set gives the row its reason, the outcome that goes with it, and the
// English sentence.
func (r *RowResult) set(code Reason, format string, args ...any) {
	r.Code, r.Outcome, r.Reason = code, code.Outcome(), fmt.Sprintf(format, args...)
}

// pending is a binding to create.
type pending struct {
	row    int
	im, oa *ent.User
}

// createBindings writes bindings in batches and their history, returning
// the new ids in order.
func createBindings(ctx context.Context, db *ent.Client, corp int, method binding.Method, ps []pending) ([]int, error) {
	actor := viewer.FromContext(ctx).Actor()
	ids := make([]int, 0, len(ps))
	const batch = 500
	for start := 0; start < len(ps); start += batch {
		part := ps[start:min(start+batch, len(ps))]
		creates := make([]*ent.BindingCreate, 0, len(part))
		for _, p := range part {
			creates = append(creates, db.Binding.Create().SetCorpID(corp).SetKind(binding.KindUser).
				SetOaUserID(p.oa.ID).SetImUserID(p.im.ID).SetMethod(method).SetCreatedBy(actor))
		}
		bs, err := db.Binding.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			ids = append(ids, b.ID)
		}
	}
	evs := make([]event, len(ps))
	for i, p := range ps {
		evs[i] = event{action: ActionBind, binding: ids[i], corp: corp, oa: p.oa, im: p.im, method: string(method), row: p.row}
	}
	return ids, record(ctx, db, evs)
}
