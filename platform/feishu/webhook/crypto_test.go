package webhook_test

import (
	"bytes"
	"crypto/aes"
	"errors"
	"testing"

	larkevent "github.com/larksuite/oapi-sdk-go/v3/event"

	"imbridge/platform/feishu/webhook"
	feishusim "imbridge/platform/sim/feishu"
)

func TestDecryptMatchesSimulatorAndSDK(t *testing.T) {
	t.Parallel()
	for _, plain := range []string{`{}`, `{"a":"0123456789abc"}`, `{"a":"0123456789abcd"}`, `{"schema":"2.0","x":"飞书"}`} {
		enc, err := feishusim.Encrypt([]byte(plain), "k")
		if err != nil {
			t.Fatal(err)
		}
		got, err := webhook.Decrypt(enc, "k")
		if err != nil || string(got) != plain {
			t.Fatalf("Decrypt(%q) = %q, %v", plain, got, err)
		}
		sdk, err := larkevent.EventDecrypt(enc, "k")
		if err != nil || !bytes.Equal(sdk, got) {
			t.Fatalf("SDK decrypts %q, we %q", sdk, got)
		}
	}
	if feishusim.Sign("1", "n", "k", []byte("b")) != webhook.Signature("1", "n", "k", []byte("b")) ||
		webhook.Signature("1", "n", "k", []byte("b")) != larkevent.Signature("1", "n", "k", "b") {
		t.Fatal("signature differs from the simulator's or the SDK's")
	}
}

// The SDK's brace trimming accepts what a padding check refuses.
func TestDecryptChecksPadding(t *testing.T) {
	t.Parallel()
	for name, padded := range map[string][]byte{
		"pad 0":        append([]byte(`{"a":1234567890}`), make([]byte, 16)...),
		"pad 17":       append([]byte(`{"a":1234567890}`), bytes.Repeat([]byte{17}, 16)...),
		"mixed":        append([]byte(`{"a":12345678}`), 9, 2),
		"short run":    append([]byte(`{"a":123456789}`), 3, 3, 3)[:16],
		"pad 255":      append([]byte(`{"a":1234567890}`), bytes.Repeat([]byte{255}, 16)...),
		"last differs": append([]byte(`{"a":1234567890}`), append(bytes.Repeat([]byte{16}, 15), 15)...),
	} {
		if len(padded)%aes.BlockSize != 0 {
			t.Fatalf("%s: bad test vector length %d", name, len(padded))
		}
		if _, err := webhook.Decrypt(encryptRaw(padded, "k"), "k"); !errors.Is(err, webhook.ErrDecrypt) {
			t.Errorf("%s: accepted", name)
		}
	}
	full := append([]byte(`{"a":1234567890}`), bytes.Repeat([]byte{16}, 16)...)
	if got, err := webhook.Decrypt(encryptRaw(full, "k"), "k"); err != nil || string(got) != `{"a":1234567890}` {
		t.Fatalf("a full padding block: %q %v", got, err)
	}
}
