package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"imbridge/platform/egress"
	"imbridge/worker/webhook"
)

// The private hosts platform calls may reach: the operator's list, or in
// demo mode, when the operator set none, the simulator's address only.
func TestPlatformEgressSetting(t *testing.T) {
	cases := []struct {
		env    *string // IMBRIDGE_ALLOW_PRIVATE_PLATFORM_HOSTS, nil = unset
		args   []string
		addr   string
		allow  string
		byDemo bool
	}{
		{nil, []string{"--demo=on"}, "127.0.0.1:8080", "127.0.0.1:8080", true},
		{nil, []string{"--demo=on"}, "[::]:8080", "127.0.0.1:8080", true},
		{nil, []string{"--demo=on"}, "192.168.1.5:9000", "192.168.1.5:9000", true},
		{nil, []string{"--demo=off"}, "127.0.0.1:8080", "", false},
		{ptr(""), []string{"--demo=on"}, "127.0.0.1:8080", "", false}, // set empty: nothing, not even the demo
		{ptr("feishu.corp.example,10.0.0.0/8"), []string{"--demo=on"}, "127.0.0.1:8080", "feishu.corp.example,10.0.0.0/8", false},
		{nil, []string{"--demo=on", "--allow-private-platform-hosts=10.1.0.0/16"}, "127.0.0.1:8080", "10.1.0.0/16", false},
		{ptr("10.0.0.0/8"), []string{"--allow-private-platform-hosts="}, "127.0.0.1:8080", "", false}, // the flag wins
	}
	for i, c := range cases {
		if c.env != nil {
			t.Setenv(egress.Setting, *c.env)
		} else {
			t.Setenv(egress.Setting, "")
			unsetenv(t, egress.Setting)
		}
		cfg, err := parseConfig(c.args)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		p, byDemo, err := cfg.platformEgress(c.addr)
		if err != nil || p.Allowed().String() != c.allow || byDemo != c.byDemo {
			t.Errorf("case %d: allowed %q (demo %v) %v, want %q (demo %v)", i, p.Allowed().String(), byDemo, err, c.allow, c.byDemo)
		}
	}
	t.Setenv(egress.Setting, "http://10.0.0.1")
	if _, err := parseConfig(nil); err == nil || !strings.Contains(err.Error(), egress.Setting) {
		t.Fatalf("a bad list: %v", err)
	}
}

func ptr(s string) *string { return &s }

// unsetenv removes a variable for the rest of the test (t.Setenv first
// registers its restoration).
func unsetenv(t *testing.T, name string) {
	t.Helper()
	if err := os.Unsetenv(name); err != nil {
		t.Fatal(err)
	}
}

// Webhooks to the OA have their own operator setting, defaulted the same
// way in demo mode (the demo receiver listens with the server), and a
// platform allow list does not open them (nor the other way round).
func TestWebhookEgressSetting(t *testing.T) {
	cases := []struct {
		platform, hooks *string
		args            []string
		allow           string
		byDemo          bool
	}{
		{nil, nil, []string{"--demo=on"}, "127.0.0.1:8080", true},
		{nil, nil, []string{"--demo=off"}, "", false},
		{ptr("10.0.0.0/8"), nil, []string{"--demo=off"}, "", false},
		{nil, ptr("oa.corp.example"), []string{"--demo=on"}, "oa.corp.example", false},
		{nil, ptr(""), []string{"--demo=on"}, "", false},
		{nil, nil, []string{"--demo=on", "--allow-private-webhook-hosts=10.2.0.0/16"}, "10.2.0.0/16", false},
	}
	for i, c := range cases {
		for name, v := range map[string]*string{egress.Setting: c.platform, webhook.Setting: c.hooks} {
			t.Setenv(name, "")
			if v == nil {
				unsetenv(t, name)
			} else {
				t.Setenv(name, *v)
			}
		}
		cfg, err := parseConfig(c.args)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		p, byDemo, err := cfg.webhookEgress("127.0.0.1:8080")
		if err != nil || p.Allowed().String() != c.allow || byDemo != c.byDemo {
			t.Errorf("case %d: allowed %q (demo %v) %v, want %q (demo %v)", i, p.Allowed().String(), byDemo, err, c.allow, c.byDemo)
		}
		if _, err := p.CheckURL(context.Background(), "https://10.9.9.9/hook"); c.allow == "" && (err == nil || !strings.Contains(err.Error(), webhook.Setting)) {
			t.Errorf("case %d: a private receiver: %v", i, err)
		}
	}
	t.Setenv(webhook.Setting, "http://oa")
	if _, err := parseConfig(nil); err == nil || !strings.Contains(err.Error(), webhook.Setting) {
		t.Fatalf("a bad list: %v", err)
	}
}
