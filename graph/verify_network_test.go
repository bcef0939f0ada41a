package graph_test

import (
	"net"
	"strings"
	"testing"

	"imbridge/graph/graphtest"
)

// A platform that cannot be reached (here: nothing listens at the corp's
// base URL) is a verification outcome like any other: stored on the app,
// audited, naming the host and the step that failed. It used to be an
// "internal error" that stored and audited nothing.
func TestVerifyAppStoresNetworkFailure(t *testing.T) {
	env := graphtest.New(t)
	_, adm, _ := env.Tenant("acme")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, appID := feishuCorp(t, adm, "http://"+addr, "cli_unreachable", "s")

	var out struct {
		VerifyApp struct {
			VerifiedAt   *string
			Verification []struct {
				Name, Class, Host, Cause string
				OK                       bool
				Message                  *string
			}
		}
	}
	adm.MustDo(`mutation($id: ID!) { verifyApp(id: $id) { verifiedAt verification { name ok class host cause message } } }`, map[string]any{"id": appID}, &out)
	v := out.VerifyApp.Verification
	if len(v) != 1 || v[0].Name != "network" || v[0].OK || v[0].Class != "network" || v[0].Host != "127.0.0.1" || v[0].Cause != "connect" {
		t.Fatalf("verification = %+v", v)
	}
	if out.VerifyApp.VerifiedAt == nil {
		t.Fatal("verifiedAt not set")
	}
	// Stored: read back.
	var read struct {
		Node struct {
			Verification []struct{ Name, Cause string }
		}
	}
	adm.MustDo(`query($id: ID!) { node(id: $id) { ... on App { verification { name cause } } } }`, map[string]any{"id": appID}, &read)
	if len(read.Node.Verification) != 1 || read.Node.Verification[0].Cause != "connect" {
		t.Fatalf("stored = %+v", read.Node.Verification)
	}
	// Audited.
	var audit struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ Action, TargetID string }
			}
		}
	}
	adm.MustDo(`{ auditEvents(first: 20, where: {action: "verifyApp"}) { edges { node { action targetID } } } }`, nil, &audit)
	if len(audit.AuditEvents.Edges) != 1 || !strings.Contains(audit.AuditEvents.Edges[0].Node.TargetID, appID) {
		t.Fatalf("audit = %+v", audit)
	}
}
