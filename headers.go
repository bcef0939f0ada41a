package main

import "net/http"

// consoleCSP is the console's Content-Security-Policy. The Vite build loads
// its module script and stylesheet from /assets (index.html has no inline
// script); Ant Design's CSS-in-JS injects <style> elements, hence
// 'unsafe-inline' for styles only. The console talks to /query and /auth on
// its own origin, over fetch and WebSocket ('self' covers ws: and wss: of
// the same host). No other origin may frame it, submit its forms or be its
// base URL.
const consoleCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// consoleHeaders adds the console's CSP to its pages.
func consoleHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", consoleCSP)
		next.ServeHTTP(w, r)
	})
}

// baseHeaders go on every response: no MIME sniffing, no framing by other
// sites (GraphiQL and the simulator's pages included), no referrer beyond
// our own origin. Handlers may set a stricter policy (consoleHeaders).
func baseHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "frame-ancestors 'none'")
		next.ServeHTTP(w, r)
	})
}
