package feishu

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Encrypt seals an event body the way Feishu does when an Encrypt Key is
// set: base64(iv || AES-256-CBC(PKCS7(plaintext))) with key =
// sha256(encryptKey) and a random 16-byte iv. larkevent.EventDecrypt opens it.
func Encrypt(plaintext []byte, encryptKey string) (string, error) {
	key := sha256.Sum256([]byte(encryptKey))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return "", fmt.Errorf("feishu sim: encrypt: %w", err)
	}
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	buf := make([]byte, aes.BlockSize+len(plaintext)+pad)
	iv := buf[:aes.BlockSize]
	if _, err := rand.Read(iv); err != nil {
		return "", fmt.Errorf("feishu sim: encrypt: %w", err)
	}
	body := buf[aes.BlockSize:]
	copy(body, plaintext)
	for i := len(plaintext); i < len(body); i++ {
		body[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(body, body)
	return base64.StdEncoding.EncodeToString(buf), nil
}

// Sign is X-Lark-Signature: hex(sha256(timestamp + nonce + encryptKey + body)).
func Sign(timestamp, nonce, encryptKey string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(timestamp + nonce + encryptKey))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// sealBody returns the wire body for a plaintext event: {"encrypt":…} when an
// Encrypt Key is set, the plaintext itself otherwise.
func sealBody(plain []byte, encryptKey string) ([]byte, error) {
	if encryptKey == "" {
		return plain, nil
	}
	enc, err := Encrypt(plain, encryptKey)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]string{"encrypt": enc})
}

// newPushRequest builds the POST Feishu sends to a request URL, with the
// timestamp/nonce headers and, when an Encrypt Key is set, the signature.
func newPushRequest(ctx context.Context, url string, body []byte, encryptKey string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("feishu sim: push request: %w", err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	nb := make([]byte, 8)
	_, _ = rand.Read(nb)
	nonce := hex.EncodeToString(nb)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Feishu-Simulator")
	req.Header.Set("X-Lark-Request-Timestamp", ts)
	req.Header.Set("X-Lark-Request-Nonce", nonce)
	if encryptKey != "" {
		req.Header.Set("X-Lark-Signature", Sign(ts, nonce, encryptKey, body))
	}
	return req, nil
}

// NewURLVerificationRequest builds the url_verification request the
// developer console sends when a request URL is saved, encrypted and signed
// like any push. It returns the request and the challenge to expect back.
func NewURLVerificationRequest(ctx context.Context, url, encryptKey, verificationToken string) (*http.Request, string, error) {
	challenge := newEventID()
	plain, err := json.Marshal(map[string]string{
		"challenge": challenge, "token": verificationToken, "type": "url_verification",
	})
	if err != nil {
		return nil, "", err
	}
	body, err := sealBody(plain, encryptKey)
	if err != nil {
		return nil, "", err
	}
	req, err := newPushRequest(ctx, url, body, encryptKey)
	return req, challenge, err
}
