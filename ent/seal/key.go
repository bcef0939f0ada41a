package seal

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LoadKey returns the 32-byte key from value (64 hex digits or base64), or,
// when value is empty, from dataDir/secret.key, generating that file on first
// use. generated reports that the key came from the file, which callers warn
// about: whoever can read the data dir can open the secrets.
func LoadKey(value, dataDir string) (key []byte, generated bool, err error) {
	if value != "" {
		key, err := parseKey(value)
		return key, false, err
	}
	path := filepath.Join(dataDir, "secret.key")
	b, err := os.ReadFile(path)
	if err == nil {
		key, err := parseKey(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, true, fmt.Errorf("%s: %w", path, err)
		}
		return key, true, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, true, err
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, true, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, true, err
	}
	// Processes starting together on one data dir must end up with one
	// key: the key is written whole to a file of its own, then linked into
	// place, which fails if another process got there first; its key wins.
	tmp, err := os.CreateTemp(dataDir, "secret.key.*")
	if err != nil {
		return nil, true, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return nil, true, err
	}
	if err := tmp.Close(); err != nil {
		return nil, true, err
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, os.ErrExist) {
		return LoadKey("", dataDir)
	} else if err != nil {
		return nil, true, err
	}
	return key, true, nil
}

func parseKey(s string) ([]byte, error) {
	if b, err := hex.DecodeString(s); err == nil && len(b) == 32 {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("IMBRIDGE_SECRET_KEY must be 32 bytes as 64 hex digits or base64 (generate one with: openssl rand -hex 32)")
}
