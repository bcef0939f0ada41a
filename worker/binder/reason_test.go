package binder_test

import (
	"reflect"
	"testing"

	"imbridge/worker/binder"
)

// TestImportRowsCarryReasonCodes: every way a row can end has its own
// stable code, the outcome that goes with it, and the people or row the
// console's text names.
func TestImportRowsCarryReasonCodes(t *testing.T) {
	w := importWorld(t)
	run := func(f binder.Field, rows [][]string) *binder.Report {
		t.Helper()
		rows = append([][]string{{"用户ID user_id", "关联字段 match_value"}}, rows...)
		rep, err := binder.Import(w.ctx, w.db, binder.ImportInput{CorpID: w.corp, Field: f, Format: binder.FormatCSV, Data: writeCSV(t, rows)})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	mob := run(binder.FieldMobile, [][]string{
		{"", "13900000001"},          // 2
		{"ou-gone", "13900000001"},   // 3
		{"ou1", "13900000001"},       // 4
		{"ou1", "13900000001"},       // 5
		{"ou3", "13900000099"},       // 6
		{"ou2", "13900000002"},       // 7: U2 is ou9's
		{"ou5", "13900000005"},       // 8
		{"ou9", "13900000003"},       // 9: ou9 is U2's
		{"ou6", "not a number"},      // 10
		{"ou7", "+86 139 0000 0006"}, // 11: U6 resigned
		{"ou8", "   "},               // skipped
	})
	emp := run(binder.FieldEmployeeNo, [][]string{{"ou3", "E007"}})
	mail := run(binder.FieldEmail, [][]string{{"ou6", "zhang.san@"}})

	got := map[int]binder.Reason{}
	for _, r := range mob.Rows {
		got[r.Row] = r.Code
		if r.Code.Outcome() != r.Outcome {
			t.Errorf("row %d: reason %s but outcome %s", r.Row, r.Code, r.Outcome)
		}
	}
	want := map[int]binder.Reason{
		2: binder.ReasonIMUserMissing, 3: binder.ReasonIMUserUnknown, 4: binder.ReasonBound, 5: binder.ReasonIMUserRepeated,
		6: binder.ReasonOAUserUnknown, 7: binder.ReasonOAUserBoundToOther, 8: binder.ReasonAlreadyBound,
		9: binder.ReasonIMUserBoundToOther, 10: binder.ReasonMobileInvalid, 11: binder.ReasonOAUserUnknown,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reasons\n got %v\nwant %v", got, want)
	}
	if mob.ByReason[binder.ReasonOAUserUnknown] != 2 || mob.ByReason[binder.ReasonBound] != 1 || mob.Skipped != 1 {
		t.Errorf("counts by reason %v, skipped %d", mob.ByReason, mob.Skipped)
	}
	byRow := map[int]binder.RowResult{}
	for _, r := range mob.Rows {
		byRow[r.Row] = r
	}
	if r := byRow[5]; r.EarlierRow != 4 {
		t.Errorf("repeated row names row %d, want 4", r.EarlierRow)
	}
	if r := byRow[7]; r.Holder == nil || r.Holder.ExternalID != "ou9" || r.OA == nil || r.OA.ExternalID != "U2" {
		t.Errorf("OA side held: holder %+v oa %+v", r.Holder, r.OA)
	}
	if r := byRow[9]; r.Holder == nil || r.Holder.ExternalID != "U2" {
		t.Errorf("IM side held: holder %+v", r.Holder)
	}
	if r := byRow[6]; r.Holder != nil || r.EarlierRow != 0 || len(r.Candidates) != 0 {
		t.Errorf("a not-found row names people: %+v", r)
	}

	if len(emp.Rows) != 1 || emp.Rows[0].Code != binder.ReasonOAUserAmbiguous {
		t.Fatalf("employee no. report %+v", emp.Rows)
	}
	var cands []string
	for _, c := range emp.Rows[0].Candidates {
		cands = append(cands, c.ExternalID)
	}
	if !reflect.DeepEqual(cands, []string{"U3", "U4"}) {
		t.Errorf("candidates %v, want [U3 U4]", cands)
	}
	if len(mail.Rows) != 1 || mail.Rows[0].Code != binder.ReasonEmailInvalid || mail.Rows[0].Outcome != binder.Invalid {
		t.Errorf("e-mail report %+v", mail.Rows)
	}
}

// TestEveryReasonHasOneOutcome: the list the console documents is complete
// and each code says its outcome.
func TestEveryReasonHasOneOutcome(t *testing.T) {
	seen := map[binder.Reason]bool{}
	n := map[binder.Outcome]int{}
	for _, r := range binder.Reasons {
		if seen[r] {
			t.Errorf("%s listed twice", r)
		}
		seen[r] = true
		n[r.Outcome()]++
	}
	for _, o := range []binder.Outcome{binder.Bound, binder.AlreadyBound, binder.NotFound, binder.Ambiguous, binder.Conflict, binder.Invalid} {
		if n[o] == 0 {
			t.Errorf("outcome %s has no reason", o)
		}
	}
}
