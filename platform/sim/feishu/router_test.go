package feishu

import (
	"net/http"
	"net/http/httptest"
	"testing"

	lark "github.com/larksuite/oapi-sdk-go/v3"
	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
)

func TestAPINamesMatchRoutes(t *testing.T) {
	s := New(Config{})
	defer s.Close()
	names := map[string]bool{}
	for _, n := range []string{APITenantToken, APIAppToken, APIDepartmentChildren, APIDepartmentGet,
		APIDepartmentCreate, APIDepartmentPatch, APIDepartmentDelete, APIUserFindByDepartment,
		APIUserGet, APIUserCreate, APIUserPatch, APIUserDelete, APIUserBatchGetID, APIUserResurrect, APIScopeList,
		APIMessageCreate, APIMessagePatch, APIMessageDelete, APIBatchSend, APIBatchRecall, APICardUpdate,
		APIExternalApprovalCreate, APIExternalInstanceCreate, APIExternalInstanceCheck, APIExternalTaskList, APIOAuthToken, APIUserInfo} {
		names[n] = true
	}
	for i := range s.routes {
		if !names[s.routes[i].API()] {
			t.Errorf("route %q has no API constant", s.routes[i].API())
		}
	}
	if len(s.routes) != len(names) {
		t.Errorf("%d routes, %d names", len(s.routes), len(names))
	}
}

// The simulator can be mounted under a prefix (as the demo does).
func TestMountedUnderPrefix(t *testing.T) {
	s := New(Config{Apps: []App{{ID: "cli_prefix_test", Secret: "s"}}})
	defer s.Close()
	mux := http.NewServeMux()
	mux.Handle("/sim/feishu/", http.StripPrefix("/sim/feishu", s))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := lark.NewClient("cli_prefix_test", "s", lark.WithOpenBaseUrl(srv.URL+"/sim/feishu"),
		lark.WithLogLevel(larkcore.LogLevelError))
	if r := getRoot(t, c); !r.Success() {
		t.Fatalf("mounted: %+v", r.CodeError)
	}
	var out struct{ Code int }
	e := &env{t: t, srv: srv}
	if resp := e.get("/sim/feishu/open-apis/nope", "", &out); resp.StatusCode != 404 {
		t.Fatalf("unknown path: %d", resp.StatusCode)
	}
}
