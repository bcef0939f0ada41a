package frontend

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
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

// TestPrecompressedAssets: an asset the build precompressed is sent as
// brotli or gzip, whichever the browser accepts (q=0 refuses a coding),
// with the original's media type and Vary: Accept-Encoding; the original
// when it accepts neither.
func TestPrecompressedAssets(t *testing.T) {
	h := handler(fstest.MapFS{
		"index.html":            {Data: []byte("<html>console</html>")},
		"assets/app-abc.js":     {Data: []byte("console.log('plain')")},
		"assets/app-abc.js.br":  {Data: []byte("BROTLI")},
		"assets/app-abc.js.gz":  {Data: []byte("GZIP")},
		"assets/only-gz.css":    {Data: []byte("body{}")},
		"assets/only-gz.css.gz": {Data: []byte("GZIP-CSS")},
	})
	cases := []struct{ path, accept, coding, body string }{
		{"/assets/app-abc.js", "gzip, deflate, br, zstd", "br", "BROTLI"},
		{"/assets/app-abc.js", "gzip", "gzip", "GZIP"},
		{"/assets/app-abc.js", "br;q=0, gzip;q=0.5", "gzip", "GZIP"},
		{"/assets/app-abc.js", "*", "br", "BROTLI"},
		{"/assets/app-abc.js", "*, br;q=0", "gzip", "GZIP"},
		{"/assets/app-abc.js", "", "", "console.log('plain')"},
		{"/assets/app-abc.js", "identity", "", "console.log('plain')"},
		{"/assets/only-gz.css", "br, gzip", "gzip", "GZIP-CSS"},
		{"/assets/only-gz.css", "br", "", "body{}"},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodGet, c.path, nil)
		if c.accept != "" {
			req.Header.Set("Accept-Encoding", c.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != c.coding || rec.Body.String() != c.body {
			t.Errorf("%s with %q: %d %q %q, want %q %q", c.path, c.accept, rec.Code, rec.Header().Get("Content-Encoding"), rec.Body.String(), c.coding, c.body)
		}
		if rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("%s with %q: Vary %q", c.path, c.accept, rec.Header().Get("Vary"))
		}
		want := "text/javascript; charset=utf-8"
		if strings.HasSuffix(c.path, ".css") {
			want = "text/css; charset=utf-8"
		}
		if got := rec.Header().Get("Content-Type"); got != want {
			t.Errorf("%s with %q: Content-Type %q, want %q", c.path, c.accept, got, want)
		}
	}
}

// TestBuildIsPrecompressed: every script of a real build has its brotli and
// gzip variants, which decompress to the script (skipped without a build).
func TestBuildIsPrecompressed(t *testing.T) {
	entries, err := os.ReadDir("dist/assets")
	if err != nil {
		t.Skip("no build in dist/")
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".js") {
			continue
		}
		plain, _ := os.ReadFile("dist/assets/" + name)
		if len(plain) < 1024 {
			continue
		}
		n++
		gz, err := os.ReadFile("dist/assets/" + name + ".gz")
		if err != nil {
			t.Errorf("%s has no .gz", name)
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, _ := io.ReadAll(zr)
		if !bytes.Equal(unzipped, plain) {
			t.Errorf("%s.gz is not %s", name, name)
		}
		if br, err := os.Stat("dist/assets/" + name + ".br"); err != nil || br.Size() >= int64(len(gz)) {
			t.Errorf("%s.br missing or not smaller than gzip: %v", name, err)
		}
	}
	if n == 0 {
		t.Error("the build has no scripts")
	}
}

// firstPageBudget bounds the scripts index.html loads before the login page
// shows, as brotli sends them (the whole console is ~600 KiB so).
const firstPageBudget = 320 << 10

// TestFirstPageIsSmall: the scripts the first page loads (index.html's
// module and its preloads) fit the budget, and carry no page's GraphQL
// operations: each page brings its own (scripts/inline-documents.ts), the
// document map of every operation is not loaded at all. Skipped without a
// build.
func TestFirstPageIsSmall(t *testing.T) {
	index, err := os.ReadFile("dist/index.html")
	if err != nil {
		t.Skip("no build in dist/")
	}
	scripts := regexp.MustCompile(`(?:src|href)="/(assets/[^"]+\.js)"`).FindAllStringSubmatch(string(index), -1)
	if len(scripts) == 0 {
		t.Fatalf("index.html loads no script:\n%s", index)
	}
	total := 0
	for _, m := range scripts {
		body, err := os.ReadFile("dist/" + m[1])
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range []string{"query Admins", "query DirectoryUsers", "mutation ImportDirectoryFile", "query AuditEvents"} {
			if bytes.Contains(body, []byte(op)) {
				t.Errorf("%s, loaded by the first page, holds another page's operation %q", m[1], op)
			}
		}
		size := len(body)
		if br, err := os.Stat("dist/" + m[1] + ".br"); err == nil {
			size = int(br.Size())
		}
		total += size
	}
	t.Logf("first page: %d scripts, %d KiB as sent (brotli)", len(scripts), total>>10)
	if total > firstPageBudget {
		t.Errorf("the first page loads %d KiB of script (brotli), over the %d KiB budget", total>>10, firstPageBudget>>10)
	}
}
