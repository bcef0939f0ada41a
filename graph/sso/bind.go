package sso

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"imbridge/ent"
	"imbridge/ent/binding"
	"imbridge/ent/user"
	"imbridge/graph/auth"
	"imbridge/platform"
	"imbridge/worker/webhook"
)

// PasswordCheckEvent is the event type of the signed call that asks the
// OA whether an account and password are right (docs/qr-login.md): a POST
// to the corp's password check endpoint, signed like every OA webhook
// (X-Imbridge-Signature, HMAC-SHA256 over the timestamp and the body).
const PasswordCheckEvent = "login.password_check"

// PasswordCheck is the body of that call.
type PasswordCheck struct {
	// Username and Password are what the person typed, as typed.
	Username string `json:"username"`
	Password string `json:"password"`
	// Corp is the corp they log in through; Person who they are there.
	Corp   PasswordCheckCorp   `json:"corp"`
	Person PasswordCheckPerson `json:"person"`
}

// PasswordCheckCorp names the corp in a password check.
type PasswordCheckCorp struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PasswordCheckPerson is the IM person asking to bind.
type PasswordCheckPerson struct {
	Name   string `json:"name"`
	UserID string `json:"userId"` // Feishu user_id
}

// PasswordCheckAnswer is what the OA answers with HTTP 200: ok, and the OA
// user id (the id the OA imports its directory with) of the account.
type PasswordCheckAnswer struct {
	OK       bool   `json:"ok"`
	OAUserID string `json:"oaUserId"`
}

// bindPage asks the person for their OA account and password.
func (s *Service) bindPage(w http.ResponseWriter, r *http.Request, c candidateRef, id platform.Identity, returnTo string, im *ent.User, errZH, errEN string) {
	browser := ""
	if ck, err := r.Cookie(cookieName); err == nil {
		browser = hashOf(ck.Value)
	}
	pid, err := s.savePending(r.Context(), pending{Identity: id, FlowCorp: c.CorpID, ReturnTo: returnTo, Candidates: []candidateRef{c}, Browser: browser})
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	status := http.StatusOK
	if errZH != "" {
		status = http.StatusUnauthorized
	}
	render(w, status, page{Reason: "bind", TitleZH: "绑定 OA 账号", TitleEN: "Bind your OA account", Bind: true, Pending: pid,
		Person: im.Name, ErrorZH: errZH, ErrEN: errEN})
}

