package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/viewer"
)

// BootstrapUsername is the first super admin's login.
const BootstrapUsername = "admin"

// EnsureSuperAdmin creates the first super admin when there is no admin at
// all. The password is the given one, or a generated one that the caller
// prints once. It returns the password used ("" when nothing was created).
// Processes starting together call it under the database's start-up lock;
// should one get there without it (an older binary), losing the race to
// create "admin" is not an error: another process created the admin.
func EnsureSuperAdmin(ctx context.Context, db *ent.Client, password string) (string, error) {
	ctx = allow(viewer.NewContext(ctx, &viewer.Viewer{Kind: viewer.KindSystem, Name: "bootstrap"}))
	n, err := db.Admin.Query().Where(admin.RoleEQ(admin.RoleSuperAdmin)).Count(ctx)
	if err != nil {
		return "", fmt.Errorf("counting admins: %w", err)
	}
	if n > 0 {
		return "", nil
	}
	if password == "" {
		b := make([]byte, 12)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		password = base64.RawURLEncoding.EncodeToString(b)
	} else if err := ValidatePassword(password); err != nil {
		return "", fmt.Errorf("IMBRIDGE_ADMIN_PASSWORD: %w", err)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	if err := db.Admin.Create().SetUsername(BootstrapUsername).SetDisplayName("Administrator").
		SetPasswordHash(hash).SetRole(admin.RoleSuperAdmin).Exec(ctx); err != nil {
		if ent.IsConstraintError(err) {
			if n, cerr := db.Admin.Query().Where(admin.RoleEQ(admin.RoleSuperAdmin)).Count(ctx); cerr == nil && n > 0 {
				return "", nil
			}
		}
		return "", fmt.Errorf("creating the super admin: %w", err)
	}
	return password, nil
}
