package feishu

import (
	"strings"
	"unicode/utf8"

	larkapproval "github.com/larksuite/oapi-sdk-go/v3/service/approval/v4"
)

// POST /open-apis/approval/v4/external_approvals (创建三方审批定义, page
// server-docs/approval-v4/external_approval/create, 2025-07-31). An upsert:
// "如果传入的值系统可以匹配到已存在的审批定义 approval_code，则调用该接口会
// 更新相应的审批定义 … 匹配不到 … 则会新建一个审批定义，并返回新建的审批定义
// 真实的 approval_code（并非你通过该参数传入的值）". The simulator matches the
// code sent against the codes sent before and the codes it returned, and
// answers an update with the code it returned at creation (the page warns
// that Feishu may answer another; keep the first). An update replaces the
// whole definition: a field not sent goes back to its default (a
// third-party integration observed enable_quick_operate reset that way;
// the page does not say).
//
// Rules checked, each from the page: approval_name is an i18n key ("以
// @i18n@ 开头，长度不得少于 9 个字符") with a text in the default locale;
// approval_code is required, at most 128 characters; external is
// required, and "support_pc 和 support_mobile 不可都为 false" (both default
// false); a group_code not seen before needs a group_name; description,
// group_name and biz_name are i18n keys; viewers and managers at most 200
// ("列表长度上限 200", "最多支持设置 200 个"), viewer_type one of TENANT,
// DEPARTMENT, USER, NONE.

const (
	minApprovalNameLen  = 9
	maxApprovalCodeLen  = 128
	maxApprovalViewers  = 200
	maxApprovalManagers = 200
	i18nPrefix          = "@i18n@"
)

func (s *Server) handleExternalApprovalCreate(c *call) (any, error) {
	var d larkapproval.ExternalApproval
	if err := c.decodeBody(&d); err != nil {
		return nil, errApprovalParam("body is not valid JSON")
	}
	texts, e := i18nTexts(d.I18nResources)
	if e != nil {
		return nil, e
	}
	name := str(d.ApprovalName)
	switch {
	case name == "":
		return nil, errApprovalParam("approval_name is required")
	case !strings.HasPrefix(name, i18nPrefix) || utf8.RuneCountInString(name) < minApprovalNameLen:
		return nil, errApprovalParam("approval_name must be an i18n key starting with @i18n@, at least 9 characters")
	case str(d.ApprovalCode) == "":
		return nil, errApprovalParam("approval_code is required")
	case utf8.RuneCountInString(str(d.ApprovalCode)) > maxApprovalCodeLen:
		return nil, errApprovalParam("approval_code is longer than 128 characters")
	case d.External == nil:
		return nil, errApprovalParam("external is required")
	case !boolv(d.External.SupportPc) && !boolv(d.External.SupportMobile):
		return nil, errApprovalParam("support_pc and support_mobile cannot both be false")
	case len(d.Viewers) > maxApprovalViewers:
		return nil, errApprovalParam("viewers: at most 200")
	case len(d.Managers) > maxApprovalManagers:
		return nil, errApprovalParam("managers: at most 200")
	}
	if e := needText(texts, "approval_name", name); e != nil {
		return nil, e
	}
	for _, f := range []struct {
		name string
		key  *string
	}{{"group_name", d.GroupName}, {"description", d.Description}, {"external.biz_name", d.External.BizName}} {
		if f.key != nil && *f.key != "" {
			if e := needText(texts, f.name, *f.key); e != nil {
				return nil, e
			}
		}
	}
	for i, v := range d.Viewers {
		switch str(v.ViewerType) {
		case "TENANT", "NONE":
		case "USER":
			if str(v.ViewerUserId) == "" {
				return nil, errApprovalParam("viewers[%d]: viewer_user_id is required for USER", i)
			}
		case "DEPARTMENT":
			if str(v.ViewerDepartmentId) == "" {
				return nil, errApprovalParam("viewers[%d]: viewer_department_id is required for DEPARTMENT", i)
			}
		default:
			return nil, errApprovalParam("viewers[%d]: viewer_type %q is not TENANT, DEPARTMENT, USER or NONE", i, str(v.ViewerType))
		}
	}

	now := s.clock()
	st := &s.approvals
	st.mu.Lock()
	defer st.mu.Unlock()
	st.init()
	if g := str(d.GroupCode); g != "" && str(d.GroupName) == "" && !st.groupKnown(g) {
		return nil, errApprovalParam("group_name is required for a new group_code %q", g)
	}
	key := str(d.ApprovalCode)
	code, ok := st.defByKey[key]
	if !ok {
		if _, isCode := st.defs[key]; isCode {
			code, ok = key, true
		}
	}
	if ok {
		def := st.defs[code]
		def.def, def.texts, def.updatedAt = d, texts, now
		def.updates++
		st.defByKey[key] = code
		st.stats.DefUpdates++
		return map[string]any{"approval_code": code}, nil
	}
	code = newApprovalCode()
	st.defs[code] = &approvalDef{code: code, appID: c.appID, def: d, texts: texts, createdAt: now, updatedAt: now}
	st.defByKey[key] = code
	st.stats.Definitions++
	return map[string]any{"approval_code": code}, nil
}

