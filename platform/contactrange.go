package platform

import "context"

// ContactRange is what an app may read and write of its directory (Feishu:
// 通讯录权限范围, set in the developer console). Writes outside it fail
// (Feishu 40004 for a department, 41050 for a user), so a sync plans only
// inside it.
type ContactRange struct {
	// All: the range is all members; the root itself (creating top-level
	// departments, placing users at the root) is writable only then.
	All bool
	// DepartmentIDs are the departments whose whole subtrees are in range
	// (Feishu: with all members, every top-level department).
	DepartmentIDs []string
	// UserIDs are users granted one by one, wherever they are.
	UserIDs []string
}

// ContactRangeReader is implemented by directories that can report their
// app's contact range (Feishu: GET /open-apis/contact/v3/scopes).
type ContactRangeReader interface {
	ContactRange(ctx context.Context) (ContactRange, error)
}
