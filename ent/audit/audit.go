// Package audit records audit events: every mutation, login and job outcome,
// with who, what, on which object, and a short summary free of secrets.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"imbridge/ent"
	"imbridge/ent/auditevent"
	"imbridge/ent/privacy"
	"imbridge/ent/viewer"
)

// Entry is one thing to record.
type Entry struct {
	Action     string
	TargetType string
	TargetID   string
	Summary    string
	Failed     bool
	// TenantID overrides the viewer's tenant (e.g. a login, before there is a viewer).
	TenantID int
	// Before and After are the object before and after the change, as
	// JSON (Snapshot); empty when there is none.
	Before, After string
}

// Record writes the entry for the actor in ctx. Recording is not subject to
// the actor's permissions (a read-only admin's login is still recorded), but
// the tenant is always the actor's own.
func Record(ctx context.Context, client *ent.Client, e Entry) error {
	if err := create(client, viewer.FromContext(ctx), e).Exec(privacy.DecisionContext(ctx, privacy.Allow)); err != nil {
		return fmt.Errorf("recording audit event %s: %w", e.Action, err)
	}
	return nil
}

// create builds the insert of e for the actor v.
func create(client *ent.Client, v *viewer.Viewer, e Entry) *ent.AuditEventCreate {
	c := client.AuditEvent.Create().
		SetAction(e.Action).
		SetSuccess(!e.Failed).
		SetSummary(truncate(e.Summary, 1000))
	if e.TargetType != "" {
		c.SetTargetType(e.TargetType)
	}
	if e.Before != "" {
		c.SetBefore(e.Before)
	}
	if e.After != "" {
		c.SetAfter(e.After)
	}
	if e.TargetID != "" {
		// Also without a type: a delete's or a refused attempt's id.
		c.SetTargetID(e.TargetID)
	}
	tenant := e.TenantID
	if v != nil {
		c.SetActorKind(auditevent.ActorKind(v.Kind)).SetActorName(v.Name).SetIP(v.IP)
		if v.ID != 0 {
			c.SetActorID(v.ID)
		}
		if tenant == 0 {
			tenant = v.TenantID
		}
	} else {
		c.SetActorKind(auditevent.ActorKindAnonymous).SetActorName("anonymous")
	}
	if tenant != 0 {
		c.SetTenantID(tenant)
	}
	return c
}

// RecordAll writes many entries for the actor in ctx, in batches (a batch
// unbind records one entry per binding). Same rules as Record.
func RecordAll(ctx context.Context, client *ent.Client, entries []Entry) error {
	v := viewer.FromContext(ctx)
	const batch = 500
	for start := 0; start < len(entries); start += batch {
		part := entries[start:min(start+batch, len(entries))]
		creates := make([]*ent.AuditEventCreate, 0, len(part))
		for _, e := range part {
			creates = append(creates, create(client, v, e))
		}
		if err := client.AuditEvent.CreateBulk(creates...).Exec(privacy.DecisionContext(ctx, privacy.Allow)); err != nil {
			return fmt.Errorf("recording %d audit events: %w", len(part), err)
		}
	}
	return nil
}

// secretWords mark argument names whose values never enter the audit log.
var secretWords = []string{"secret", "password", "token", "key", "ticket"}

// Summarize renders mutation arguments as compact JSON with secret values
// replaced by [redacted]. (Names such as verificationToken and encryptKey
// contain the marker words.)
func Summarize(args map[string]any) string {
	b, err := json.Marshal(redact(args))
	if err != nil {
		return ""
	}
	return truncate(string(b), 1000)
}

func redact(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			if isSecret(k) && val != nil {
				out[k] = "[redacted]"
				continue
			}
			if str, ok := val.(string); ok && k == fileArgument {
				// An uploaded file, whatever its length: its size, never
				// its text (people's numbers), refused uploads included.
				out[k] = fmt.Sprintf("[%d characters]", len(str))
				continue
			}
			out[k] = redact(val)
		}
		return out
	case string:
		if len(t) > maxArgument {
			// An uploaded file (importBindings' content): its size, not its
			// text, which may hold people's numbers.
			return fmt.Sprintf("[%d characters]", len(t))
		}
		return t
	case []any:
		if len(t) > 5 {
			// Large lists (imports) are summarised by size, not listed.
			return fmt.Sprintf("[%d items]", len(t))
		}
		out := make([]any, len(t))
		for i := range t {
			out[i] = redact(t[i])
		}
		return out
	}
	return v
}

// fileArgument is the name uploads travel under (importBindings,
// importDirectoryFile, directoryFilePreview: base64 in "content").
const fileArgument = "content"

// maxArgument is the longest string argument the summary quotes.
const maxArgument = 300

func isSecret(name string) bool {
	n := strings.ToLower(name)
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// maxSnapshot bounds one stored snapshot.
const maxSnapshot = 16 << 10

// Snapshot renders an entity's fields as JSON for the before/after of an
// audit event. ent leaves sensitive fields (sealed secrets, password
// hashes) out of JSON, and loaded edges are dropped; argument-like names
// that mark secrets are redacted as in Summarize. Empty for nil.
func Snapshot(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return ""
	}
	delete(m, "edges")
	out, err := json.Marshal(redact(m))
	if err != nil || len(out) > maxSnapshot {
		return ""
	}
	return string(out)
}
