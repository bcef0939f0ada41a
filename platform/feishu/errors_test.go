package feishu_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
	"imbridge/worker/broker"
)

func TestUnknownDepartmentIsPlatformError(t *testing.T) {
	e := newEnv(t, feishusim.Config{}, nil)
	_, err := e.client.Department(testCtx(t), "no-such-dept")
	var pe *platform.Error
	if !errors.As(err, &pe) {
		t.Fatalf("got %T %v", err, err)
	}
	if pe.Platform != "feishu" || pe.Code != feishusim.CodeDeptNotExist || pe.HTTPStatus != http.StatusBadRequest ||
		pe.Class != platform.ClassNotFound || pe.Msg == "" || pe.LogID == "" {
		t.Fatalf("got %+v", pe)
	}
	// The log id is the one the platform logged the request under.
	reqs := e.sim.Requests()
	if last := reqs[len(reqs)-1]; last.Code != pe.Code {
		t.Fatalf("last request %+v", last)
	}
}

func TestBadCredentials(t *testing.T) {
	e := newEnv(t, feishusim.Config{}, nil)
	bad := e.newClient(func(p *feishu.Params) { p.AppSecret = "wrong" })
	ctx := testCtx(t)
	check := func(what string, err error) {
		t.Helper()
		var pe *platform.Error
		if !errors.As(err, &pe) || pe.Code != feishusim.CodeAppSecretInvalid || pe.Msg == "" || pe.LogID == "" {
			t.Fatalf("%s: got %T %+v", what, err, err)
		}
		if strings.Contains(err.Error(), "wrong") {
			t.Fatalf("%s: the error shows the secret: %v", what, err)
		}
	}
	_, err := bad.TenantAccessToken(ctx)
	check("TenantAccessToken", err)
	// Through the SDK's own token fetch (no HTTP status reaches us there).
	err = bad.ChildDepartments(ctx, platform.RootDepartmentID, func([]platform.DirDepartment) error { return nil })
	check("ChildDepartments", err)
	_, err = bad.Probe(ctx)
	check("Probe", err)
}

func TestCallbackErrorStopsListing(t *testing.T) {
	e := newEnv(t, feishusim.Config{Org: bigOrg(), RateLimit: feishusim.RateLimit{Disabled: true}}, nil)
	stop := errors.New("enough")
	pages := 0
	err := e.client.DepartmentUsers(testCtx(t), e.sim.Org().Children(platform.RootDepartmentID)[0],
		func([]platform.DirUser) error { pages++; return stop })
	if err != stop || pages != 1 {
		t.Fatalf("err %v after %d pages", err, pages)
	}
}

// fakeFeishu answers the token endpoint and serves children from pages.
func fakeFeishu(t *testing.T, pages func(token string) string) (*httptest.Server, *atomic.Int64) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if strings.HasSuffix(r.URL.Path, "/tenant_access_token/internal") {
			fmt.Fprint(w, `{"code":0,"msg":"ok","tenant_access_token":"t-fake","expire":7200}`)
			return
		}
		if calls.Add(1) > 20 {
			http.Error(w, `{"code":1,"msg":"too many pages"}`, http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, pages(r.URL.Query().Get("page_token")))
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

func fakeClient(t *testing.T, url string) *feishu.Client {
	c, err := feishu.New(feishu.Params{AppID: fmt.Sprintf("cli_fake%04d", appSeq.Add(1)), AppSecret: "s",
		BaseURL: url, Broker: broker.OpenTest(t), Limits: unlimited, Egress: simEgress})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The last page carries page_token "" and has_more false: the SDK's
// iterator loops on that (reference §1.1); the hand-written loop stops.
func TestPaginationStopsOnHasMoreFalse(t *testing.T) {
	srv, calls := fakeFeishu(t, func(tok string) string {
		if tok == "" {
			return `{"code":0,"data":{"has_more":true,"page_token":"p2","items":[{"department_id":"a","name":"A"}]}}`
		}
		return `{"code":0,"data":{"has_more":false,"page_token":"","items":[{"department_id":"b","name":"B"}]}}`
	})
	var got []string
	err := fakeClient(t, srv.URL).ChildDepartments(testCtx(t), "0", func(ds []platform.DirDepartment) error {
		for _, d := range ds {
			got = append(got, d.ID)
		}
		return nil
	})
	if err != nil || fmt.Sprint(got) != "[a b]" || calls.Load() != 2 {
		t.Fatalf("got %v, %v after %d calls", got, err, calls.Load())
	}
}

// A server that hands out the same page token again would make the listing
// endless: it is an error instead.
func TestPaginationRefusesToLoop(t *testing.T) {
	for name, page := range map[string]string{
		"repeated token": `{"code":0,"data":{"has_more":true,"page_token":"same","items":[{"department_id":"a"}]}}`,
		"no token":       `{"code":0,"data":{"has_more":true,"items":[{"department_id":"a"}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv, calls := fakeFeishu(t, func(string) string { return page })
			err := fakeClient(t, srv.URL).ChildDepartments(context.Background(), "0",
				func([]platform.DirDepartment) error { return nil })
			if err == nil || calls.Load() > 2 {
				t.Fatalf("err %v after %d calls", err, calls.Load())
			}
		})
	}
}