// groupKnown says whether a definition already uses group code g; st.mu held.
func (st *approvalStore) groupKnown(g string) bool {
	for _, d := range st.defs {
		if str(d.def.GroupCode) == g {
			return true
		}
	}
	return false
}

// newApprovalCode mints a definition code shaped like Feishu's
// ("C30381C8-7A5F-4717-A9CF-C233BF0202D4").
func newApprovalCode() string {
	h := strings.ToUpper(newEventID())
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// approvalLocales are the locales the create and sync pages list.
var approvalLocales = map[string]bool{"zh-CN": true, "en-US": true, "ja-JP": true, "zh-HK": true, "zh-TW": true,
	"de-DE": true, "es-ES": true, "fr-FR": true, "id-ID": true, "it-IT": true, "ko-KR": true, "pt-BR": true,
	"th-TH": true, "vi-VN": true, "ms-MY": true, "ru-RU": true}

// i18nTexts checks i18n_resources and returns the default locale's texts:
// each resource has a listed locale, is_default and texts ("是"), each key
// "需要以 @i18n@ 开头", and one resource is the default ("默认语言需要包含所有
// 所需的文案 Key").
func i18nTexts(rs []*larkapproval.I18nResource) (map[string]string, *Error) {
	var def map[string]string
	for i, r := range rs {
		if r == nil || !approvalLocales[str(r.Locale)] {
			return nil, errApprovalParam("i18n_resources[%d]: locale is missing or not supported", i)
		}
		if r.IsDefault == nil || len(r.Texts) == 0 {
			return nil, errApprovalParam("i18n_resources[%d]: is_default and texts are required", i)
		}
		texts := map[string]string{}
		for j, t := range r.Texts {
			if t == nil || !strings.HasPrefix(str(t.Key), i18nPrefix) || t.Value == nil {
				return nil, errApprovalParam("i18n_resources[%d].texts[%d]: the key must start with @i18n@ and have a value", i, j)
			}
			texts[*t.Key] = *t.Value
		}
		if *r.IsDefault && def == nil {
			def = texts
		}
	}
	if def == nil && len(rs) > 0 {
		return nil, errApprovalParam("i18n_resources: no default locale (is_default)")
	}
	if def == nil {
		def = map[string]string{}
	}
	return def, nil
}

// needText checks that a field holds an i18n key with a default text.
func needText(texts map[string]string, field, key string) *Error {
	if !strings.HasPrefix(key, i18nPrefix) {
		return errApprovalParam("%s must be an i18n key starting with @i18n@", field)
	}
	if _, ok := texts[key]; !ok {
		return errApprovalParam("%s: key %s has no text in the default locale", field, key)
	}
	return nil
}
