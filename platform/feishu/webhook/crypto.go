package webhook

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrDecrypt is returned (wrapped) for every undecryptable payload. The
// cause is in the wrapped message for logs, but callers answer all of them
// alike, so the response is no padding oracle.
var ErrDecrypt = errors.New("feishu webhook: cannot decrypt")

// Decrypt opens the "encrypt" field of an encrypted Feishu event:
// base64(iv || AES-256-CBC(PKCS#7(plaintext))) with key = SHA-256(encryptKey)
// (reference §4.1). Unlike larkevent.EventDecrypt, which cuts the plaintext
// to its first '{' and last '}', the padding is checked, so a tampered or
// truncated ciphertext is an error rather than a lucky parse.
func Decrypt(encrypted, encryptKey string) ([]byte, error) {
	data, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, fmt.Errorf("%w: bad base64", ErrDecrypt)
	}
	// The iv plus at least one block, whole blocks only.
	if len(data) < 2*aes.BlockSize || len(data)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("%w: ciphertext length %d", ErrDecrypt, len(data))
	}
	key := sha256.Sum256([]byte(encryptKey))
	block, err := aes.NewCipher(key[:])
	if err != nil { // cannot happen: the key is always 32 bytes
		return nil, fmt.Errorf("%w: %v", ErrDecrypt, err)
	}
	out := make([]byte, len(data)-aes.BlockSize)
	cipher.NewCBCDecrypter(block, data[:aes.BlockSize]).CryptBlocks(out, data[aes.BlockSize:])
	n, ok := pkcs7Len(out)
	if !ok {
		return nil, fmt.Errorf("%w: bad padding", ErrDecrypt)
	}
	return out[:len(out)-n], nil
}

// pkcs7Len returns the padding length of a decrypted buffer and whether the
// padding is valid. It looks at the whole last block whatever the padding
// length, so its timing does not depend on the padding bytes.
func pkcs7Len(b []byte) (int, bool) {
	last := b[len(b)-aes.BlockSize:]
	n := last[aes.BlockSize-1]
	good := subtle.ConstantTimeLessOrEq(1, int(n)) & subtle.ConstantTimeLessOrEq(int(n), aes.BlockSize)
	for i := range aes.BlockSize {
		// Byte i (from the end) must equal n when i < n.
		inPad := subtle.ConstantTimeLessOrEq(i+1, int(n))
		eq := subtle.ConstantTimeByteEq(last[aes.BlockSize-1-i], n)
		good &= eq | (inPad ^ 1)
	}
	return int(n), good == 1
}

// Signature is X-Lark-Signature: hex(sha256(timestamp + nonce + encryptKey
// + body)), over the raw body as received.
func Signature(timestamp, nonce, encryptKey string, body []byte) string {
	sum := signatureSum(timestamp, nonce, encryptKey, body)
	return hex.EncodeToString(sum[:])
}

func signatureSum(timestamp, nonce, encryptKey string, body []byte) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(timestamp))
	h.Write([]byte(nonce))
	h.Write([]byte(encryptKey))
	h.Write(body)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// signatureValid compares a received hex signature with the expected one in
// constant time. Decoding first makes the comparison case-insensitive and
// keeps it on fixed-length byte strings.
func signatureValid(got, timestamp, nonce, encryptKey string, body []byte) bool {
	want := signatureSum(timestamp, nonce, encryptKey, body)
	if len(got) != hex.EncodedLen(len(want)) {
		return false
	}
	raw, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare(raw, want[:]) == 1
}

// tokenEqual compares a verification token in constant time. An empty
// configured token never matches: an app without one cannot authenticate
// anything, and "" == "" must not pass as a check.
func tokenEqual(got, want string) bool {
	if want == "" {
		return false
	}
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
