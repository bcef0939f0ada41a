package sso

import (
	"encoding/json"
	"net/http"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/admin"
	"imbridge/ent/loginsetting"
	"imbridge/ent/viewer"
	"imbridge/graph/auth"
	"imbridge/platform"
)

// Console sign-in with Feishu (issue 10 item 5): an admin binds their
// account to their Feishu person from their profile page (GET
// /sso/console/bind?corp=…, signed in), after which the login page's
// "Sign in with Feishu" (GET /sso/console/start?corp=…) starts a session
// for them. Only corps whose login settings offer console sign-in are
// used, and only they are listed on the login page (providers).

// Provider is a corp the console's login page offers.
type Provider struct {
	CorpID string `json:"corpId"`
	Name   string `json:"name"`
}

// providers lists them: GET /sso/console/providers.
func (s *Service) providers(w http.ResponseWriter, r *http.Request) {
	sts, err := s.DB.LoginSetting.Query().Where(loginsetting.Enabled(true), loginsetting.ConsoleSignIn(true), loginsetting.AppIDNotNil()).
		WithCorp().All(system(r.Context(), 0))
	out := []Provider{}
	if err == nil {
		for _, st := range sts {
			if st.Edges.Corp != nil {
				out = append(out, Provider{CorpID: itoa(st.CorpID), Name: st.Edges.Corp.Name})
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{"providers": out})
}

// consoleSetting is a corp's settings when it offers console sign-in.
func (s *Service) consoleSetting(r *http.Request) (*ent.LoginSetting, bool) {
	id, err := strconv.Atoi(r.URL.Query().Get("corp"))
	if err != nil {
		return nil, false
	}
	st, err := s.setting(r.Context(), id)
	if err != nil || st == nil || !st.ConsoleSignIn {
		return nil, false
	}
	return st, true
}

// consoleStart begins signing into the console.
func (s *Service) consoleStart(w http.ResponseWriter, r *http.Request) {
	st, ok := s.consoleSetting(r)
	if !ok {
		refusal(w, "corp", "")
		return
	}
	s.redirectToPlatform(w, r, st, flow{Purpose: purposeConsole, CorpID: st.CorpID, TenantID: st.TenantID})
}

// consoleBind begins binding the signed-in admin's account to their
// Feishu person; the admin must see the corp (their tenant's, or any for
// a super admin).
func (s *Service) consoleBind(w http.ResponseWriter, r *http.Request) {
	v := viewer.FromContext(r.Context())
	if v == nil || v.Kind != viewer.KindAdmin {
		refusal(w, "not_signed_in", "")
		return
	}
	st, ok := s.consoleSetting(r)
	if !ok || (!v.IsSuperAdmin() && v.TenantID != st.TenantID) {
		refusal(w, "corp", "")
		return
	}
	s.redirectToPlatform(w, r, st, flow{Purpose: purposeBindAdmin, CorpID: st.CorpID, TenantID: st.TenantID, AdminID: v.ID})
}

// boundAdmins are the admins bound to the person in the corp.
func (s *Service) boundAdmins(r *http.Request, corpID int, id platform.Identity) ([]*ent.Admin, error) {
	q := s.DB.Admin.Query().Where(admin.FeishuCorpID(corpID))
	switch {
	case id.UserID != "":
		q = q.Where(admin.FeishuUserID(id.UserID))
	case id.UnionID != "":
		q = q.Where(admin.FeishuUnionID(id.UnionID))
	default:
		return nil, nil
	}
	return q.All(system(r.Context(), 0))
}

// finishConsole signs in the one active admin bound to the person.
func (s *Service) finishConsole(w http.ResponseWriter, r *http.Request, st *ent.LoginSetting, id platform.Identity) {
	ads, err := s.boundAdmins(r, st.CorpID, id)
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	if len(ads) != 1 || ads[0].Disabled {
		s.refuse(w, r, st.TenantID, st.CorpID, "no_admin", "")
		return
	}
	if err := s.Auth.StartSession(r.Context(), w, ads[0], auth.ClientIP(r), "console login with Feishu"); err != nil {
		refusal(w, "busy", "")
		return
	}
	loginsTotal.WithLabelValues(itoa(st.CorpID), "console").Inc()
	http.Redirect(w, r, "/", http.StatusFound)
}

// finishBindAdmin records the person on the admin who started the flow.
func (s *Service) finishBindAdmin(w http.ResponseWriter, r *http.Request, st *ent.LoginSetting, f flow, id platform.Identity) {
	v := viewer.FromContext(r.Context())
	if v == nil || v.Kind != viewer.KindAdmin || v.ID != f.AdminID {
		refusal(w, "not_signed_in", "")
		return
	}
	others, err := s.boundAdmins(r, st.CorpID, id)
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	for _, o := range others {
		if o.ID != f.AdminID {
			s.refuse(w, r, st.TenantID, st.CorpID, "no_admin", "this Feishu account is already bound to another admin")
			return
		}
	}
	ctx := system(r.Context(), 0)
	if err := s.DB.Admin.UpdateOneID(f.AdminID).SetFeishuCorpID(st.CorpID).SetFeishuUserID(id.UserID).
		SetFeishuUnionID(id.UnionID).SetFeishuName(id.Name).Exec(ctx); err != nil {
		refusal(w, "busy", "")
		return
	}
	s.record(r.Context(), r, st.TenantID, false, "bindAdminFeishu", "admin "+v.Name+" bound their account to Feishu user "+id.Name)
	http.Redirect(w, r, "/?feishu=bound", http.StatusFound)
}
