package frontend

import (
	"net/http"
	"net/http/httptest"
	"os"
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

// TestEmbeddedHandlerBuilds: the binary serves what dist held when it was
// compiled: the console when it was built (index.html is there), else the
// 503 that says how to build it. Which one is known from the same files, so
// each case is checked for exactly its own answer.
func TestEmbeddedHandlerBuilds(t *testing.T) {
	_, err := os.Stat("dist/index.html")
	built := err == nil
	rec := get(t, Handler(), "/")
	switch {
	case built && (rec.Code != http.StatusOK || !strings.Contains(strings.ToLower(rec.Body.String()), "<html")):
		t.Fatalf("dist has a build, but / answered %d %q", rec.Code, rec.Body.String())
	case !built && (rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "make run")):
		t.Fatalf("dist has no build, but / answered %d %q", rec.Code, rec.Body.String())
	}
}
