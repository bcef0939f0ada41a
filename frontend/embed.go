// Package frontend serves the admin console (the React SPA built into dist/)
// from inside the imbridge binary.
package frontend

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// dist holds the Vite build. Only dist/.keep is committed; `make` runs the
// frontend build first. "all:" keeps dotfiles so the pattern matches on a
// fresh clone where .keep is the only file.
//
//go:embed all:dist
var dist embed.FS

// Handler serves the console with client-side-routing fallback: any path that
// is not a file and does not look like an asset gets index.html, so deep links
// such as /directory survive a reload.
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // cannot happen: "dist" is the embed root
	}
	return handler(sub)
}

func handler(root fs.FS) http.Handler {
	files := http.FileServerFS(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name != "" && name != "index.html" && isFile(root, name) {
			if strings.HasPrefix(name, "assets/") {
				// Vite puts a content hash in every asset name, so they never change.
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			// A file the build precompressed is sent in the best coding the
			// browser accepts; the answer varies by Accept-Encoding.
			if isFile(root, name+".br") || isFile(root, name+".gz") {
				w.Header().Add("Vary", "Accept-Encoding")
				if file, coding := precompressed(root, name, r.Header.Get("Accept-Encoding")); file != "" {
					serveEncoded(w, r, root, name, file, coding)
					return
				}
			}
			files.ServeHTTP(w, r)
			return
		}
		// A missing file under /assets/ or with an extension is a real 404 (an
		// old hashed bundle, a typo); answering index.html would hide it.
		if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" && name != "index.html" {
			http.NotFound(w, r)
			return
		}
		serveIndex(w, r, root)
	})
}

func serveIndex(w http.ResponseWriter, r *http.Request, root fs.FS) {
	body, err := fs.ReadFile(root, "index.html")
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("console not built: run make run\n"))
		return
	}
	// index.html names the current hashed bundles; it must be revalidated.
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

func isFile(root fs.FS, name string) bool {
	st, err := fs.Stat(root, name)
	return err == nil && !st.IsDir()
}