// bind is the binding form: POST /sso/bind (pending, username, password).
// Attempts are throttled like the console's login (per account and
// address, and per address), counted before the OA is asked.
func (s *Service) bind(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pid := r.PostFormValue("pending")
	p, err := s.loadPending(ctx, pid)
	if err != nil || len(p.Candidates) != 1 {
		refusal(w, "pending", "")
		return
	}
	if !sameBrowser(r, p.Browser) {
		refusal(w, "browser", "")
		return
	}
	c := p.Candidates[0]
	st, err := s.setting(ctx, c.CorpID)
	if err != nil || st == nil || !st.BindOnFirstLogin || st.PasswordCheckEndpointID == nil {
		s.refuse(w, r, c.TenantID, c.CorpID, "unbound", "")
		return
	}
	tctx := system(ctx, c.TenantID)
	im, err := s.DB.User.Get(tctx, c.IMUserID)
	if err != nil || !usable(im) {
		s.refuse(w, r, c.TenantID, c.CorpID, "user_disabled", "")
		return
	}
	username, password := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("password")
	if username == "" || password == "" || len(username) > 200 || len(password) > 1024 {
		s.dropPending(ctx, pid)
		s.bindPage(w, r, c, p.Identity, p.ReturnTo, im, "请输入 OA 账号和密码。", "Enter your OA account and password.")
		return
	}
	account, ip := itoa(c.CorpID)+":"+auth.NormalizeUsername(username), auth.ClientIP(r)
	wait, err := s.throttle.Attempt(ctx, account, ip)
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	if wait > 0 {
		s.refuse(w, r, c.TenantID, c.CorpID, "throttled", "")
		return
	}
	ans, err := s.checkPassword(tctx, st, im, username, password)
	if err != nil {
		s.throttle.Refund(ctx, account, ip)
		shown := "the OA's password check did not answer"
		var un *unanswered
		if !errors.As(err, &un) {
			shown += ": " + err.Error()
		} else if un.status != 0 {
			shown += ": " + webhook.StatusError(un.status)
		}
		s.refuseAudited(w, r, c.TenantID, c.CorpID, "busy", shown, "the OA's password check did not answer: "+err.Error())
		return
	}
	if !ans.OK {
		s.record(ctx, r, c.TenantID, true, "bindAtLogin", "wrong OA account or password for "+im.Name+" at login")
		s.dropPending(ctx, pid)
		s.bindPage(w, r, c, p.Identity, p.ReturnTo, im, "OA 账号或密码错误。", "Wrong OA account or password.")
		return
	}
	s.throttle.Succeed(ctx, account, ip)
	oa, err := s.DB.User.Query().Where(user.CorpIDIsNil(), user.ExternalID(ans.OAUserID)).Only(tctx)
	if err != nil || !usable(oa) {
		s.refuse(w, r, c.TenantID, c.CorpID, "user_disabled", "the OA account the OA named is not in the bridge's OA directory, or is not active")
		return
	}
	if !s.dropPending(ctx, pid) {
		refusal(w, "pending", "")
		return
	}
	err = s.DB.Binding.Create().SetCorpID(c.CorpID).SetKind(binding.KindUser).SetOaUserID(oa.ID).SetImUserID(im.ID).
		SetMethod(binding.MethodLogin).SetCreatedBy("sso:password (" + im.Name + ")").Exec(tctx)
	if ent.IsConstraintError(err) {
		s.refuse(w, r, c.TenantID, c.CorpID, "unbound", "that OA account is already bound to another IM account of this corp")
		return
	}
	if err != nil {
		refusal(w, "busy", "")
		return
	}
	s.record(ctx, r, c.TenantID, false, "bindAtLogin", "bound "+im.Name+" to OA account "+oa.ExternalID+" with the OA password at login")
	loginsTotal.WithLabelValues(itoa(c.CorpID), "bound").Inc()
	back, ok := allowedReturn(p.ReturnTo, st.AllowedOrigins)
	if !ok {
		s.refuse(w, r, c.TenantID, c.CorpID, "return_to", "")
		return
	}
	s.sendTicket(w, r, st, im, oa, back)
}

// unanswered is a password check the OA did not answer: the attempt's
// classified error (webhook.Result.Error, which may name the OA's address
// or a refused private host) and the HTTP status, 0 without one.
type unanswered struct {
	msg    string
	status int
}

func (e *unanswered) Error() string { return e.msg }

// checkPassword asks the OA, through its password check endpoint.
func (s *Service) checkPassword(ctx context.Context, st *ent.LoginSetting, im *ent.User, username, password string) (PasswordCheckAnswer, error) {
	var ans PasswordCheckAnswer
	ep, err := s.DB.WebhookEndpoint.Get(ctx, *st.PasswordCheckEndpointID)
	if err != nil {
		return ans, errors.New("the password check endpoint is gone")
	}
	if !ep.Enabled {
		return ans, errors.New("the password check endpoint is disabled")
	}
	body, _ := json.Marshal(PasswordCheck{Username: username, Password: password,
		Corp:   PasswordCheckCorp{ID: itoa(st.CorpID), Name: st.Edges.Corp.Name},
		Person: PasswordCheckPerson{Name: im.Name, UserID: im.ExternalID}})
	res := s.Webhooks.Send(ctx, ep, "pwc_"+random()[:22], PasswordCheckEvent, body)
	if res.Outcome != webhook.Delivered {
		return ans, &unanswered{msg: res.Error, status: res.Status}
	}
	if err := json.Unmarshal(res.Body, &ans); err != nil {
		return ans, errors.New("the answer is not the JSON docs/qr-login.md describes")
	}
	if ans.OK && ans.OAUserID == "" {
		return ans, errors.New("the answer says ok without an oaUserId")
	}
	return ans, nil
}
