package callback_test

import (
	"errors"
	"strings"
	"testing"

	"imbridge/platform/wecom/callback"
)

// The official sample's values (WXBizMsgCrypt Sample.py, WeCom's
// weworkapi_python callback sample: 使用示例一/二).
const (
	sToken          = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
	sEncodingAESKey = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
	sCorpID         = "ww1436e0e65a779aee"
)

func TestOfficialVerifyURL(t *testing.T) {
	c, err := callback.New(sToken, sEncodingAESKey, sCorpID)
	if err != nil {
		t.Fatal(err)
	}
	echo := "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="
	got, err := c.VerifyURL("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373", "47744683", echo)
	if err != nil {
		t.Fatalf("the official sample does not verify: %v", err)
	}
	if len(got) == 0 {
		t.Fatal("empty echostr")
	}
	t.Logf("echostr: %s", got)
	// One character of the signature changed: refused.
	if _, err := c.VerifyURL("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebec", "1476416373", "47744683", echo); !errors.Is(err, callback.ErrSignature) {
		t.Fatalf("a wrong signature: %v", err)
	}
	// Another timestamp: the signature no longer matches.
	if _, err := c.VerifyURL("012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416374", "47744683", echo); !errors.Is(err, callback.ErrSignature) {
		t.Fatalf("a replayed signature with another timestamp: %v", err)
	}
}

func TestOfficialDecryptMsg(t *testing.T) {
	c, _ := callback.New(sToken, sEncodingAESKey, sCorpID)
	enc := "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+"
	if err := c.Verify("0c3914025cb4b4d68103f6bfc8db550f79dcf48e", "1476422779", "1597212914", enc); err != nil {
		t.Fatalf("the official message's signature: %v", err)
	}
	msg, err := c.Decrypt(enc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(msg)
	for _, want := range []string{"<FromUserName>ChenJiaShun</FromUserName>", "<Content>你好</Content>", "<AgentID>1000002</AgentID>"} {
		if !strings.Contains(s, want) {
			t.Errorf("decrypted message lacks %s: %s", want, s)
		}
	}
	// The same message for another corp: the receiveid check refuses it.
	other, _ := callback.New(sToken, sEncodingAESKey, "ww0000000000000000")
	if _, err := other.Decrypt(enc); !errors.Is(err, callback.ErrReceiveID) {
		t.Fatalf("another receiveid: %v", err)
	}
}

func TestRoundTripAndPadding(t *testing.T) {
	c, _ := callback.New(sToken, sEncodingAESKey, sCorpID)
	// Lengths around the 32-byte block: a full block of padding included.
	for n := range 70 {
		msg := strings.Repeat("x", n)
		enc, err := c.Encrypt([]byte(msg))
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Decrypt(enc)
		if err != nil || string(got) != msg {
			t.Fatalf("len %d: %q, %v", n, got, err)
		}
	}
	if _, err := callback.New(sToken, sEncodingAESKey[:42], sCorpID); !errors.Is(err, callback.ErrAESKey) {
		t.Fatalf("a short key: %v", err)
	}
}
