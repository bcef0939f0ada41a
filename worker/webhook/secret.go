package webhook

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"time"

	"imbridge/ent"
	"imbridge/ent/seal"
	"imbridge/ent/webhookendpoint"
)

// SecretPrefix starts every signing secret, so one is recognised when it
// turns up where it should not (a log, a ticket).
const SecretPrefix = "whsec_"

// NewSecret is a fresh signing secret: SecretPrefix and 256 random bits in
// unpadded base64url (49 characters in all).
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("webhook: reading random bytes: %v", err)) // crypto/rand never fails on supported platforms
	}
	return SecretPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// SetSecret stores secret as the endpoint's signing secret, sealed, with
// its hint.
func SetSecret(m *ent.WebhookEndpointMutation, sealer *seal.Sealer, secret string) {
	m.SetSecretSealed(sealer.Seal(webhookendpoint.FieldSecretSealed, secret))
	m.SetSecretHint(seal.Hint(secret))
}

// Rotate gives the endpoint a new secret and returns it. The old one keeps
// signing until now+overlap (both signatures are sent), so the receiver can
// switch without losing a delivery; overlap 0 drops it at once.
func Rotate(m *ent.WebhookEndpointMutation, sealer *seal.Sealer, ep *ent.WebhookEndpoint, overlap time.Duration, now time.Time) (string, error) {
	secret := NewSecret()
	SetSecret(m, sealer, secret)
	m.ClearPreviousSecretSealed()
	m.ClearPreviousSecretExpiresAt()
	if overlap > 0 && len(ep.SecretSealed) > 0 {
		old, err := sealer.Open(webhookendpoint.FieldSecretSealed, ep.SecretSealed)
		if err != nil {
			return "", err
		}
		// Reset the clears above: PostgreSQL refuses two assignments to
		// one column in an UPDATE.
		m.ResetPreviousSecretSealed()
		m.ResetPreviousSecretExpiresAt()
		m.SetPreviousSecretSealed(sealer.Seal(webhookendpoint.FieldPreviousSecretSealed, old))
		m.SetPreviousSecretExpiresAt(now.Add(overlap))
	}
	return secret, nil
}

// secrets opens the secrets that sign the endpoint's deliveries at now:
// the current one, then the previous one while its overlap lasts.
func secrets(sealer *seal.Sealer, ep *ent.WebhookEndpoint, now time.Time) ([]string, error) {
	if len(ep.SecretSealed) == 0 {
		return nil, fmt.Errorf("webhook endpoint %d has no signing secret", ep.ID)
	}
	cur, err := sealer.Open(webhookendpoint.FieldSecretSealed, ep.SecretSealed)
	if err != nil {
		return nil, err
	}
	out := []string{cur}
	if len(ep.PreviousSecretSealed) > 0 && ep.PreviousSecretExpiresAt != nil && now.Before(*ep.PreviousSecretExpiresAt) {
		prev, err := sealer.Open(webhookendpoint.FieldPreviousSecretSealed, ep.PreviousSecretSealed)
		if err != nil {
			return nil, err
		}
		out = append(out, prev)
	}
	return out, nil
}
