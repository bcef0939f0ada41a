package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// tokenPrefix makes imbridge tokens recognisable by secret scanners.
const tokenPrefix = "imb_"

// NewToken returns a fresh API token (256 random bits), its storage hash, and
// the short prefix shown in lists.
func NewToken() (token, hash, shown string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: crypto/rand failed: " + err.Error())
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), token[:len(tokenPrefix)+6]
}

// HashToken is the stored form of a token. Tokens carry 256 bits of entropy,
// so a plain SHA-256 cannot be brute-forced and lookups stay one index probe.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newSessionID returns a random session id for the cookie.
func newSessionID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}
