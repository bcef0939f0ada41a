package plan

import (
	"fmt"
	"sort"
	"strings"
)

// InputError is bad input: Field names the offending value (a profile field,
// or a directory entry such as "oa.departments[3].parent_key"), Rule says
// what it breaks. Nothing is planned.
type InputError struct {
	Field string
	Rule  string
}

func (e *InputError) Error() string { return fmt.Sprintf("plan input: %s: %s", e.Field, e.Rule) }

// TopDepartmentMismatchError is the seed's abort when no top department is
// set and a top-level department of the source has no department of the
// same name at the target's top level (seed 003 §4.3.2.2: "如果顶级部门的名称
// 不相同…则顶级部门无法匹配，同步立刻中止"). Nothing is planned.
type TopDepartmentMismatchError struct {
	SourceSide Side
	// SourceName is the unmatched top-level department of the source.
	SourceName string
	// TargetNames are the target's top-level departments, sorted.
	TargetNames []string
}

func (e *TopDepartmentMismatchError) Error() string {
	target := e.SourceSide.other().label()
	return fmt.Sprintf("top department mismatch: the %s top-level department %q matches none of the %s top-level departments (%s); "+
		"departments match by level and name, so the sync stops before changing anything: set a top department in the sync profile "+
		"to mount the %s tree under it, or rename one side", e.SourceSide.label(), e.SourceName, target, quoteAll(e.TargetNames), e.SourceSide.label())
}

// TopDepartmentNotFoundError: the profile's top department is not an active
// department of the IM directory (deleted in the IM, or the mirror is
// stale). Nothing is planned.
type TopDepartmentNotFoundError struct {
	Key string
}

func (e *TopDepartmentNotFoundError) Error() string {
	return fmt.Sprintf("top department %q is not an active department of the IM directory: choose another top department in the sync profile, or pull the IM directory again", e.Key)
}

// ReadOnlyError refuses a plan that would write to the IM under a read_only
// profile (接口权限-只读). Writes counts the refused changes by action, so
// the console can say what switching to read_write would do.
type ReadOnlyError struct {
	Writes map[Action]int
}

func (e *ReadOnlyError) Error() string {
	total := 0
	var parts []string
	for a, n := range e.Writes {
		total += n
		parts = append(parts, fmt.Sprintf("%s %d", a, n))
	}
	sort.Strings(parts)
	return fmt.Sprintf("the sync profile's permission is read_only, which refuses every write to the IM; this plan would make %d writes (%s): "+
		"switch the permission to read_write to apply it", total, strings.Join(parts, ", "))
}

func quoteAll(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// other is the opposite side.
func (s Side) other() Side {
	if s == SideIM {
		return SideOA
	}
	return SideIM
}
