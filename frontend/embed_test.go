package frontend

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

func TestHandlerServesSPA(t *testing.T) {
	h := handler(fstest.MapFS{
		"index.html":        {Data: []byte("<html>console</html>")},
		"assets/app-abc.js": {Data: []byte("console.log(1)")},
		"favicon.svg":       {Data: []byte("<svg/>")},
	})

	cases := []struct {
		path, cache, body string
		code              int
	}{
		{"/", "no-cache", "console", 200},
		{"/directory/users", "no-cache", "console", 200},
		{"/index.html", "no-cache", "console", 200},
		{"/assets/app-abc.js", "immutable", "console.log", 200},
		{"/favicon.svg", "", "<svg/>", 200},
		{"/assets/missing.js", "", "", 404},
		{"/missing.png", "", "", 404},
	}
	for _, c := range cases {
		rec := get(t, h, c.path)
		if rec.Code != c.code {
			t.Errorf("%s: code %d, want %d", c.path, rec.Code, c.code)
		}
		if !strings.Contains(rec.Header().Get("Cache-Control"), c.cache) {
			t.Errorf("%s: Cache-Control %q, want %q", c.path, rec.Header().Get("Cache-Control"), c.cache)
		}
		if !strings.Contains(rec.Body.String(), c.body) {
			t.Errorf("%s: body %q, want %q", c.path, rec.Body.String(), c.body)
		}
	}
}

func TestHandlerWithoutBuild(t *testing.T) {
	h := handler(fstest.MapFS{".keep": {Data: nil}})
	rec := get(t, h, "/")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "make run") {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestEmbeddedHandlerBuilds(t *testing.T) {
	// Whatever dist holds (a build or only .keep), the root must answer.
	rec := get(t, Handler(), "/")
	if rec.Code != 200 && rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("got %d", rec.Code)
	}
}
