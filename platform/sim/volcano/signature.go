package volcano

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// verify checks the V4 signature: Authorization "HMAC-SHA256
// Credential={AK}/{YYYYMMDD}/{Region}/{Service}/request, SignedHeaders=…,
// Signature=…", with host and x-date signed; returns the public code of a
// refusal, or "".
func (s *Server) verify(r *http.Request, body []byte) string {
	auth := r.Header.Get("Authorization")
	xdate := r.Header.Get("X-Date")
	if auth == "" || xdate == "" {
		return "MissingRequestInfo"
	}
	t, err := time.Parse("20060102T150405Z", xdate)
	if err != nil || s.cfg.Now().Sub(t).Abs() > 15*time.Minute {
		return "InvalidTimestamp"
	}
	alg, rest, _ := strings.Cut(auth, " ")
	fields := map[string]string{}
	for _, p := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		fields[k] = v
	}
	cred := strings.Split(fields["Credential"], "/")
	if alg != "HMAC-SHA256" || len(cred) != 5 || cred[2] != "cn-north-1" || cred[3] != "livesaas" || cred[4] != "request" {
		return "SignatureDoesNotMatch"
	}
	sk, ok := s.cfg.Keys[cred[0]]
	if !ok {
		return "InvalidAccessKey"
	}
	signed := strings.Split(fields["SignedHeaders"], ";")
	if !contains(signed, "host") || !contains(signed, "x-date") {
		return "SignatureDoesNotMatch"
	}
	var ch strings.Builder
	for _, h := range signed {
		v := r.Header.Get(h)
		if h == "host" {
			v = r.Host
		}
		ch.WriteString(h + ":" + strings.TrimSpace(v) + "\n")
	}
	bodyHash := sha256.Sum256(body)
	// The path as the client sent it (RequestURI): mounted under a prefix
	// (the demo's /sim/volcano), the client signs the full path.
	uri := "/"
	if p, _, _ := strings.Cut(r.RequestURI, "?"); p != "" {
		uri = p
	}
	canon := strings.Join([]string{r.Method, uri, canonicalQuery(r.URL.Query()), ch.String(),
		fields["SignedHeaders"], hex.EncodeToString(bodyHash[:])}, "\n")
	ch2 := sha256.Sum256([]byte(canon))
	scope := strings.Join(cred[1:], "/")
	sts := "HMAC-SHA256\n" + xdate + "\n" + scope + "\n" + hex.EncodeToString(ch2[:])
	k := mac([]byte(sk), cred[1])
	k = mac(k, cred[2])
	k = mac(k, cred[3])
	k = mac(k, "request")
	if !hmac.Equal([]byte(hex.EncodeToString(mac(k, sts))), []byte(fields["Signature"])) {
		return "SignatureDoesNotMatch"
	}
	return ""
}

func mac(key []byte, s string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(s))
	return h.Sum(nil)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// canonicalQuery: keys sorted, keys and values percent-encoded (RFC 3986,
// space as %20).
func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, esc(k)+"="+esc(v))
		}
	}
	return strings.Join(parts, "&")
}

func esc(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
