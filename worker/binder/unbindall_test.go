package binder_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"imbridge/ent/binding"
	"imbridge/worker/binder"
)

func TestUnbindAllNeedsTheCurrentCount(t *testing.T) {
	w := importWorld(t) // two user bindings
	imDept := w.db.Department.Create().SetCorpID(w.corp).SetExternalID("od-2").SetName("d2").SaveX(w.ctx)
	oaDept := w.db.Department.Create().SetExternalID("D1").SetName("d").SaveX(w.ctx)
	w.db.Binding.Create().SetCorpID(w.corp).SetKind(binding.KindDepartment).SetOaDepartmentID(oaDept.ID).
		SetImDepartmentID(imDept.ID).SetMethod(binding.MethodAuto).SaveX(w.ctx)

	for _, n := range []int{1, 3, 0} {
		_, err := binder.UnbindAll(w.ctx, w.db, w.corp, n)
		var ce *binder.ConflictError
		if !errors.As(err, &ce) || !strings.Contains(ce.Message, "has 2 user bindings") {
			t.Errorf("confirm %d: %v", n, err)
		}
	}
	if p := w.pairs(); len(p) != 2 {
		t.Fatalf("a refused batch unbind removed bindings: %v", p)
	}
	n, err := binder.UnbindAll(w.ctx, w.db, w.corp, 2)
	if err != nil || n != 2 {
		t.Fatalf("unbind all: %d %v", n, err)
	}
	if p := w.pairs(); len(p) != 0 {
		t.Errorf("left: %v", p)
	}
	if d := w.db.Binding.Query().Where(binding.KindEQ(binding.KindDepartment)).CountX(w.ctx); d != 1 {
		t.Errorf("department bindings: %d, want 1 (left alone)", d)
	}
	h := w.history(binder.ActionUnbind)
	if len(h) != 2 || !strings.Contains(h[0], "U5 赵六") || !strings.Contains(h[1], "ou9 吴十") {
		t.Errorf("unbind history: %q", h)
	}
}

func TestBindAndUnbindKeepHistory(t *testing.T) {
	w := importWorld(t)
	b, err := binder.Bind(w.ctx, w.db, w.oa["U1"].ID, w.im["ou1"].ID, binding.MethodManual)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ oa, im, want string }{
		{"U1", "ou1", "already bound to 张三 (U1)"},
		{"U3", "ou1", "IM user 张三 (ou1) is already bound to OA user 张三 (U1)"},
		{"U2", "ou2", "OA user 李四 (U2) is already bound to IM user 吴十 (ou9)"},
	} {
		_, err := binder.Bind(w.ctx, w.db, w.oa[c.oa].ID, w.im[c.im].ID, binding.MethodManual)
		var ce *binder.ConflictError
		if !errors.As(err, &ce) || !strings.Contains(ce.Message, c.want) {
			t.Errorf("bind %s–%s: %v, want %q", c.oa, c.im, err, c.want)
		}
	}
	var ie *binder.InputError
	if _, err := binder.Bind(w.ctx, w.db, w.im["ou2"].ID, w.im["ou3"].ID, binding.MethodManual); !errors.As(err, &ie) || ie.Field != "oaUserID" {
		t.Errorf("IM user as the OA side: %v", err)
	}
	if err := binder.Unbind(w.ctx, w.db, b.ID); err != nil {
		t.Fatal(err)
	}
	bind, unbind := w.history(binder.ActionBind), w.history(binder.ActionUnbind)
	if len(bind) != 1 || len(unbind) != 1 || !strings.Contains(unbind[0], `"method":"manual"`) || !strings.Contains(unbind[0], "U1 张三") {
		t.Errorf("history: %q / %q", bind, unbind)
	}
	if p, want := w.pairs(), []string{"ou5=U5/manual", "ou9=U2/manual"}; !reflect.DeepEqual(p, want) {
		t.Errorf("bindings %v", p)
	}
}
