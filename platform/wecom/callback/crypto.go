// Package callback receives WeCom callbacks (接收消息与事件, path/90930):
// the URL verification (echostr) and encrypted event pushes, with the
// message crypto WeCom specifies (加解密方案说明, path/90968) as its
// official WXBizMsgCrypt samples implement it:
//   - msg_signature = SHA1 of the sorted concatenation of Token, timestamp,
//     nonce and msg_encrypt;
//   - AESKey = Base64_Decode(EncodingAESKey + "="), 32 bytes; AES-256-CBC,
//     IV = the key's first 16 bytes; PKCS#7 padding to a multiple of 32;
//   - plaintext = random(16 B) + msg_len (4 B, big-endian) + msg + receiveid
//     (the corpid for an enterprise's own app), checked on decryption.
package callback

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Errors of the crypto; none carries secret material.
var (
	ErrSignature = errors.New("wecom callback: msg_signature does not match")
	ErrAESKey    = errors.New("wecom callback: the EncodingAESKey is not 43 characters of Base64")
	ErrDecrypt   = errors.New("wecom callback: the message cannot be decrypted")
	ErrReceiveID = errors.New("wecom callback: the message is for another receiveid (corpid)")
)

// blockSize is the PKCS#7 block WeCom pads to: 32, not AES's 16.
const blockSize = 32

// Crypt is one app's callback crypto: its Token, EncodingAESKey and the
// receiveid its messages must carry (the corpid).
type Crypt struct {
	token     string
	key       []byte
	receiveID string
}

// New checks the EncodingAESKey (43 characters) and returns a Crypt.
func New(token, encodingAESKey, receiveID string) (*Crypt, error) {
	if len(encodingAESKey) != 43 {
		return nil, ErrAESKey
	}
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, ErrAESKey
	}
	return &Crypt{token: token, key: key, receiveID: receiveID}, nil
}

// Signature is msg_signature over the four values.
func Signature(token, timestamp, nonce, encrypted string) string {
	parts := []string{token, timestamp, nonce, encrypted}
	slices.Sort(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// Verify checks msg_signature in constant time.
func (c *Crypt) Verify(signature, timestamp, nonce, encrypted string) error {
	want := Signature(c.token, timestamp, nonce, encrypted)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(signature))) != 1 {
		return ErrSignature
	}
	return nil
}

// Decrypt opens msg_encrypt (Base64) and checks its receiveid.
func (c *Crypt) Decrypt(encrypted string) ([]byte, error) {
	ct, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil || len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, ErrDecrypt
	}
	block, err := aes.NewCipher(c.key)
	if err != nil {
		return nil, ErrDecrypt
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, c.key[:aes.BlockSize]).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad < 1 || pad > blockSize || pad > len(pt) {
		return nil, ErrDecrypt
	}
	pt = pt[:len(pt)-pad]
	if len(pt) < 20 {
		return nil, ErrDecrypt
	}
	n := int(binary.BigEndian.Uint32(pt[16:20]))
	if n > len(pt)-20 {
		return nil, ErrDecrypt
	}
	msg, rid := pt[20:20+n], pt[20+n:]
	if subtle.ConstantTimeCompare(rid, []byte(c.receiveID)) != 1 {
		return nil, ErrReceiveID
	}
	return msg, nil
}

// Encrypt seals msg as WeCom does (the simulator's pushes, passive
// replies), with 16 random bytes in front.
func (c *Crypt) Encrypt(msg []byte) (string, error) {
	var random [16]byte
	if _, err := rand.Read(random[:]); err != nil {
		return "", err
	}
	return c.encrypt(random, msg)
}

func (c *Crypt) encrypt(random [16]byte, msg []byte) (string, error) {
	var buf bytes.Buffer
	buf.Write(random[:])
	_ = binary.Write(&buf, binary.BigEndian, uint32(len(msg)))
	buf.Write(msg)
	buf.WriteString(c.receiveID)
	pad := blockSize - buf.Len()%blockSize
	buf.Write(bytes.Repeat([]byte{byte(pad)}, pad))
	block, err := aes.NewCipher(c.key)
	if err != nil {
		return "", fmt.Errorf("wecom callback: %w", err)
	}
	out := make([]byte, buf.Len())
	cipher.NewCBCEncrypter(block, c.key[:aes.BlockSize]).CryptBlocks(out, buf.Bytes())
	return base64.StdEncoding.EncodeToString(out), nil
}

// VerifyURL answers the URL verification (验证URL有效性): it checks the
// signature over echostr and returns the decrypted echostr to send back
// as the body ("需要在1秒内响应…返回明文消息内容，不能加引号，不能带bom头，
// 不能带换行符").
func (c *Crypt) VerifyURL(signature, timestamp, nonce, echostr string) ([]byte, error) {
	if err := c.Verify(signature, timestamp, nonce, echostr); err != nil {
		return nil, err
	}
	return c.Decrypt(echostr)
}
