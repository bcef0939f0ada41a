package graph

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"imbridge/ent"
	entbroadcast "imbridge/ent/broadcast"
	"imbridge/ent/corp"
	"imbridge/ent/department"
	"imbridge/ent/membership"
	"imbridge/ent/seal"
	"imbridge/ent/user"
	"imbridge/graph/model"
	"imbridge/platform"
	"imbridge/platform/appclient"
	"imbridge/platform/egress"
	"imbridge/worker"
	"imbridge/worker/broadcast"
)

// Broadcasts (issue 12). The resolvers map inputs to worker/broadcast and
// its errors to the API's codes; the rules, the state machine and the
// refresh are the engine's.
//
// The engine's store writes in the mutation's transaction when there is one
// (ent.FromContext), as every resolver does.

// broadcastService is the engine on the database and platform clients.
func (r *Resolver) broadcastService() *broadcast.Service {
	return worker.NewBroadcastService(r.Client, r.Platforms)
}

// BroadcastCreator is the permission check of the create path (开播权限,
// seed 000): worker/broadcast.Permissions on the database
// (broadcast_policy.go), set in Resolver.BroadcastPermissions.
type BroadcastCreator interface {
	Create(ctx context.Context, tenantID, corpID, appID, provider string, departments []string, in broadcast.Input) (broadcast.Broadcast, error)
}

func (r *Resolver) broadcastCreator() BroadcastCreator { return r.broadcastPermissions() }

// broadcastFields maps the engine's field names to the input's.
var broadcastFields = map[string]string{
	"anchor": "input.anchorID", "title": "input.title", "description": "input.description", "start": "input.startTime",
	"duration": "input.durationSeconds", "type": "input.liveType", "remindBefore": "input.remindSeconds",
	"activity": "input.activity", "provider": "input.provider", "id": "id",
}

// broadcastError maps the engine's errors: every broken rule is a
// BAD_USER_INPUT on its field (all of them reported), a platform refusal a
// PLATFORM_ERROR with the platform's code, an anchor without the broadcast
// permission FORBIDDEN with reason broadcast_permission.
func broadcastError(ctx context.Context, err error) error {
	var fe broadcast.FieldErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe) && len(fe) > 0:
		for _, f := range fe[1:] {
			graphql.AddError(ctx, badInputReason(broadcastField(f.Field), "broadcast."+f.Rule, f.Message))
		}
		return badInputReason(broadcastField(fe[0].Field), "broadcast."+fe[0].Rule, fe[0].Message)
	case errors.Is(err, broadcast.ErrNotFound):
		return notFound("no such broadcast")
	case errors.Is(err, broadcast.ErrNoPermission):
		// The message says whether a request was filed for it (with this
		// broadcast as its draft) or one is pending already.
		return withReason(CodeForbidden, "broadcast_permission", err.Error(), map[string]any{"field": "input.anchorID"})
	case errors.Is(err, appclient.ErrNoSecret), errors.Is(err, appclient.ErrSecretsForOtherURL),
		errors.Is(err, appclient.ErrNoCorpID), errors.Is(err, appclient.ErrNoVolcanoKeys):
		return conflict(err.Error())
	}
	return err
}

func broadcastField(f string) string {
	if v, ok := broadcastFields[f]; ok {
		return v
	}
	return "input." + f
}

