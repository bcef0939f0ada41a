package main

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
)

// demoOACSRFCookie holds the demo OA page's form token. The push button
// pushes a real to-do to the demo's people, so a POST must come from the
// page itself: the cookie (SameSite=Strict, never sent by another site's
// form) must equal the page's hidden field. A plain POST with neither — a
// curl, or another site's form the admin's browser submits — is refused.
const demoOACSRFCookie = "imbridge_demo_oa_csrf"

// demoOACSRF returns the browser's form token, setting a new one when it
// has none.
func demoOACSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(demoOACSRFCookie); err == nil && len(c.Value) == 64 {
		return c.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: demoOACSRFCookie, Value: tok, Path: demoOAPath,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	return tok
}

// demoOACSRFOK says whether a POST carries the page's token in both the
// cookie and the form.
func demoOACSRFOK(r *http.Request) bool {
	c, err := r.Cookie(demoOACSRFCookie)
	if err != nil || len(c.Value) != 64 {
		return false
	}
	form := r.PostFormValue("csrf")
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(form)) == 1
}
