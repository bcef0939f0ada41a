package auth

import (
	"context"
	"log/slog"
	"testing"

	"imbridge/ent/admin"
	"imbridge/ent/database/dbtest"
	"imbridge/worker/broker"
)

// BenchmarkRevalidate measures what a WebSocket operation pays when its
// credentials are checked again (at most once per 2 s per socket): a session
// (one Redis GET, one admin row by primary key) and an API token (one token
// row by its unique hash).
func BenchmarkRevalidate(b *testing.B) {
	db := dbtest.Open(b)
	br := broker.OpenTest(b)
	a := New(db.Client, br, slog.New(slog.DiscardHandler), false)
	ctx := context.Background()
	ad := db.Client.Admin.Create().SetUsername("alice").SetPasswordHash("x").SetRole(admin.RoleSuperAdmin).SaveX(dbtest.Bootstrap())
	id, err := a.sessions.create(ctx, ad.ID)
	if err != nil {
		b.Fatal(err)
	}
	tn, _ := dbtest.Tenant(b, db.Client, "acme")
	secret, hash, prefix := NewToken()
	db.Client.APIToken.Create().SetTenantID(tn.ID).SetName("t").SetTokenHash(hash).SetPrefix(prefix).SetScopes([]string{"read"}).SaveX(dbtest.Bootstrap())
	for _, tc := range []struct {
		name string
		c    Credential
	}{
		{"session", Credential{session: HashToken(id)}},
		{"token", func() Credential { c, _ := BearerCredential("Bearer "+secret, ""); return c }()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			v, err := a.Authenticate(ctx, tc.c)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := a.Revalidate(ctx, tc.c, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
