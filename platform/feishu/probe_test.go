package feishu_test

import (
	"strings"
	"testing"

	"imbridge/platform/feishu"
	feishusim "imbridge/platform/sim/feishu"
)

func probe(t *testing.T, e *env) map[string]feishu.Capability {
	t.Helper()
	caps, err := e.client.Probe(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]feishu.Capability{}
	for _, c := range caps {
		out[c.Name] = c
	}
	if len(out) != 4 {
		t.Fatalf("capabilities %+v", caps)
	}
	return out
}

func TestProbe(t *testing.T) {
	e := newEnv(t, feishusim.Config{}, nil)
	before := e.sim.Org().Snapshot()

	caps := probe(t, e)
	if !caps[feishu.CapContactRead].OK || !caps[feishu.CapContactWrite].OK {
		t.Fatalf("all scopes granted: %+v", caps)
	}
	// The probe's send (no text, nobody's open_id) is refused by the API
	// after the gateway let it through: the scope is there.
	if m := caps[feishu.CapMessageSend]; !m.OK {
		t.Fatalf("message_send: %+v", m)
	}
	if n := len(e.sim.AllMessages()); n != 0 {
		t.Fatalf("the probe sent %d messages", n)
	}

	e.sim.SetScopes(e.appID, feishusim.ScopesFor(feishusim.Capabilities{ContactRead: true})...)
	caps = probe(t, e)
	if !caps[feishu.CapContactRead].OK {
		t.Fatalf("read scope granted: %+v", caps[feishu.CapContactRead])
	}
	if w := caps[feishu.CapContactWrite]; w.OK || w.Code != feishusim.CodeScopeMissing || w.Msg == "" {
		t.Fatalf("write scope missing: %+v", w)
	}
	if m := caps[feishu.CapMessageSend]; m.OK || m.Code != feishusim.CodeScopeMissing {
		t.Fatalf("message scope missing: %+v", m)
	}

	e.sim.SetScopes(e.appID, feishusim.ScopeMessageSendAsBot)
	caps = probe(t, e)
	for _, name := range []string{feishu.CapContactRead, feishu.CapContactWrite} {
		if c := caps[name]; c.OK || c.Code != feishusim.CodeScopeMissing {
			t.Fatalf("%s without contact scopes: %+v", name, c)
		}
	}

	// Probing changed nothing.
	after := e.sim.Org().Snapshot()
	if len(after.Departments) != len(before.Departments) || len(after.Users) != len(before.Users) {
		t.Fatal("probe changed the directory")
	}
}

// An app without the field permission 获取用户 user ID reads users without
// user_id; verification says so, naming the permission to enable.
func TestProbeUserID(t *testing.T) {
	org := feishusim.Generate(feishusim.GenOptions{Users: 20, Departments: 3, Seed: 7})
	e := newEnv(t, feishusim.Config{Org: org}, nil)
	if c := probe(t, e)[feishu.CapContactUserID]; !c.OK || c.Msg != "" {
		t.Fatalf("with the field permission: %+v", c)
	}
	e.sim.SetScopes(e.appID, feishusim.ScopeContactReadonly, feishusim.ScopeContact)
	c := probe(t, e)[feishu.CapContactUserID]
	if c.OK || !strings.Contains(c.Msg, "获取用户 user ID") || !strings.Contains(c.Msg, "contact:user.employee_id:readonly") {
		t.Fatalf("without the field permission: %+v", c)
	}
	// Without the contact read the check reports that refusal.
	e.sim.SetScopes(e.appID, feishusim.ScopeMessageSendAsBot)
	if c := probe(t, e)[feishu.CapContactUserID]; c.OK || c.Code != feishusim.CodeScopeMissing {
		t.Fatalf("without contact read: %+v", c)
	}
}
