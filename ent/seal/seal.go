// Package seal encrypts secrets at rest (app secrets, encrypt keys,
// verification tokens, provider keys) with AES-256-GCM under
// IMBRIDGE_SECRET_KEY. The column name is authenticated with each value, so a
// sealed value copied into another column does not open.
package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// version prefixes every sealed value so the format can change later.
const version byte = 1

// Sealer seals and opens secrets with one key.
type Sealer struct{ aead cipher.AEAD }

// New returns a Sealer for a 32-byte key.
func New(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("secret key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal encrypts plaintext for the named column.
func (s *Sealer) Seal(column, plaintext string) []byte {
	nonce := make([]byte, s.aead.NonceSize(), 1+s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(fmt.Sprintf("seal: reading random nonce: %v", err)) // crypto/rand never fails on supported platforms
	}
	out := append([]byte{version}, nonce...)
	return s.aead.Seal(out, nonce, []byte(plaintext), []byte(column))
}

// ErrOpen is returned for values that do not decrypt: a wrong key, another
// column's value, or tampering.
var ErrOpen = errors.New("seal: cannot open sealed value (wrong IMBRIDGE_SECRET_KEY?)")

// Open decrypts a value sealed for the named column.
func (s *Sealer) Open(column string, sealed []byte) (string, error) {
	ns := s.aead.NonceSize()
	if len(sealed) < 1+ns+s.aead.Overhead() || sealed[0] != version {
		return "", ErrOpen
	}
	plain, err := s.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], []byte(column))
	if err != nil {
		return "", ErrOpen
	}
	return string(plain), nil
}

// Hint is the short, non-secret reminder of a secret shown in the console:
// its last four characters for long secrets, nothing for short ones (where
// four characters would give too much away).
func Hint(secret string) string {
	r := []rune(secret)
	if len(r) < 16 {
		return "****"
	}
	return "****" + string(r[len(r)-4:])
}