func (r *Resolver) createBroadcast(ctx context.Context, in model.CreateBroadcastInput) (*ent.Broadcast, error) {
	db := r.db(ctx)
	c, err := db.Corp.Get(ctx, in.CorpID)
	if ent.IsNotFound(err) {
		return nil, badInput("input.corpID", "no such corp")
	}
	if err != nil {
		return nil, err
	}
	a, err := db.App.Get(ctx, in.AppID)
	if ent.IsNotFound(err) || err == nil && a.CorpID != c.ID {
		return nil, badInput("input.appID", "no such app of the corp")
	}
	if err != nil {
		return nil, err
	}
	provider, err := broadcastProvider(c, in.Provider)
	if err != nil {
		return nil, err
	}
	anchor, err := db.User.Query().Where(user.ID(in.AnchorID), user.CorpIDIsNil()).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, badInputReason("input.anchorID", "broadcast.anchor", "no such OA user")
	}
	if err != nil {
		return nil, err
	}
	depts, err := userDepartments(ctx, db, anchor.ID)
	if err != nil {
		return nil, err
	}
	bi := broadcast.Input{AnchorOAUserID: strconv.Itoa(anchor.ID), Title: in.Title, Start: in.StartTime,
		Duration: broadcast.Seconds(in.DurationSeconds), Description: deref(in.Description)}
	if in.LiveType != nil {
		t := platform.LiveType(*in.LiveType)
		bi.Type = &t
	}
	if in.RemindSeconds != nil {
		d := broadcast.Seconds(*in.RemindSeconds)
		bi.RemindBefore = &d
	}
	applyActivity(&bi, in.Activity)
	b, err := r.broadcastCreator().Create(ctx, strconv.Itoa(c.TenantID), strconv.Itoa(c.ID), strconv.Itoa(a.ID), string(provider), depts, bi)
	if err != nil {
		return nil, broadcastError(ctx, err)
	}
	return r.broadcastRow(ctx, b.ID)
}

// broadcastProvider is the provider asked for, or the corp's: WeCom living
// on WeCom, Volcano enterprise live on Feishu (seed 000).
func broadcastProvider(c *ent.Corp, p *entbroadcast.Provider) (entbroadcast.Provider, error) {
	want := map[corp.Platform]entbroadcast.Provider{corp.PlatformWecom: entbroadcast.ProviderWecomLiving, corp.PlatformFeishu: entbroadcast.ProviderVolcanoLive}
	own, ok := want[c.Platform]
	if !ok {
		return "", badInput("input.corpID", "live broadcasts run on WeCom corps (WeCom living) and Feishu corps (Volcano enterprise live)")
	}
	if p != nil && *p != own {
		return "", badInput("input.provider", string(*p)+" is not available on a "+string(c.Platform)+" corp; use "+string(own))
	}
	return own, nil
}

func applyActivity(bi *broadcast.Input, a *model.BroadcastActivityInput) {
	if a == nil {
		return
	}
	bi.ActivityCover, bi.ActivityShare, bi.ActivityDescription = deref(a.CoverMediaID), deref(a.ShareMediaID), deref(a.Description)
	bi.ActivityImages = slices.Clone(a.Images)
}

// userDepartments are an OA user's departments and all their ancestors:
// a policy naming a department covers its subdepartments.
func userDepartments(ctx context.Context, db *ent.Client, userID int) ([]string, error) {
	ids, err := db.Membership.Query().Where(membership.UserID(userID)).Select(membership.FieldDepartmentID).Ints(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	var out []string
	for len(ids) > 0 {
		var next []int
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, strconv.Itoa(id))
			next = append(next, id)
		}
		if len(next) == 0 {
			break
		}
		parents, err := db.Department.Query().Where(department.IDIn(next...), department.ParentIDNotNil()).
			Select(department.FieldParentID).Ints(ctx)
		if err != nil {
			return nil, err
		}
		ids = parents
	}
	return out, nil
}

func (r *Resolver) broadcastRow(ctx context.Context, id string) (*ent.Broadcast, error) {
	n, err := strconv.Atoi(id)
	if err != nil {
		return nil, notFound("no such broadcast")
	}
	return r.db(ctx).Broadcast.Get(ctx, n)
}

