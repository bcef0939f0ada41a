package sso

import (
	"context"
	"fmt"
	"slices"

	"imbridge/ent"
	"imbridge/ent/app"
	"imbridge/ent/corp"
	"imbridge/ent/loginsetting"
	"imbridge/platform/appclient"
)

// maxOrigins bounds a corp's allowed origins.
const maxOrigins = 20

// FieldError is a setting that breaks a rule: the input field and the
// rule, for BAD_USER_INPUT.
type FieldError struct{ Field, Message string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: "input." + field, Message: fmt.Sprintf(format, args...)}
}

// SettingsInput changes a corp's login settings; nil fields are kept.
type SettingsInput struct {
	Enabled          *bool
	AppID            *int
	ClearApp         bool
	AllowedOrigins   []string // nil keeps them; empty clears them
	BindOnFirstLogin *bool
	// AutoBindField sets the corp's sync profile's auto_bind_field (the one
	// auto-bind setting, seed 003 §4.2.4 (2)).
	AutoBindField              *string
	PasswordCheckEndpointID    *int
	ClearPasswordCheckEndpoint bool
	TicketTTLSeconds           *int
	ConsoleSignIn              *bool
}

// UpdateSettings creates or changes a corp's login settings through db,
// as the viewer in ctx (whose tenant filter makes another tenant's corp,
// app or endpoint NOT_FOUND). Rules (seed 003 §5): login cannot be on
// without an app of the corp ("请先添加飞书") nor without an allowed origin;
// binding at login needs a password check endpoint; tickets live 5 to 60
// seconds.
func UpdateSettings(ctx context.Context, db *ent.Client, corpID int, in SettingsInput) (*ent.LoginSetting, error) {
	c, err := db.Corp.Get(ctx, corpID)
	if err != nil {
		return nil, err
	}
	if c.Platform != corp.PlatformFeishu && c.Platform != corp.PlatformWecom {
		return nil, &FieldError{Field: "corpID", Message: "QR-code login is available for Feishu and WeCom corps only"}
	}
	cur, err := db.LoginSetting.Query().Where(loginsetting.CorpID(corpID)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	// The result, field by field: the current value or the new one.
	next := ent.LoginSetting{TicketTTLSeconds: 60}
	if cur != nil {
		next = *cur
	}
	if in.Enabled != nil {
		next.Enabled = *in.Enabled
	}
	switch {
	case in.ClearApp:
		next.AppID = nil
	case in.AppID != nil:
		a, err := db.App.Get(ctx, *in.AppID)
		if ent.IsNotFound(err) || err == nil && a.CorpID != corpID {
			return nil, fieldErr("appID", "must be an app of this corp")
		}
		if err != nil {
			return nil, err
		}
		if c.Platform == corp.PlatformWecom && a.AppID == appclient.ContactSyncAgent {
			return nil, fieldErr("appID", "the 通讯录同步 secret has no AgentId and cannot log people in: choose a self-built app (应用管理 › the app › AgentId)")
		}
		next.AppID = in.AppID
	}
	if next.Enabled && next.AppID == nil {
		n, err := db.App.Query().Where(app.CorpID(corpID)).Count(ctx)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, fieldErr("appID", "请先添加飞书: the corp has no app yet; add its Feishu app under Integrations before turning QR-code login on")
		}
		return nil, fieldErr("appID", "请先添加飞书: choose the app the login uses before turning QR-code login on")
	}
	if in.AllowedOrigins != nil {
		next.AllowedOrigins = nil
		for i, raw := range in.AllowedOrigins {
			o, err := Origin(raw)
			if err != nil {
				return nil, fieldErr(fmt.Sprintf("allowedOrigins[%d]", i), "%s", err)
			}
			if !slices.Contains(next.AllowedOrigins, o) {
				next.AllowedOrigins = append(next.AllowedOrigins, o)
			}
		}
		if len(next.AllowedOrigins) > maxOrigins {
			return nil, fieldErr("allowedOrigins", "at most %d origins", maxOrigins)
		}
	}
	if next.Enabled && len(next.AllowedOrigins) == 0 {
		return nil, fieldErr("allowedOrigins", "name at least one OA origin (such as https://oa.example.com) before turning QR-code login on: tickets go only there")
	}
	switch {
	case in.ClearPasswordCheckEndpoint:
		next.PasswordCheckEndpointID = nil
	case in.PasswordCheckEndpointID != nil:
		if _, err := db.WebhookEndpoint.Get(ctx, *in.PasswordCheckEndpointID); ent.IsNotFound(err) {
			return nil, fieldErr("passwordCheckEndpointID", "must be an OA webhook endpoint of this tenant")
		} else if err != nil {
			return nil, err
		}
		next.PasswordCheckEndpointID = in.PasswordCheckEndpointID
	}
	if in.BindOnFirstLogin != nil {
		next.BindOnFirstLogin = *in.BindOnFirstLogin
	}
	if next.BindOnFirstLogin && next.PasswordCheckEndpointID == nil {
		return nil, fieldErr("passwordCheckEndpointID", "binding at login needs the OA webhook endpoint that checks passwords (docs/qr-login.md)")
	}
	if in.AutoBindField != nil {
		if err := setAutoBindField(ctx, db, corpID, *in.AutoBindField); err != nil {
			return nil, err
		}
	}
	if in.TicketTTLSeconds != nil {
		if t := *in.TicketTTLSeconds; t < int(minTicketTTL.Seconds()) || t > int(MaxTicketTTL.Seconds()) {
			return nil, fieldErr("ticketTTLSeconds", "must be 5 to 60 seconds")
		}
		next.TicketTTLSeconds = *in.TicketTTLSeconds
	}
	if in.ConsoleSignIn != nil {
		next.ConsoleSignIn = *in.ConsoleSignIn
	}
	if cur == nil {
		return db.LoginSetting.Create().SetCorpID(corpID).SetEnabled(next.Enabled).SetNillableAppID(next.AppID).
			SetAllowedOrigins(next.AllowedOrigins).SetBindOnFirstLogin(next.BindOnFirstLogin).
			SetNillablePasswordCheckEndpointID(next.PasswordCheckEndpointID).SetTicketTTLSeconds(next.TicketTTLSeconds).
			SetConsoleSignIn(next.ConsoleSignIn).Save(ctx)
	}
	u := db.LoginSetting.UpdateOne(cur).SetEnabled(next.Enabled).SetAllowedOrigins(next.AllowedOrigins).
		SetBindOnFirstLogin(next.BindOnFirstLogin).SetTicketTTLSeconds(next.TicketTTLSeconds).
		SetConsoleSignIn(next.ConsoleSignIn)
	if next.AppID == nil {
		u.ClearAppID()
	} else {
		u.SetAppID(*next.AppID)
	}
	if next.PasswordCheckEndpointID == nil {
		u.ClearPasswordCheckEndpointID()
	} else {
		u.SetPasswordCheckEndpointID(*next.PasswordCheckEndpointID)
	}
	return u.Save(ctx)
}
