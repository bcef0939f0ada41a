package graph

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"imbridge/ent"
	"imbridge/ent/privacy"
	"imbridge/ent/pushtarget"
	"imbridge/ent/viewer"
	"imbridge/graph/model"
	"imbridge/platform"
	"imbridge/worker/push"
)

// sendPushTest sends the preview's sample message through a target to the
// signed-in admin's own IM account (issue 9 item 4, "send a test to
// myself"). Every refusal names the rule, so an admin testing several
// targets knows which one failed.
func (r *Resolver) sendPushTest(ctx context.Context, targetID int) (*model.PushTestPayload, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.Kind != viewer.KindAdmin {
		return nil, withReason(CodeForbidden, "push_test_admins_only", "only a console admin has an IM account of their own to send a test to", nil)
	}
	// Through the tenant filter: another tenant's target is NOT_FOUND.
	t, err := r.db(ctx).PushTarget.Query().Where(pushtarget.ID(targetID)).WithRule().
		WithApp(func(q *ent.AppQuery) { q.WithCorp() }).Only(ctx)
	if err != nil {
		return nil, err
	}
	rule, a := t.Edges.Rule, t.Edges.App
	c := a.Edges.Corp
	// The admin's own row, read as the system as unbindMyIM writes it: a
	// super admin working in a tenant has no row in it.
	adm, err := r.Client.Admin.Get(privacy.DecisionContext(ctx, privacy.Allow), v.ID)
	if err != nil {
		return nil, err
	}
	to, linked := adminRecipient(adm, c.ID)
	if !linked {
		return nil, withReason(CodeConflict, "push_test_not_linked",
			fmt.Sprintf("push rule %q: you have no IM account linked in corp %q (%s); link one by signing in to the console by QR code (扫码登录) with that corp's app, then send the test again", rule.Name, c.Name, c.Platform),
			map[string]any{"rule": rule.Name, "corp": c.Name})
	}
	if a.VerifiedAt == nil {
		return nil, withReason(CodeConflict, "push_test_app_unverified",
			fmt.Sprintf("push rule %q: the target's app %q is not verified; verify it (verifyApp) before sending a test", rule.Name, a.Name),
			map[string]any{"rule": rule.Name, "app": a.Name})
	}
	m := previewMessage(nil, nil, nil, nil)
	// A key per test: the platform's dedup (Feishu uuid, 1 hour) would
	// otherwise swallow a second test of the same target.
	key := "push-test:" + strconv.Itoa(t.ID) + ":" + strconv.Itoa(adm.ID) + ":" + strconv.FormatInt(time.Now().UnixNano(), 36)
	sent, err := r.pushEngine().SendTest(ctx, t, a, c, m, to, key)
	if err != nil {
		return nil, pushTestError(rule.Name, err)
	}
	title, _ := push.Texts(m, t)
	return &model.PushTestPayload{Target: t, PlatformMessageID: sent.MessageID, Title: title}, nil
}

// adminRecipient is the admin's linked person in a corp, by the most
// stable id the link holds: the user id (Feishu user_id, WeCom userid),
// else Feishu's union_id (a Feishu app without the user_id permission).
// open_id is never stored: it is per app.
func adminRecipient(adm *ent.Admin, corpID int) (platform.Recipient, bool) {
	if adm.ImCorpID == nil || *adm.ImCorpID != corpID {
		return platform.Recipient{}, false
	}
	switch {
	case adm.ImUserID != "":
		return platform.Recipient{Type: platform.IDUserID, ID: adm.ImUserID}, true
	case adm.ImUnionID != "":
		return platform.Recipient{Type: platform.IDUnionID, ID: adm.ImUnionID}, true
	}
	return platform.Recipient{}, false
}

// pushTestError names the rule in a refusal of the platform (PLATFORM_ERROR
// with its code) or of the app.
func pushTestError(rule string, err error) error {
	var pe *platform.Error
	if errors.As(err, &pe) {
		ext := platformExtensions(pe)
		ext["rule"] = rule
		return &codedError{code: CodePlatformError, msg: fmt.Sprintf("push rule %q: the platform refused the test: %s", rule, pe.Error()), ext: ext}
	}
	if errors.Is(err, push.ErrAppCannotSend) {
		return withReason(CodeConflict, "push_test_cannot_send", fmt.Sprintf("push rule %q: %s", rule, platform.CleanMessage(err.Error())), map[string]any{"rule": rule})
	}
	return err
}
