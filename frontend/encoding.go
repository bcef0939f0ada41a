package frontend

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// encodings are the precompressed variants the build writes beside each
// asset (scripts/compress.mjs), in the order they are preferred.
var encodings = []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

// precompressed returns the file to send for name given the request's
// Accept-Encoding (RFC 9110 §12.5.3): name+".br" or name+".gz" when the
// browser accepts that coding and the build wrote it, else "". The
// response then varies by Accept-Encoding either way.
func precompressed(root fs.FS, name, acceptEncoding string) (file, coding string) {
	accepted := parseAcceptEncoding(acceptEncoding)
	for _, e := range encodings {
		if accepted(e.token) && isFile(root, name+e.ext) {
			return name + e.ext, e.token
		}
	}
	return "", ""
}

// parseAcceptEncoding returns whether a coding is acceptable: listed (or
// covered by "*") with a q-value above 0.
func parseAcceptEncoding(header string) func(string) bool {
	q := map[string]float64{}
	for _, part := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		token = strings.ToLower(strings.TrimSpace(token))
		if token == "" {
			continue
		}
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					weight = f
				}
			}
		}
		q[token] = weight
	}
	return func(coding string) bool {
		if w, ok := q[coding]; ok {
			return w > 0
		}
		w, ok := q["*"]
		return ok && w > 0
	}
}

// serveEncoded sends the precompressed file with the original's media type.
func serveEncoded(w http.ResponseWriter, r *http.Request, root fs.FS, name, file, coding string) {
	data, err := fs.ReadFile(root, file)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Encoding", coding)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}
