package wecom

import (
	"context"
	"fmt"
	"time"

	"imbridge/platform"
)

// Limits (path/90454): per app and member ≤ 30/min and 1000/h, "超过部分会
// 被丢弃不下发" — dropped without an error — so every recipient's slot is
// taken on the shared limiter before sending; the app's daily budget in
// 人次 (Params.DailyRecipients) is counted in Redis per natural day.
// Message sends do not count toward the base per-cgi limits.

// ErrDailyLimit: the app's daily message budget (账号上限数 × 200 人次) is
// used up; WeCom would drop the rest until the next natural day.
var ErrDailyLimit = &platform.Error{Platform: PlatformName, Code: 45009, Class: platform.ClassRateLimit,
	Msg: "the app's daily message budget is used up (账号上限数×200人次/天)"}

// pace takes each recipient's per-member slot and the app's daily budget.
func (c *Client) pace(ctx context.Context, users []string) error {
	if c.daily > 0 {
		day := time.Now().In(chinaTime).Format("20060102")
		k := c.broker.Key(PlatformName, "daily", c.corpID, c.agentID, day)
		n, err := c.broker.Client.IncrBy(ctx, k, int64(len(users))).Result()
		if err != nil {
			return fmt.Errorf("wecom: daily message budget: %w", err)
		}
		c.broker.Client.Expire(ctx, k, 48*time.Hour)
		if n > int64(c.daily) {
			c.broker.Client.DecrBy(ctx, k, int64(len(users)))
			return ErrDailyLimit
		}
	}
	for _, u := range users {
		k := PlatformName + ":" + c.corpID + ":" + c.agentID + ":member:" + u
		if err := c.limiter.Wait(ctx, k, c.memberLimits...); err != nil {
			return fmt.Errorf("wecom: per-member message limit: %w", err)
		}
	}
	return nil
}

// chinaTime: WeCom's natural day is Beijing time.
var chinaTime = time.FixedZone("CST", 8*3600)
