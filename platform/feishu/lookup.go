package feishu

import (
	"context"
	"strings"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// IDMatch is batch_get_id's answer for one mobile or e-mail.
type IDMatch struct {
	Mobile, Email string // the key asked for: exactly one is set
	// UserID is "" when no current user has the key, or the app may not
	// see that user.
	UserID string
	Status string // platform.User*, for a match
}

// batchGetIDMax is the documented cap per request, for each of the lists.
const batchGetIDMax = 50

// BatchGetID finds users by mobile and by e-mail (user_id), 50 + 50 per
// request. Results come in request order: all mobiles, then all e-mails.
// Non-mainland mobiles need "+" and the country code; enterprise mailbox
// addresses are not found (reference §1.2). Needs contact:user.id:readonly.
func (c *Client) BatchGetID(ctx context.Context, mobiles, emails []string) ([]IDMatch, error) {
	var mobileOut, emailOut []IDMatch
	for len(mobiles) > 0 || len(emails) > 0 {
		m, e := mobiles[:min(len(mobiles), batchGetIDMax)], emails[:min(len(emails), batchGetIDMax)]
		mobiles, emails = mobiles[len(m):], emails[len(e):]
		var list []*larkcontact.UserContactInfo
		err := c.do(ctx, APIBatchGetID, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			body := larkcontact.NewBatchGetIdUserReqBodyBuilder().Mobiles(m).Emails(e).IncludeResigned(false).Build()
			req := larkcontact.NewBatchGetIdUserReqBuilder().UserIdType(userIDType).Body(body).Build()
			r, err := c.lark.Contact.V3.User.BatchGetId(ctx, req)
			if err != nil {
				return nil, larkcore.CodeError{}, err
			}
			list = nil
			if r.Data != nil {
				list = r.Data.UserList
			}
			return r.ApiResp, r.CodeError, nil
		})
		if err != nil {
			return nil, err
		}
		// Match answers to keys by value, not position: the doc promises
		// one answer per key but not their order. Nor does it say in which
		// form an answer carries its key ("mobile: 手机号，通过手机号查询时会
		// 返回该值", open.feishu.cn/document/server-docs/contact-v3/user/
		// batch_get_id), so keys are compared in a canonical form.
		byMobile, byEmail := map[string]*larkcontact.UserContactInfo{}, map[string]*larkcontact.UserContactInfo{}
		for _, info := range list {
			if info == nil {
				continue
			}
			if info.Mobile != nil {
				byMobile[mobileKey(*info.Mobile)] = info
			}
			if info.Email != nil {
				byEmail[emailKey(*info.Email)] = info
			}
		}
		for _, k := range m {
			mobileOut = append(mobileOut, match(IDMatch{Mobile: k}, byMobile[mobileKey(k)]))
		}
		for _, k := range e {
			emailOut = append(emailOut, match(IDMatch{Email: k}, byEmail[emailKey(k)]))
		}
	}
	return append(mobileOut, emailOut...), nil
}

// mobileKey is a mobile as batch_get_id's keys and answers are compared:
// digits only (a leading "+" kept), and mainland numbers without their +86,
// which the doc lets callers leave out ("非中国大陆地区的手机号需要添加以
// “+” 开头的国家或地区代码"), so "13800000001", "+8613800000001" and
// "+86 138-0000-0001" are one key.
func mobileKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' || r == '+' && b.Len() == 0 {
			b.WriteRune(r)
		}
	}
	return strings.TrimPrefix(b.String(), "+86")
}

// emailKey is an e-mail as keys and answers are compared: case and
// surrounding space do not matter.
func emailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func match(m IDMatch, info *larkcontact.UserContactInfo) IDMatch {
	if info != nil && deref(info.UserId) != "" {
		m.UserID = *info.UserId
		m.Status = userStatus(info.Status)
	}
	return m
}