func (r *Resolver) updateBroadcast(ctx context.Context, id int, in model.UpdateBroadcastInput) (*ent.Broadcast, error) {
	svc := r.broadcastService()
	cur, err := svc.Store.Get(ctx, strconv.Itoa(id))
	if err != nil {
		return nil, broadcastError(ctx, err)
	}
	bi := cur.Input()
	if in.Title != nil {
		bi.Title = *in.Title
	}
	if in.StartTime != nil {
		bi.Start = *in.StartTime
	}
	if in.DurationSeconds != nil {
		bi.Duration = broadcast.Seconds(*in.DurationSeconds)
	}
	if in.LiveType != nil {
		t := platform.LiveType(*in.LiveType)
		bi.Type = &t
	}
	if in.Description != nil {
		bi.Description = *in.Description
	}
	if in.RemindSeconds != nil {
		d := broadcast.Seconds(*in.RemindSeconds)
		bi.RemindBefore = &d
	}
	if in.Activity != nil {
		bi.ActivityCover, bi.ActivityShare, bi.ActivityDescription, bi.ActivityImages = "", "", "", nil
		applyActivity(&bi, in.Activity)
	}
	b, err := svc.Update(ctx, cur.ID, bi)
	if err != nil {
		return nil, broadcastError(ctx, err)
	}
	return r.broadcastRow(ctx, b.ID)
}

func (r *Resolver) cancelBroadcast(ctx context.Context, id int) (*ent.Broadcast, error) {
	b, err := r.broadcastService().Cancel(ctx, strconv.Itoa(id))
	if err != nil {
		return nil, broadcastError(ctx, err)
	}
	return r.broadcastRow(ctx, b.ID)
}

func (r *Resolver) deleteBroadcastReplay(ctx context.Context, id int) (*ent.Broadcast, error) {
	b, err := r.broadcastService().DeleteReplay(ctx, strconv.Itoa(id))
	if err != nil {
		return nil, broadcastError(ctx, err)
	}
	return r.broadcastRow(ctx, b.ID)
}

// broadcast reads the broadcast again from its platform first (seed 002
// §2.5). When the platform cannot be read, the stored broadcast is still
// returned, with the platform's error alongside (PLATFORM_ERROR): the
// console shows what it last knew and why it is not fresher.
func (r *Resolver) broadcast(ctx context.Context, id int) (*ent.Broadcast, error) {
	row, err := r.db(ctx).Broadcast.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := r.broadcastService().Refresh(ctx, strconv.Itoa(id)); err != nil {
		graphql.AddError(ctx, broadcastError(ctx, err))
		return row, nil
	}
	return r.db(ctx).Broadcast.Get(ctx, id)
}

func (r *Resolver) broadcastExport(ctx context.Context, id int) (*model.BroadcastFile, error) {
	f, err := broadcast.Export(ctx, r.db(ctx), id, time.Now())
	if err != nil {
		return nil, err
	}
	return &model.BroadcastFile{FileName: f.Name, ContentType: broadcast.ContentTypeXLSX, Rows: f.Rows,
		ContentBase64: base64.StdEncoding.EncodeToString(f.Content)}, nil
}

func broadcastStats(ctx context.Context, db *ent.Client, b *ent.Broadcast) (*model.BroadcastStats, error) {
	n, err := b.QueryWatchers().Count(ctx)
	if err != nil {
		return nil, err
	}
	s := &model.BroadcastStats{Viewers: b.Viewers, TotalWatchSeconds: b.TotalWatchSeconds, PeakOnline: b.PeakOnline,
		Comments: b.Comments, Mics: b.Mics, ViewerRecords: n}
	if d := max(b.Viewers, n); d > 0 {
		s.AverageWatchSeconds = b.TotalWatchSeconds / d
	}
	return s, nil
}

