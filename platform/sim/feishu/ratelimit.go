package feishu

import (
	"encoding/json"
	"time"
)

// Limit is one API's quota per app. Feishu counts per API × app × tenant and
// throttles when either the per-second or the per-minute count is exceeded.
type Limit struct {
	PerSecond int // 0 = no per-second limit
	PerMinute int // 0 = no per-minute limit
}

// DefaultLimit is the documented tier of almost every API used here:
// "1000 次/分钟、50 次/秒".
var DefaultLimit = Limit{PerSecond: 50, PerMinute: 1000}

// API names (route method + SDK ApiPath) for RateLimit.PerAPI, SetAPILimit
// and RequestRecord.API.
const (
	APITenantToken          = "POST /open-apis/auth/v3/tenant_access_token/internal"
	APIAppToken             = "POST /open-apis/auth/v3/app_access_token/internal"
	APIDepartmentChildren   = "GET /open-apis/contact/v3/departments/:department_id/children"
	APIDepartmentGet        = "GET /open-apis/contact/v3/departments/:department_id"
	APIDepartmentCreate     = "POST /open-apis/contact/v3/departments"
	APIDepartmentPatch      = "PATCH /open-apis/contact/v3/departments/:department_id"
	APIDepartmentDelete     = "DELETE /open-apis/contact/v3/departments/:department_id"
	APIUserFindByDepartment = "GET /open-apis/contact/v3/users/find_by_department"
	APIUserGet              = "GET /open-apis/contact/v3/users/:user_id"
	APIUserCreate           = "POST /open-apis/contact/v3/users"
	APIUserPatch            = "PATCH /open-apis/contact/v3/users/:user_id"
	APIUserDelete           = "DELETE /open-apis/contact/v3/users/:user_id"
	APIUserBatchGetID       = "POST /open-apis/contact/v3/users/batch_get_id"
	APIUserResurrect        = "POST /open-apis/contact/v3/users/:user_id/resurrect"
	APIScopeList            = "GET /open-apis/contact/v3/scopes"
	// APIUserPatchMembership is not a route: user/patch calls that set
	// department_ids or is_frozen count against it as well (see
	// documentedLimits).
	APIUserPatchMembership = "PATCH /open-apis/contact/v3/users/:user_id (department_ids, is_frozen)"
)

// documentedLimits are the APIs whose pages give another tier than
// DefaultLimit. They apply unless RateLimit.PerAPI names the API (a
// RateLimit.Default is for the APIs without a tier of their own).
//
//   - user/resurrect: "接口频率限制 10 次/分钟";
//   - user/patch: "更新 department_ids、is_frozen 时，限制调用频率为 1 QPS".
//     What Feishu answers above it is not documented; the simulator
//     answers as for any throttling (HTTP 429, 99991400).
var documentedLimits = map[string]Limit{
	APIUserResurrect:       {PerMinute: 10},
	APIUserPatchMembership: {PerSecond: 1},
}

// fieldLimitAPI names the extra budget a call draws on because of what its
// body sets, "" for none.
func fieldLimitAPI(api string, body []byte) string {
	if api != APIUserPatch {
		return ""
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return ""
	}
	if _, ok := fields["department_ids"]; ok {
		return APIUserPatchMembership
	}
	if _, ok := fields["is_frozen"]; ok {
		return APIUserPatchMembership
	}
	return ""
}

// RateLimit configures throttling. The token endpoints are not throttled.
type RateLimit struct {
	Disabled bool
	Default  Limit            // zero = DefaultLimit
	PerAPI   map[string]Limit // by Route API name, e.g. "GET /open-apis/contact/v3/users/find_by_department"
}

type window struct {
	secStart, minStart time.Time
	secCount, minCount int
}

// rateLimiter uses fixed one-second and one-minute windows, which is what
// makes "x-ogw-ratelimit-reset" (seconds until the window resets) exact.
// Guarded by Server.mu.
type rateLimiter struct {
	cfg     RateLimit
	windows map[string]*window
}

func newRateLimiter(cfg RateLimit) rateLimiter {
	return rateLimiter{cfg: cfg, windows: map[string]*window{}}
}

func (rl *rateLimiter) limitFor(api string) Limit {
	if l, ok := rl.cfg.PerAPI[api]; ok {
		return l
	}
	if l, ok := documentedLimits[api]; ok {
		return l
	}
	if rl.cfg.Default != (Limit{}) {
		return rl.cfg.Default
	}
	return DefaultLimit
}

// allow counts one call. When over a limit it returns that limit and the
// whole seconds until its window resets (at least 1).
func (rl *rateLimiter) allow(appID, api string, now time.Time) (limit, reset int, ok bool) {
	if rl.cfg.Disabled {
		return 0, 0, true
	}
	l := rl.limitFor(api)
	key := appID + "|" + api
	w := rl.windows[key]
	if w == nil {
		w = &window{}
		rl.windows[key] = w
	}
	if sec := now.Truncate(time.Second); !sec.Equal(w.secStart) {
		w.secStart, w.secCount = sec, 0
	}
	if min := now.Truncate(time.Minute); !min.Equal(w.minStart) {
		w.minStart, w.minCount = min, 0
	}
	if l.PerMinute > 0 && w.minCount >= l.PerMinute {
		return l.PerMinute, secondsUntil(now, w.minStart.Add(time.Minute)), false
	}
	if l.PerSecond > 0 && w.secCount >= l.PerSecond {
		return l.PerSecond, secondsUntil(now, w.secStart.Add(time.Second)), false
	}
	w.secCount++
	w.minCount++
	return 0, 0, true
}

func secondsUntil(now, t time.Time) int {
	d := t.Sub(now)
	n := int((d + time.Second - 1) / time.Second)
	if n < 1 {
		n = 1
	}
	return n
}

func (s *Server) allow(appID, api string) (limit, reset int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := &s.fault; f.throttleEvery > 0 {
		if f.throttleCalls++; f.throttleCalls%f.throttleEvery == 0 {
			s.stats.RateLimited++
			return s.limiter.limitFor(api).PerSecond, 1, false
		}
	}
	limit, reset, ok = s.limiter.allow(appID, api, s.now())
	if !ok {
		s.stats.RateLimited++
	}
	return limit, reset, ok
}

// SetRateLimit replaces the rate-limit configuration and forgets the counts.
func (s *Server) SetRateLimit(cfg RateLimit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter = newRateLimiter(cfg)
}

// SetAPILimit sets one API's limit (see Route names in the request log).
func (s *Server) SetAPILimit(api string, l Limit) {
	s.mu.Lock()
	defer s.mu.Unlock()
	per := make(map[string]Limit, len(s.limiter.cfg.PerAPI)+1)
	for k, v := range s.limiter.cfg.PerAPI {
		per[k] = v
	}
	per[api] = l
	s.limiter.cfg.PerAPI = per
}

// DisableRateLimits turns throttling off (true) or back on.
func (s *Server) DisableRateLimits(off bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limiter.cfg.Disabled = off
}
