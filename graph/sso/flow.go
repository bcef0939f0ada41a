package sso

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/audit"
	"imbridge/ent/binding"
	"imbridge/ent/loginsetting"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/platform"
	"imbridge/worker/binder"
)

var errPlatform = errors.New("sso: QR-code login is available for Feishu and WeCom corps only")

// setting loads a corp's login settings with its corp and app, across
// tenants; nil when there are none, or login is off or has no app.
func (s *Service) setting(ctx context.Context, corpID int) (*ent.LoginSetting, error) {
	st, err := s.DB.LoginSetting.Query().Where(loginsetting.CorpID(corpID)).WithCorp().WithApp().Only(system(ctx, 0))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !st.Enabled || st.Edges.App == nil || st.Edges.Corp == nil {
		return nil, nil
	}
	return st, nil
}

// record audits a step of a login in the tenant it concerns.
func (s *Service) record(ctx context.Context, r *http.Request, tenantID int, failed bool, action, summary string) {
	v := &viewer.Viewer{Kind: viewer.KindSystem, Name: "sso", TenantID: tenantID, IP: auth.ClientIP(r)}
	if err := audit.Record(viewer.NewContext(ctx, v), s.DB, audit.Entry{Action: action, Failed: failed, TenantID: tenantID, Summary: summary}); err != nil {
		s.Logger.Warn("sso: auditing", "action", action, "err", err)
	}
}

// refuse ends a login on a refusal page, audited and counted when the
// corp is known.
func (s *Service) refuse(w http.ResponseWriter, r *http.Request, tenantID, corpID int, key, detail string) {
	s.refuseAudited(w, r, tenantID, corpID, key, detail, detail)
}

// refuseAudited is refuse with a detail for the tenant's audit log that
// the page does not show: the page is public (anyone who scans, or opens
// the URL), and some details name the OA's or the platform's internal
// address or the app's configuration, which are for the tenant's admins.
func (s *Service) refuseAudited(w http.ResponseWriter, r *http.Request, tenantID, corpID int, key, detail, audited string) {
	if tenantID != 0 {
		summary := "QR login refused (" + key + ")"
		if audited != "" {
			summary += ": " + audited
		}
		s.record(r.Context(), r, tenantID, true, "login", summary)
		loginsTotal.WithLabelValues(itoa(corpID), "refused").Inc()
	}
	refusalOn(w, key, detail, s.corpPlatform(r.Context(), corpID))
}

// corpPlatform is the platform of the corp a refusal page names ("feishu"
// when the corp is unknown).
func (s *Service) corpPlatform(ctx context.Context, corpID int) string {
	if corpID == 0 {
		return "feishu"
	}
	c, err := s.DB.Corp.Get(system(ctx, 0), corpID)
	if err != nil {
		return "feishu"
	}
	return string(c.Platform)
}

// start begins an OA login: GET /sso/{corp}/start?return_to=….
func (s *Service) start(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	corpID, err := strconv.Atoi(r.PathValue("corp"))
	if err != nil {
		refusal(w, "corp", "")
		return
	}
	st, err := s.setting(ctx, corpID)
	if err != nil {
		s.Logger.Error("sso: loading login settings", "corp", corpID, "err", err)
		refusal(w, "busy", "")
		return
	}
	if st == nil {
		refusal(w, "corp", "")
		return
	}
	returnTo := r.URL.Query().Get("return_to")
	if _, ok := allowedReturn(returnTo, st.AllowedOrigins); !ok {
		s.refuse(w, r, st.TenantID, corpID, "return_to", "")
		return
	}
	s.redirectToPlatform(w, r, st, flow{Purpose: purposeOA, CorpID: corpID, TenantID: st.TenantID, ReturnTo: returnTo})
}

// redirectToPlatform saves the flow, bound to this browser, and sends the
// browser to the app's authorize page.
func (s *Service) redirectToPlatform(w http.ResponseWriter, r *http.Request, st *ent.LoginSetting, f flow) {
	o, err := s.oauth(st.Edges.App, st.Edges.Corp)
	if err != nil {
		s.refuseAudited(w, r, st.TenantID, st.CorpID, "corp", "", "the app cannot be used for login: "+err.Error())
		return
	}
	f.Browser = hashOf(s.browserCookie(w, r))
	state, err := s.saveFlow(r.Context(), f)
	if err != nil {
		s.Logger.Error("sso: saving the flow", "err", err)
		refusal(w, "busy", "")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, o.AuthorizeURL(s.CallbackURL(st.Edges.Corp.Platform), state), http.StatusFound)
}

