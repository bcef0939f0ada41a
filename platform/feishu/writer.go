package feishu

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"imbridge/platform"
	"imbridge/platform/ratelimit"
)

// The contact v3 write APIs (platform.DirectoryWriter): method and path as
// the SDK's apiReq.ApiPath, like the read APIs in client.go
// (APIPatchDepartment is there already).
const (
	APICreateDepartment = "POST /open-apis/contact/v3/departments"
	APIDeleteDepartment = "DELETE /open-apis/contact/v3/departments/:department_id"
	APICreateUser       = "POST /open-apis/contact/v3/users"
	APIPatchUser        = "PATCH /open-apis/contact/v3/users/:user_id"
	APIDeleteUser       = "DELETE /open-apis/contact/v3/users/:user_id"
	APIResurrectUser    = "POST /open-apis/contact/v3/users/:user_id/resurrect"
	// APIPatchUserMembership is a budget, not a path: user/patch calls that
	// set department_ids or is_frozen draw on it as well as on APIPatchUser.
	APIPatchUserMembership = "PATCH /open-apis/contact/v3/users/:user_id (department_ids, is_frozen)"
)

// documentedLimits are the APIs whose pages give another tier than
// DefaultLimits (Params.Limits still overrides them):
//
//   - user/resurrect: "接口频率限制 10 次/分钟";
//   - user/patch: "更新 department_ids、is_frozen 时，限制调用频率为 1 QPS",
//     besides the API's 1000/min & 50/s, and "并发操作冻结用户时，因事务冲突
//     会遇到概率性的接口调用失败" — so moves, enables and disables go one per
//     second per app, a bound worth knowing when planning 10k of them.
//
// Every other write (department create/patch/delete, user create/patch/
// delete) is "1000 次/分钟、50 次/秒" on its page: DefaultLimits.
var documentedLimits = map[string][]ratelimit.Limit{
	APIResurrectUser:       {ratelimit.PerMinute(10)},
	APIPatchUserMembership: {ratelimit.PerSecond(1)},
}

var _ platform.DirectoryWriter = (*Client)(nil)

// clientTokenSpace namespaces the client_tokens derived from keys.
var clientTokenSpace = uuid.MustParse("5b7e3c1a-2f0d-4a8e-9c61-0d3f6a1e8b42")

// clientToken derives a create's client_token from its idempotency key: a
// UUID (version 5, SHA-1 of kind and key), so the same change always sends
// the same token and different changes or kinds never share one. The SDK
// and the pages put no limit on the token beyond "字符串类型，自行生成"; their
// examples are UUIDs ("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"), which this
// matches: 36 characters of hex digits and hyphens.
func clientToken(kind, key string) string {
	return uuid.NewSHA1(clientTokenSpace, []byte(kind+"\x00"+key)).String()
}

// checkKey refuses an empty idempotency key before anything is sent.
func checkKey(op, key string) error {
	if key == "" {
		return fmt.Errorf("feishu %s: the idempotency key is required", op)
	}
	return nil
}

// lockRetries bounds the retries of a write refused for a lock conflict
// (43024, 43030, 44025: "wait some seconds and retry").
const lockRetries = 4

// write runs a write API call through do (limiter, token, 429, 5xx) and
// also retries the contact APIs' lock conflicts, with do's backoff. A
// refusal with a known meaning is wrapped with its hint; errors.As still
// finds the *platform.Error.
func (c *Client) write(ctx context.Context, api string, call sdkCall) error {
	for n := 1; ; n++ {
		err := c.do(ctx, api, call)
		var pe *platform.Error
		if err == nil || !errors.As(err, &pe) {
			return err
		}
		wc, known := writeCodes[pe.Code]
		if known && wc.class == classTransient && n <= lockRetries {
			if err := c.backoff(ctx, api, n, err); err != nil {
				return err
			}
			continue
		}
		if known {
			return fmt.Errorf("%s: %w", wc.hint, err)
		}
		return err
	}
}

// platformCode is the Feishu code of err, 0 when it carries none.
func platformCode(err error) int {
	var pe *platform.Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return 0
}
