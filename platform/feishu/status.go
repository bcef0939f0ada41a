package feishu

import (
	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"

	"imbridge/platform"
)

// userStatus maps Feishu's status flags onto the bridge's three states.
//
//   - is_resigned, or is_exited (left on their own; Feishu turns them into
//     resigned later): resigned.
//   - is_frozen (暂停, what seed 003 and the console call 禁用): disabled.
//   - Everything else is active, including users not yet activated
//     (is_activated false) and those who have not accepted the invitation
//     (is_unjoin): they are members an admin added on purpose, and calling
//     them disabled would make an IM → OA sync disable them in the OA.
//
// Resigned wins over frozen: a frozen user who then resigns has left.
func userStatus(s *larkcontact.UserStatus) string {
	if s == nil {
		return platform.UserActive
	}
	switch {
	case deref(s.IsResigned), deref(s.IsExited):
		return platform.UserResigned
	case deref(s.IsFrozen):
		return platform.UserDisabled
	}
	return platform.UserActive
}
