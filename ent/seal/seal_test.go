package seal

import (
	"bytes"
	"testing"
)

func TestSealOpen(t *testing.T) {
	s, err := New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	sealed := s.Seal("app_secret", "s3cret-value")
	if bytes.Contains(sealed, []byte("s3cret")) {
		t.Fatal("plaintext visible in sealed value")
	}
	got, err := s.Open("app_secret", sealed)
	if err != nil || got != "s3cret-value" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := s.Open("encrypt_key", sealed); err != ErrOpen {
		t.Fatalf("value opened under another column: %v", err)
	}
	other, _ := New(bytes.Repeat([]byte{8}, 32))
	if _, err := other.Open("app_secret", sealed); err != ErrOpen {
		t.Fatalf("value opened with another key: %v", err)
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := s.Open("app_secret", sealed); err != ErrOpen {
		t.Fatalf("tampered value opened: %v", err)
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	k1, gen, err := LoadKey("", dir)
	if err != nil || !gen || len(k1) != 32 {
		t.Fatalf("generate: %v %v %d", err, gen, len(k1))
	}
	k2, _, err := LoadKey("", dir)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("reload gave another key: %v", err)
	}
	if _, _, err := LoadKey("too-short", dir); err == nil {
		t.Fatal("short key accepted")
	}
	k3, gen, err := LoadKey("0000000000000000000000000000000000000000000000000000000000000001", dir)
	if err != nil || gen || k3[31] != 1 {
		t.Fatalf("hex key: %v", err)
	}
}

func TestHint(t *testing.T) {
	if h := Hint("short"); h != "****" {
		t.Fatalf("short secret hint %q reveals characters", h)
	}
	if h := Hint("abcdefghijklmnopWXYZ"); h != "****WXYZ" {
		t.Fatalf("hint = %q", h)
	}
}
