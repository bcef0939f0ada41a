package binder_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"imbridge/ent/binding"
	"imbridge/ent/reviewitem"
	"imbridge/ent/syncrun"
	"imbridge/ent/user"
	"imbridge/worker/binder"
)

func TestAutoBindByMobile(t *testing.T) {
	w := newWorld(t, "acme")
	w.addOA(person{ext: "U1", name: "a", mobile: "+8613900000001"})
	w.addOA(person{ext: "U2", name: "b", mobile: "+8613900000002"})
	w.addOA(person{ext: "U3", name: "c", email: "c@acme.com"})
	w.addOA(person{ext: "U3b", name: "c2", email: "C@ACME.COM"})
	w.addOA(person{ext: "U4", name: "d", mobile: "+8613900000004"})
	w.addOA(person{ext: "U5", name: "e", mobile: "+8613900000005", status: user.StatusResigned})
	w.addIM(person{ext: "ou1", name: "a", mobile: "+86 139 0000 0001"}) // → U1 (canonical)
	w.addIM(person{ext: "ou2", name: "b", mobile: "+8613900000002"})    // U2 is bound to ou2b already: taken
	w.addIM(person{ext: "ou2b", name: "b'", mobile: "+8613900000009"})
	w.addIM(person{ext: "ou4", name: "d", mobile: "+8613900000004", status: user.StatusResigned}) // resigned: left alone
	w.addIM(person{ext: "ou5", name: "e", mobile: "+8613900000005"})                              // OA person resigned: not found
	w.addIM(person{ext: "ou6", name: "f"})                                                        // no mobile: left alone
	w.addIM(person{ext: "ou7", name: "g", mobile: "+8613900000001"})                              // same number as ou1: U1 is taken by then
	out := w.addIM(person{ext: "ou8", name: "h", mobile: "+8613900000004"})
	w.db.User.UpdateOneID(out.ID).SetOutOfScopeAt(time.Now()).ExecX(w.ctx) // out of scope: left alone
	w.bind("U2", "ou2b", binding.MethodManual)

	res, err := binder.AutoBind(w.ctx, w.db, binder.AutoBindInput{CorpID: w.corp, Field: binder.FieldMobile})
	if err != nil {
		t.Fatal(err)
	}
	if want := (binder.AutoBindResult{Bound: 1, NotFound: 1, Taken: 2}); res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	if p, want := w.pairs(), []string{"ou1=U1/auto", "ou2b=U2/manual"}; !reflect.DeepEqual(p, want) {
		t.Errorf("bindings %v, want %v", p, want)
	}
	if h := w.history(binder.ActionBind); len(h) != 1 {
		t.Errorf("history %v", h)
	}

	// E-mail, ignoring case: two OA people share it, nobody is guessed.
	w.addIM(person{ext: "ou3", name: "c", email: "c@Acme.com"})
	run := w.db.SyncRun.Create().SetKind(syncrun.KindImPull).SetCorpID(w.corp).SetTrigger(syncrun.TriggerManual).SaveX(w.ctx)
	for pass := range 2 {
		res, err = binder.AutoBind(w.ctx, w.db, binder.AutoBindInput{CorpID: w.corp, Field: binder.FieldEmail, RunID: run.ID})
		if err != nil || res.Ambiguous != 1 || res.Bound != 0 || res.Queued != 1-pass {
			t.Errorf("e-mail pass %d: %+v %v", pass, res, err)
		}
	}
	items := w.db.ReviewItem.Query().AllX(w.ctx)
	if len(items) != 1 || items[0].Kind != reviewitem.KindAmbiguous || items[0].Source != "ou3" ||
		!reflect.DeepEqual(items[0].Candidates, []string{"U3", "U3b"}) || items[0].RunID != run.ID || items[0].Value != "c@acme.com" {
		t.Errorf("review items: %+v", items)
	}
	// A second pass changes nothing.
	res, err = binder.AutoBind(w.ctx, w.db, binder.AutoBindInput{CorpID: w.corp, Field: binder.FieldMobile})
	if err != nil || res.Bound != 0 {
		t.Errorf("second pass: %+v %v", res, err)
	}
}

