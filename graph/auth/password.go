// Package auth authenticates requests: console sessions (username and
// password, HttpOnly cookie), API tokens (Bearer), login throttling, and the
// bootstrap super admin. It turns a request into a viewer.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes) is
// raised to 64 MiB / 1 pass, RFC 9106's second recommended option. About
// 50 ms per login on a small server.
const (
	argonTime    = 1
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// HashPassword returns the PHC-format argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	var key []byte
	// An admin setting a password waits for a slot as long as it takes.
	_ = hashes.do(context.Background(), -1, func() {
		key = argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	})
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the hash, in constant
// time. It waits at most loginHashWait for a hashing slot, else returns
// ErrBusy (or ctx's error) without checking.
func CheckPassword(ctx context.Context, hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, nil
	}
	var mem uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false, nil
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, nil
	}
	var got []byte
	if err := hashes.do(ctx, hashes.wait, func() {
		got = argon2.IDKey([]byte(password), salt, t, mem, p, uint32(len(want)))
	}); err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// ValidatePassword checks the password policy.
func ValidatePassword(password string) error {
	if len([]rune(password)) < MinPasswordLength {
		return fmt.Errorf("password must be at least %d characters", MinPasswordLength)
	}
	if strings.TrimSpace(password) == "" {
		return errors.New("password must not be blank")
	}
	return nil
}

// dummyHash is checked when the username does not exist, so a login for an
// unknown user costs the same time as a wrong password.
var dummyHash, _ = HashPassword("imbridge-dummy-password")
