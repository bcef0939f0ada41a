package feishu

import (
	"context"
	"errors"
	"net/http"
	"time"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
	larkim "github.com/larksuite/oapi-sdk-go/v3/service/im/v1"

	"imbridge/platform"
)

// Capability names reported by Probe.
const (
	CapContactRead  = "contact_read"
	CapContactWrite = "contact_write"
	CapMessageSend  = "message_send"
	// CapContactUserID: users come with their user_id, which the mirror
	// keys on (the field permission 获取用户 user ID).
	CapContactUserID = "contact_user_id"
)

// Capability is what app verification shows for one ability: OK, or the
// platform's code and message saying why not.
type Capability struct {
	Name string // CapContactRead, CapContactWrite, CapMessageSend, CapContactUserID
	OK   bool
	Code int
	Msg  string
	// Class is the refusal's platform.ErrorClass name, or "network" when
	// the platform was not reached (then Host and Cause say where and how).
	Class, Host, Cause string
}

// TenantAccessToken fetches a tenant_access_token with the app's
// credentials, proving them (bad ones give a *platform.Error of class
// ClassCredentials: Feishu answers 10014 on this endpoint), and
// stores it in the shared cache as the SDK would. It always asks the
// platform: a cached token outlives a changed secret. The token is for
// plain-HTTP calls the SDK lacks; never log it.
func (c *Client) TenantAccessToken(ctx context.Context) (string, error) {
	var tok *larkcore.TenantAccessTokenResp
	err := c.do(ctx, APITenantToken, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
		r, err := c.lark.GetTenantAccessTokenBySelfBuiltApp(ctx, &larkcore.SelfBuiltTenantAccessTokenReq{
			AppID: c.appID, AppSecret: c.secret})
		if err != nil {
			return nil, larkcore.CodeError{}, err
		}
		tok = r
		return r.ApiResp, r.CodeError, nil
	})
	if err != nil {
		return "", err
	}
	if tok.TenantAccessToken == "" {
		return "", errors.New("feishu: token response without a token")
	}
	// The SDK's TTL: the token's lifetime minus 3 minutes.
	ttl := time.Duration(tok.Expire)*time.Second - 3*time.Minute
	if err := c.tokens.Set(ctx, tenantTokenKey(c.appID), tok.TenantAccessToken, ttl); err != nil {
		return "", err
	}
	return tok.TenantAccessToken, nil
}

// Probe verifies the app: it gets a token (bad credentials are the error,
// a *platform.Error), then checks each capability with a request that
// cannot change anything. A nil error means the list has every capability.
//
// How a capability is proved: Feishu's gateway checks the token, the rate
// limit and the app's scopes before the API looks at the request (the
// simulator does the same, in that order). So an answer that is not a
// permission refusal means the scope is granted, even when the API then
// rejects the request itself. Hence:
//
//   - contact_read: list the root's children, page_size 1: a real read.
//   - contact_write: PATCH department "0" with an empty body. An empty
//     patch changes no field of any department, and the root cannot be
//     modified anyway (the simulator answers 40002); it needs no field, so
//     no body validation can answer before the scope check.
//   - message_send: send a text with content "{}" (no text: invalid) to a
//     made-up open_id, with a fixed uuid. Nobody has that open_id and the
//     content is invalid, so nothing can be delivered; a send that somehow
//     passed would be deduplicated by the uuid for an hour.
//
// Limits: that the gateway checks scopes before validating the body is
// observed behaviour, not documented. The contact_write probe does not rely
// on it: its request breaks none of the documented parameter rules of
// "修改部门部分信息" (open.feishu.cn/document/server-docs/contact-v3/
// department/patch: every body field optional, a field not sent is not
// changed; "0" matches the department_id pattern), so no parameter check can
// answer before the scope check (TestWriteProbeRequestPassesEveryDocumented
// Check). The message_send probe's content "{}" is invalid on purpose and
// still relies on it: a platform that validated first would report a missing
// scope as OK (the first real send would then fail with 99991672, a clear
// error). A 404 means the API does not exist at this base
// URL (a private deployment, or a simulator without messaging) and is
// reported as not OK. contact_read needs the root, i.e. the app's contact
// range set to all members; with a narrower range it reports 40004.
func (c *Client) Probe(ctx context.Context) ([]Capability, error) {
	if _, err := c.TenantAccessToken(ctx); err != nil {
		return nil, err
	}
	read := c.probe(ctx, CapContactRead, true, APIChildren,
		func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			req := larkcontact.NewChildrenDepartmentReqBuilder().DepartmentId(platform.RootDepartmentID).
				DepartmentIdType(deptIDType).UserIdType(userIDType).PageSize(1).Build()
			r, err := c.lark.Contact.V3.Department.Children(ctx, req)
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			return r.ApiResp, r.CodeError, nil
		})
	write := c.probe(ctx, CapContactWrite, false, APIPatchDepartment,
		func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			req := larkcontact.NewPatchDepartmentReqBuilder().DepartmentId(platform.RootDepartmentID).
				DepartmentIdType(deptIDType).UserIdType(userIDType).
				Department(larkcontact.NewDepartmentBuilder().Build()).Build()
			r, err := c.lark.Contact.V3.Department.Patch(ctx, req)
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			return r.ApiResp, r.CodeError, nil
		})
	send := c.probe(ctx, CapMessageSend, false, APICreateMessage,
		func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			body := larkim.NewCreateMessageReqBodyBuilder().ReceiveId(probeOpenID).MsgType("text").
				Content("{}").Uuid("imbridge-probe-" + c.appID).Build()
			req := larkim.NewCreateMessageReqBuilder().ReceiveIdType("open_id").Body(body).Build()
			r, err := c.lark.Im.V1.Message.Create(ctx, req)
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			return r.ApiResp, r.CodeError, nil
		})
	userID := c.probeUserID(ctx, read)
	return []Capability{read, userID, write, send}, nil
}

// probeOpenID has an open_id's shape and belongs to nobody.
const probeOpenID = "ou_00000000000000000000imbridgeprobe"

// refusesCapability says whether a code refuses the app rather than the
// request: the gateway's 99991xxx family (token, scope 99991672/99991676,
// app disabled 99991662 or unavailable 99991673, throttling 99991400), or
// the bot ability being off (230006, messages). Anything else the API
// answered after the gateway let the request through.
func refusesCapability(code int) bool {
	return code/1000 == 99991 || code == 230006
}

// probe runs one check. mustSucceed: only code 0 proves it (a read);
// otherwise any refusal that is not about permissions does.
func (c *Client) probe(ctx context.Context, name string, mustSucceed bool, api string, call sdkCall) Capability {
	err := c.do(ctx, api, call)
	if err == nil {
		return Capability{Name: name, OK: true}
	}
	var pe *platform.Error
	if !errors.As(err, &pe) {
		if f, ok := NetworkFailure(err, c.baseURL); ok {
			return Capability{Name: name, Msg: f.Error(), Class: "network", Host: f.Host, Cause: f.Cause}
		}
		return Capability{Name: name, Msg: err.Error()}
	}
	refused := mustSucceed || refusesCapability(pe.Code) ||
		pe.HTTPStatus == http.StatusNotFound || pe.HTTPStatus == http.StatusMethodNotAllowed ||
		pe.HTTPStatus >= 500
	if refused {
		return Capability{Name: name, Code: pe.Code, Msg: pe.Advice(), Class: pe.Class.String()}
	}
	return Capability{Name: name, OK: true}
}