func (r *Resolver) broadcastAnchor(ctx context.Context, b *ent.Broadcast) (*ent.User, error) {
	u, err := r.db(ctx).User.Get(ctx, b.AnchorOaUserID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return u, err
}

// viewerOA is the OA user the viewer was bound to when the statistics
// were read (stored then, not looked up now).
func (r *Resolver) viewerOA(ctx context.Context, v *ent.BroadcastViewer) (*ent.User, error) {
	if v.OaUserID == nil {
		return nil, nil
	}
	u, err := r.db(ctx).User.Get(ctx, *v.OaUserID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return u, err
}

// setVolcanoKeys seals a Feishu corp's Volcano keys. They are bound to the
// base URL they were entered for: a new URL clears the keys not given
// again, so a key is never sent to a host it was not entered for.
func (r *Resolver) setVolcanoKeys(ctx context.Context, corpID int, in model.VolcanoKeysInput) (*ent.Corp, error) {
	db := r.db(ctx)
	c, err := db.Corp.Get(ctx, corpID)
	if err != nil {
		return nil, err
	}
	if c.Platform != corp.PlatformFeishu {
		return nil, badInput("corpID", "Volcano enterprise live is Feishu's live service: set its keys on a Feishu corp")
	}
	u := db.Corp.UpdateOne(c)
	if in.BaseURL != nil {
		base := strings.TrimSpace(*in.BaseURL)
		if base != "" {
			p, err := r.Platforms.PolicyFor(c.TenantID, base).CheckURL(ctx, base)
			var refused *egress.Error
			if errors.As(err, &refused) {
				return nil, badInput("input.baseURL", refused.Reason)
			}
			if err != nil {
				return nil, err
			}
			if p.RawQuery != "" || p.Fragment != "" {
				return nil, badInput("input.baseURL", "must not have a query or fragment: give the root, such as https://livesaas.volcengineapi.com")
			}
			base = appclient.NormalizeURL(base)
		}
		if base != c.VolcanoBaseURL {
			m := u.Mutation()
			m.ClearVolcanoAccessKeyIDSealed()
			m.ClearVolcanoAccessKeyIDHint()
			m.ClearVolcanoSecretAccessKeySealed()
			m.ClearVolcanoSecretAccessKeyHint()
			m.ClearVolcanoCallbackSecretSealed()
			m.ClearVolcanoCallbackSecretHint()
			if base == "" {
				m.ClearVolcanoBaseURL()
			} else {
				m.SetVolcanoBaseURL(base)
			}
		}
	}
	m := u.Mutation()
	apply := func(v *string, column string, set func([]byte), hint func(string), clear, reset func()) {
		if v == nil {
			return
		}
		reset()
		if *v == "" {
			clear()
			return
		}
		set(r.Sealer.Seal(column, *v))
		hint(seal.Hint(*v))
	}
	apply(in.AccessKeyID, corp.FieldVolcanoAccessKeyIDSealed, m.SetVolcanoAccessKeyIDSealed, m.SetVolcanoAccessKeyIDHint,
		func() { m.ClearVolcanoAccessKeyIDSealed(); m.ClearVolcanoAccessKeyIDHint() },
		func() { m.ResetVolcanoAccessKeyIDSealed(); m.ResetVolcanoAccessKeyIDHint() })
	apply(in.SecretAccessKey, corp.FieldVolcanoSecretAccessKeySealed, m.SetVolcanoSecretAccessKeySealed, m.SetVolcanoSecretAccessKeyHint,
		func() { m.ClearVolcanoSecretAccessKeySealed(); m.ClearVolcanoSecretAccessKeyHint() },
		func() { m.ResetVolcanoSecretAccessKeySealed(); m.ResetVolcanoSecretAccessKeyHint() })
	apply(in.CallbackSecret, corp.FieldVolcanoCallbackSecretSealed, m.SetVolcanoCallbackSecretSealed, m.SetVolcanoCallbackSecretHint,
		func() { m.ClearVolcanoCallbackSecretSealed(); m.ClearVolcanoCallbackSecretHint() },
		func() { m.ResetVolcanoCallbackSecretSealed(); m.ResetVolcanoCallbackSecretHint() })
	return u.Save(ctx)
}

func (r *Resolver) volcanoCallbackURL(c *ent.Corp) string {
	return strings.TrimRight(r.PublicURL, "/") + "/callback/volcano/" + strconv.Itoa(c.ID)
}