// An ambiguous person queued by a pull's auto-bind is resolved in one
// click: choosing a candidate binds that OA user to the IM user.
func TestAutoBindReviewItemResolves(t *testing.T) {
	w := newWorld(t, "acme")
	w.addOA(person{ext: "U1", name: "a", empNo: "E1"})
	w.addOA(person{ext: "U2", name: "a2", empNo: "E1"})
	w.addIM(person{ext: "ou1", name: "a", empNo: "E1"})
	run := w.db.SyncRun.Create().SetKind(syncrun.KindImPull).SetCorpID(w.corp).SetTrigger(syncrun.TriggerSchedule).SaveX(w.ctx)
	if _, err := binder.AutoBind(w.ctx, w.db, binder.AutoBindInput{CorpID: w.corp, Field: binder.FieldEmployeeNo, RunID: run.ID}); err != nil {
		t.Fatal(err)
	}
	it := w.db.ReviewItem.Query().OnlyX(w.ctx)
	if _, err := binder.ResolveReview(w.ctx, w.db, it.ID, "U2", false); err != nil {
		t.Fatal(err)
	}
	if p, want := w.pairs(), []string{"ou1=U2/manual"}; !reflect.DeepEqual(p, want) {
		t.Errorf("bindings %v, want %v", p, want)
	}
	// Through Bind: the binding history has it, like any other binding.
	if h := w.history(binder.ActionBind); len(h) != 1 {
		t.Errorf("history %v, want the resolution's binding", h)
	}
	if _, err := binder.ResolveReview(w.ctx, w.db, it.ID, "U2", false); err == nil {
		t.Error("a resolved item resolved again")
	}
}

// A resolution obeys the binding rules of Bind: a candidate bound since
// the item was queued is refused with a conflict naming who holds it, and
// the item stays open.
func TestReviewResolutionKeepsBindingRules(t *testing.T) {
	w := newWorld(t, "acme")
	w.addOA(person{ext: "U1", name: "a", empNo: "E1"})
	w.addOA(person{ext: "U2", name: "a2", empNo: "E1"})
	w.addIM(person{ext: "ou1", name: "a", empNo: "E1"})
	w.addIM(person{ext: "ou2", name: "b", empNo: "E2"})
	run := w.db.SyncRun.Create().SetKind(syncrun.KindImPull).SetCorpID(w.corp).SetTrigger(syncrun.TriggerSchedule).SaveX(w.ctx)
	if _, err := binder.AutoBind(w.ctx, w.db, binder.AutoBindInput{CorpID: w.corp, Field: binder.FieldEmployeeNo, RunID: run.ID}); err != nil {
		t.Fatal(err)
	}
	it := w.db.ReviewItem.Query().OnlyX(w.ctx)
	if _, err := binder.Bind(w.ctx, w.db, w.oa["U2"].ID, w.im["ou2"].ID, binding.MethodManual); err != nil {
		t.Fatal(err)
	}
	_, err := binder.ResolveReview(w.ctx, w.db, it.ID, "U2", false)
	var ce *binder.ConflictError
	if !errors.As(err, &ce) || !strings.Contains(ce.Message, "ou2") {
		t.Fatalf("err = %v, want a conflict naming the IM user holding U2", err)
	}
	if st := w.db.ReviewItem.GetX(w.ctx, it.ID).Status; st != reviewitem.StatusOpen {
		t.Errorf("item %s after a refused resolution, want open", st)
	}
	_, err = binder.ResolveReview(w.ctx, w.db, it.ID, "U9", false)
	var ie *binder.InputError
	if !errors.As(err, &ie) || ie.Field != "input.candidate" {
		t.Errorf("err = %v, want input.candidate refused", err)
	}
}
