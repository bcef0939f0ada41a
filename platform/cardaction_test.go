package platform_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"imbridge/platform"
)

func signer(t *testing.T, secret string) *platform.ActionSigner {
	t.Helper()
	s, err := platform.NewActionSigner([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestActionSignerRoundTripAndTampering(t *testing.T) {
	s := signer(t, strings.Repeat("k", 32))
	v := platform.ActionValue{Message: "msg-1", Recipient: platform.Recipient{Type: platform.IDUserID, ID: "u1"}, Decision: platform.DecisionApprove}
	sealed, err := s.Seal("cli_a", v)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(sealed)
	got, err := s.Open("cli_a", raw)
	if err != nil || got != v {
		t.Fatalf("open = %+v, %v", got, err)
	}

	// Every field is covered: change any and the value is refused.
	for field, val := range map[string]any{"m": "msg-2", "t": "open_id", "r": "u2", "d": "reject", "s": "AAAA", "v": 2} {
		m := map[string]any{}
		_ = json.Unmarshal(raw, &m)
		m[field] = val
		b, _ := json.Marshal(m)
		if _, err := s.Open("cli_a", b); !errors.Is(err, platform.ErrActionForged) {
			t.Errorf("altered %s: %v", field, err)
		}
	}
	// Another app, another key, garbage.
	if _, err := s.Open("cli_b", raw); !errors.Is(err, platform.ErrActionForged) {
		t.Errorf("other app: %v", err)
	}
	if _, err := signer(t, strings.Repeat("x", 32)).Open("cli_a", raw); !errors.Is(err, platform.ErrActionForged) {
		t.Errorf("other key: %v", err)
	}
	for _, bad := range []string{`"x"`, `null`, `{}`, `{"v":1,"m":"a","t":"user_id","r":"u","d":"x"}`} {
		if _, err := s.Open("cli_a", json.RawMessage(bad)); !errors.Is(err, platform.ErrActionForged) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	// A short secret is refused.
	if _, err := platform.NewActionSigner([]byte("short")); err == nil {
		t.Fatal("short secret accepted")
	}
	// Sealing checks the value.
	if _, err := s.Seal("cli_a", platform.ActionValue{Message: "m", Decision: "d"}); err == nil {
		t.Fatal("value without recipient sealed")
	}
}

func TestOperatorIs(t *testing.T) {
	o := platform.Operator{OpenID: "ou_1", UserID: "u1"}
	cases := []struct {
		r    platform.Recipient
		want bool
	}{
		{platform.Recipient{Type: platform.IDOpenID, ID: "ou_1"}, true},
		{platform.Recipient{Type: platform.IDUserID, ID: "u1"}, true},
		{platform.Recipient{Type: platform.IDUserID, ID: "u2"}, false},
		{platform.Recipient{Type: platform.IDUnionID, ID: ""}, false}, // not sent: never matches
	}
	for _, c := range cases {
		if got := o.Is(c.r); got != c.want {
			t.Errorf("Is(%v) = %v", c.r, got)
		}
	}
}

func TestCardCheck(t *testing.T) {
	to := platform.Recipient{Type: platform.IDUserID, ID: "u1"}
	ok := platform.Card{Kind: platform.CardTodo, Title: "报销", Link: &platform.Link{URL: "https://oa.example.com/t/1"},
		Buttons: platform.QuickApproval("m1", to)}
	if err := ok.Check(); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]platform.Card{
		"kind":          {Kind: "banner", Title: "x"},
		"title":         {Kind: platform.CardGeneric},
		"link url":      {Kind: platform.CardGeneric, Title: "x", Link: &platform.Link{Text: "go"}},
		"button text":   {Kind: platform.CardGeneric, Title: "x", Buttons: []platform.CardButton{{URL: "https://a"}}},
		"button both":   {Kind: platform.CardGeneric, Title: "x", Buttons: []platform.CardButton{{Text: "a", URL: "https://a", Action: &platform.ActionValue{}}}},
		"button none":   {Kind: platform.CardGeneric, Title: "x", Buttons: []platform.CardButton{{Text: "a"}}},
		"button action": {Kind: platform.CardGeneric, Title: "x", Buttons: []platform.CardButton{{Text: "a", Action: &platform.ActionValue{Message: "m"}}}},
		"button style":  {Kind: platform.CardGeneric, Title: "x", Buttons: []platform.CardButton{{Text: "a", URL: "https://a", Style: "loud"}}},
		"button url":    {Kind: platform.CardGeneric, Title: "x", Buttons: []platform.CardButton{{Text: "a", URL: "javascript:alert(1)"}}},
		"relative link": {Kind: platform.CardGeneric, Title: "x", Link: &platform.Link{URL: "/t/1"}},
	} {
		if err := c.Check(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