// callback is where the platform sends the browser back:
// GET /sso/feishu/callback?code=…&state=… (or error=access_denied).
func (s *Service) callback(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	state := q.Get("state")
	if state == "" || len(state) > 100 {
		refusal(w, "state", "")
		return
	}
	f, err := s.takeFlow(ctx, state)
	if errors.Is(err, errGone) {
		refusal(w, "state", "")
		return
	}
	if err != nil {
		s.Logger.Error("sso: reading the flow", "err", err)
		refusal(w, "busy", "")
		return
	}
	if !sameBrowser(r, f.Browser) {
		s.refuse(w, r, f.TenantID, f.CorpID, "browser", "")
		return
	}
	if q.Get("error") != "" {
		s.refuse(w, r, f.TenantID, f.CorpID, "denied", "")
		return
	}
	code := q.Get("code")
	if code == "" || len(code) > 512 {
		s.refuse(w, r, f.TenantID, f.CorpID, "code", "")
		return
	}
	st, err := s.setting(ctx, f.CorpID)
	if err != nil || st == nil {
		s.refuse(w, r, f.TenantID, f.CorpID, "corp", "")
		return
	}
	o, err := s.oauth(st.Edges.App, st.Edges.Corp)
	if err != nil {
		s.refuseAudited(w, r, f.TenantID, f.CorpID, "corp", "", "the app cannot be used for login: "+err.Error())
		return
	}
	id, err := o.Identify(ctx, code, s.CallbackURL(st.Edges.Corp.Platform))
	if err != nil {
		s.platformRefusal(w, r, f, err)
		return
	}
	switch f.Purpose {
	case purposeConsole:
		s.finishConsole(w, r, st, id)
	case purposeBindAdmin:
		s.finishBindAdmin(w, r, st, f, id)
	default:
		s.finishOA(w, r, st, f, id)
	}
}

// platformRefusal says why the platform refused the code: what to do
// comes from the adapter's code table (the engine decides on the class).
func (s *Service) platformRefusal(w http.ResponseWriter, r *http.Request, f flow, err error) {
	var pe *platform.Error
	switch {
	case errors.As(err, &pe) && !pe.Class.Retryable():
		s.refuse(w, r, f.TenantID, f.CorpID, "platform", pe.Advice())
	case errors.As(err, &pe):
		s.refuse(w, r, f.TenantID, f.CorpID, "busy", pe.Advice())
	default:
		s.Logger.Warn("sso: identifying the person", "corp", f.CorpID, "err", err)
		s.refuse(w, r, f.TenantID, f.CorpID, "busy", "")
	}
}

// finishOA goes from the identity to a ticket: the corps where the person
// is, a choice when there are several, then the OA user.
func (s *Service) finishOA(w http.ResponseWriter, r *http.Request, st *ent.LoginSetting, f flow, id platform.Identity) {
	ctx := r.Context()
	cands, err := s.candidates(ctx, st.Edges.App, st.Edges.Corp, id, f.ReturnTo)
	if err != nil {
		s.Logger.Error("sso: finding the person", "err", err)
		refusal(w, "busy", "")
		return
	}
	switch len(cands) {
	case 0:
		s.refuse(w, r, f.TenantID, f.CorpID, "not_found", "")
	case 1:
		s.loginAs(w, r, cands[0], id, f.ReturnTo)
	default:
		s.picker(w, r, cands, id, f)
	}
}

// picker shows the tenants and corps the person may log into.
func (s *Service) picker(w http.ResponseWriter, r *http.Request, cands []candidateRef, id platform.Identity, f flow) {
	ctx := r.Context()
	p := page{Reason: "pick", TitleZH: "选择团队和企业", TitleEN: "Choose a team and corp"}
	for i, c := range cands {
		co, err := s.DB.Corp.Get(system(ctx, 0), c.CorpID)
		if err != nil {
			refusal(w, "busy", "")
			return
		}
		tn, err := s.DB.Tenant.Get(system(ctx, 0), c.TenantID)
		if err != nil {
			refusal(w, "busy", "")
			return
		}
		p.Choices = append(p.Choices, choice{Index: i, Tenant: tn.Name, Corp: co.Name})
	}
	id2, err := s.savePending(ctx, pending{Identity: id, FlowCorp: f.CorpID, ReturnTo: f.ReturnTo, Candidates: cands, Browser: f.Browser})
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	p.Pending = id2
	render(w, http.StatusOK, p)
}

// pick is the choice on the picker: POST /sso/pick (pending, choice).
func (s *Service) pick(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PostFormValue("pending")
	p, err := s.loadPending(ctx, id)
	if err != nil {
		refusal(w, "pending", "")
		return
	}
	if !sameBrowser(r, p.Browser) {
		refusal(w, "browser", "")
		return
	}
	n, err := strconv.Atoi(r.PostFormValue("choice"))
	if err != nil || n < 0 || n >= len(p.Candidates) || !s.dropPending(ctx, id) {
		refusal(w, "pending", "")
		return
	}
	s.loginAs(w, r, p.Candidates[n], p.Identity, p.ReturnTo)
}

