package feishu

import (
	"context"
	"strings"

	larkcore "github.com/larksuite/oapi-sdk-go/v3/core"
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/ent/identifier"
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
// request. Results come in request order, each carrying the key as asked:
// all mobiles, then all e-mails. Keys may be in any spelling: they are sent
// in canonical form (package identifier), mainland numbers as their 11
// digits and others with "+" and the country code, the form the doc asks
// for; enterprise mailbox addresses are not found (reference §1.2). Needs
// contact:user.id:readonly.
func (c *Client) BatchGetID(ctx context.Context, mobiles, emails []string) ([]IDMatch, error) {
	var mobileOut, emailOut []IDMatch
	for len(mobiles) > 0 || len(emails) > 0 {
		m, e := mobiles[:min(len(mobiles), batchGetIDMax)], emails[:min(len(emails), batchGetIDMax)]
		mobiles, emails = mobiles[len(m):], emails[len(e):]
		wireM, wireE := make([]string, len(m)), make([]string, len(e))
		for i, k := range m {
			wireM[i] = lookupMobile(k)
		}
		for i, k := range e {
			wireE[i] = identifier.NormalizeEmail(k)
		}
		var list []*larkcontact.UserContactInfo
		err := c.do(ctx, APIBatchGetID, func(ctx context.Context) (*larkcore.ApiResp, larkcore.CodeError, error) {
			body := larkcontact.NewBatchGetIdUserReqBodyBuilder().Mobiles(wireM).Emails(wireE).IncludeResigned(false).Build()
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
		// Match answers to keys by value in canonical form: the doc promises
		// one answer per key, but neither their order nor that an answer
		// spells its key as it was sent ("13800138000" may come back as
		// "+8613800138000", an e-mail in another case). An answer that
		// carries no key matches nothing: a lookup may miss, never bind the
		// wrong person. ("mobile: 手机号，通过手机号查询时会返回该值",
		// open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id.)
		byMobile, byEmail := map[string]*larkcontact.UserContactInfo{}, map[string]*larkcontact.UserContactInfo{}
		for _, info := range list {
			if info == nil {
				continue
			}
			if info.Mobile != nil {
				byMobile[identifier.NormalizeMobile(*info.Mobile)] = info
			}
			if info.Email != nil {
				byEmail[identifier.EmailKey(*info.Email)] = info
			}
		}
		for _, k := range m {
			mobileOut = append(mobileOut, match(IDMatch{Mobile: k}, byMobile[identifier.NormalizeMobile(k)]))
		}
		for _, k := range e {
			emailOut = append(emailOut, match(IDMatch{Email: k}, byEmail[identifier.EmailKey(k)]))
		}
	}
	return append(mobileOut, emailOut...), nil
}

// lookupMobile is a mobile as batch_get_id is asked for it: mainland numbers
// as their 11 digits, as in the doc's example ("13812345678"), others in
// E.164, since "non-mainland numbers need + and the country code"
// (reference §1.2).
func lookupMobile(k string) string {
	m := identifier.NormalizeMobile(k)
	if national, ok := strings.CutPrefix(m, "+86"); ok {
		return national
	}
	return m
}

func match(m IDMatch, info *larkcontact.UserContactInfo) IDMatch {
	if info != nil && deref(info.UserId) != "" {
		m.UserID = *info.UserId
		m.Status = userStatus(info.Status)
	}
	return m
}
