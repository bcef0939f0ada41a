package feishu_test

import (
	"errors"
	"strings"
	"testing"

	"imbridge/platform"
	"imbridge/platform/feishu"
	"imbridge/platform/ratelimit"
	feishusim "imbridge/platform/sim/feishu"
)

// writeUnlimited lifts the client-side limits of reads and writes, for
// tests that are not about pacing.
func writeUnlimited() map[string][]ratelimit.Limit {
	m := map[string][]ratelimit.Limit{}
	for k, v := range unlimited {
		m[k] = v
	}
	for _, api := range []string{feishu.APIGetUser, feishu.APICreateDepartment, feishu.APIDeleteDepartment,
		feishu.APICreateUser, feishu.APIPatchUser, feishu.APIDeleteUser, feishu.APIResurrectUser,
		feishu.APIPatchUserMembership} {
		m[api] = nil
	}
	return m
}

// newWriteEnv is an env whose simulator does not throttle and whose client
// does not pace.
func newWriteEnv(t *testing.T) *env {
	return newEnv(t, feishusim.Config{RateLimit: feishusim.RateLimit{Disabled: true}},
		func(p *feishu.Params) { p.Limits = writeUnlimited() })
}

// wantCode fails unless err is a *platform.Error with code (and, when
// hint is set, a message containing it).
func wantCode(t *testing.T, what string, err error, code int, hint string) {
	t.Helper()
	var pe *platform.Error
	if !errors.As(err, &pe) || pe.Code != code {
		t.Errorf("%s: got %v, want Feishu code %d", what, err, code)
		return
	}
	if hint != "" && !strings.Contains(err.Error(), hint) {
		t.Errorf("%s: %q does not say %q", what, err.Error(), hint)
	}
}

func intp(n int) *int       { return &n }
func strp(s string) *string { return &s }