// loginAs logs the person in through one corp: their IM user must be
// active, bound (or bindable now) to an active OA user; then a ticket goes
// to return_to.
func (s *Service) loginAs(w http.ResponseWriter, r *http.Request, c candidateRef, id platform.Identity, returnTo string) {
	ctx := system(r.Context(), c.TenantID)
	st, err := s.setting(r.Context(), c.CorpID)
	if err != nil || st == nil {
		s.refuse(w, r, c.TenantID, c.CorpID, "corp", "")
		return
	}
	back, ok := allowedReturn(returnTo, st.AllowedOrigins)
	if !ok {
		s.refuse(w, r, c.TenantID, c.CorpID, "return_to", "")
		return
	}
	im, err := s.DB.User.Get(ctx, c.IMUserID)
	if err != nil {
		s.refuse(w, r, c.TenantID, c.CorpID, "not_found", "")
		return
	}
	if !usable(im) {
		s.refuse(w, r, c.TenantID, c.CorpID, "user_disabled", "")
		return
	}
	oa, err := boundOA(ctx, s.DB, im)
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	if oa == nil {
		if oa, err = s.autoBind(ctx, r, st, im); err != nil {
			refusal(w, "busy", "")
			return
		}
	}
	if oa == nil {
		if st.BindOnFirstLogin && st.PasswordCheckEndpointID != nil {
			s.bindPage(w, r, c, id, returnTo, im, "", "")
			return
		}
		s.refuse(w, r, c.TenantID, c.CorpID, "unbound", "")
		return
	}
	if !usable(oa) {
		s.refuse(w, r, c.TenantID, c.CorpID, "user_disabled", "")
		return
	}
	s.sendTicket(w, r, st, im, oa, back)
}

// autoBind binds the IM user to the one OA user with the same value of
// the auto-bind field (seed 003 §4.2.4 (2)); nil when there is no such
// field or no single match.
func (s *Service) autoBind(ctx context.Context, r *http.Request, st *ent.LoginSetting, im *ent.User) (*ent.User, error) {
	field, err := AutoBindField(ctx, s.DB, st.CorpID)
	if err != nil || field == "none" {
		return nil, err
	}
	oa, err := autoBindMatch(ctx, s.DB, field, st.CorpID, im)
	if err != nil || oa == nil {
		return nil, err
	}
	// Through binder, the one home of the binding rules: the one-to-one
	// check and the binding history.
	if _, err := binder.Bind(ctx, s.DB, oa.ID, im.ID, binding.MethodAuto); err != nil {
		var taken *binder.ConflictError
		if errors.As(err, &taken) || ent.IsConstraintError(err) {
			return nil, nil // bound meanwhile, by someone else
		}
		return nil, err
	}
	s.record(r.Context(), r, st.TenantID, false, "bindAtLogin", "bound "+im.Name+" to OA account "+oa.ExternalID+" by "+field+" at login")
	loginsTotal.WithLabelValues(itoa(st.CorpID), "bound").Inc()
	return oa, nil
}

// sendTicket issues a ticket for the OA user and sends the browser back
// to the OA with it.
func (s *Service) sendTicket(w http.ResponseWriter, r *http.Request, st *ent.LoginSetting, im, oa *ent.User, back *url.URL) {
	t, err := s.issue(r.Context(), st.TenantID, ticket{CorpID: st.CorpID, OAUserID: oa.ID, IMUserID: im.ID}, secondsOf(st.TicketTTLSeconds))
	if err != nil {
		s.Logger.Error("sso: issuing a ticket", "err", err)
		refusal(w, "busy", "")
		return
	}
	s.record(r.Context(), r, st.TenantID, false, "login", "QR login of "+im.Name+" as OA account "+oa.ExternalID+" through "+st.Edges.Corp.Name)
	loginsTotal.WithLabelValues(itoa(st.CorpID), "ticket").Inc()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, withTicket(back, t), http.StatusFound)
}

// home is the app's homepage (网页应用 › 桌面端/移动端主页, the URL the app
// setup checklist shows: GET /sso/feishu/{app}/home): opening the app in
// Feishu logs the person into the OA (inside the Feishu client the
// authorize page asks nothing). The ticket goes to the app's custom
// homepage URL when it is on an allowed origin, else to the root of the
// corp's first allowed origin.
func (s *Service) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	appID, err := strconv.Atoi(r.PathValue("app"))
	if err != nil {
		refusal(w, "corp", "")
		return
	}
	a, err := s.DB.App.Get(system(ctx, 0), appID)
	if err != nil {
		refusal(w, "corp", "")
		return
	}
	st, err := s.setting(ctx, a.CorpID)
	if err != nil || st == nil || st.Edges.App.ID != a.ID || len(st.AllowedOrigins) == 0 {
		refusal(w, "corp", "")
		return
	}
	target := st.AllowedOrigins[0] + "/"
	if _, ok := allowedReturn(a.HomepageURL, st.AllowedOrigins); ok && a.HomepageMode == app.HomepageModeCustom {
		target = a.HomepageURL
	}
	s.redirectToPlatform(w, r, st, flow{Purpose: purposeOA, CorpID: st.CorpID, TenantID: st.TenantID, ReturnTo: target})
}
