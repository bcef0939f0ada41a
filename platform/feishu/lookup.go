package feishu

import (
	"context"

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
		// one answer per key but not their order.
		byMobile, byEmail := map[string]*larkcontact.UserContactInfo{}, map[string]*larkcontact.UserContactInfo{}
		for _, info := range list {
			if info == nil {
				continue
			}
			if info.Mobile != nil {
				byMobile[*info.Mobile] = info
			}
			if info.Email != nil {
				byEmail[*info.Email] = info
			}
		}
		for _, k := range m {
			mobileOut = append(mobileOut, match(IDMatch{Mobile: k}, byMobile[k]))
		}
		for _, k := range e {
			emailOut = append(emailOut, match(IDMatch{Email: k}, byEmail[k]))
		}
	}
	return append(mobileOut, emailOut...), nil
}

func match(m IDMatch, info *larkcontact.UserContactInfo) IDMatch {
	if info != nil && deref(info.UserId) != "" {
		m.UserID = *info.UserId
		m.Status = userStatus(info.Status)
	}
	return m
}
