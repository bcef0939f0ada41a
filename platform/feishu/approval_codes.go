package feishu

import (
	"errors"
	"fmt"

	"imbridge/platform"
)

// The approval v4 external APIs' codes (platform.ApprovalCenter), from the
// error tables of external_approval/create and get, external_instance/
// create and check, external_task/list (approval.go names the pages). They
// join the one table (codes.go) at init; a code already there keeps its
// meaning, which init checks.
var approvalCodes = map[int]codeInfo{
	// "param is invalid": a field the adapter could not tell was wrong.
	1390001: {platform.ClassInvalid, ""},
	// "approval code not found" / "approval is deleted" (definition get;
	// what a sync naming an unknown definition answers is not documented):
	// the bridge creates the definition again.
	1390002: {platform.ClassNotFound, "Feishu does not know the approval definition: the bridge creates it again"},
	1390016: {platform.ClassNotFound, "the approval definition was deleted in Feishu: the bridge creates it again"},
	// "tenant_id not found" (sync). Read here as the tenant having no
	// approval data for the app, which no retry changes (an
	// interpretation: the page says only "未找到指定租户").
	1390014: {platform.ClassPermission, "Feishu found no approval tenant for this app: check that 审批 is enabled for the tenant (管理后台 › 工作台 › 应用管理) and the app is installed"},
	// "There have been some errors. Please try again later": "降低请求频率，
	// 并重试"; the sync page adds "短时间内不要同步相同的审批实例".
	1395001: {platform.ClassTransient, ""},
}

func init() {
	for code, info := range approvalCodes {
		if _, dup := codes[code]; dup {
			panic(fmt.Sprintf("feishu: code %d is in codes.go and in approval_codes.go", code))
		}
		codes[code] = info
	}
}

// approvalError wraps a refusal meaning the definition is gone with
// platform.ErrApprovalDefinitionGone: errors.Is finds the sentinel,
// errors.As the *platform.Error.
func approvalError(err error) error {
	var pe *platform.Error
	if err == nil || !errors.As(err, &pe) {
		return err
	}
	if pe.Code == 1390002 || pe.Code == 1390016 {
		return fmt.Errorf("%w: %w", platform.ErrApprovalDefinitionGone, err)
	}
	return err
}
