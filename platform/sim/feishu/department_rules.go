package feishu

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	larkcontact "github.com/larksuite/oapi-sdk-go/v3/service/contact/v3"
)

// customDeptID is department/create's rule for department_id: "最大长度
// 64 字符", "正则校验 ^[a-zA-Z0-9][a-zA-Z0-9_\-@.]{0,63}$", "不能以 od- 开
// 头", "不能设置为 0、1" — all refused with 43008.
var customDeptID = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_\-@.]{0,63}$`)

// checkDeptWrite applies the request rules of department/create and
// department/patch that the Org helpers do not (they keep what the
// directory itself guarantees): self is the patched department, "" for a
// create.
//
//   - a name (or i18n name) with "/" is 43029 ("不可包含斜杠");
//   - a custom department_id off the pattern above is 43008;
//   - an explicit order equal to a sibling's is 43005 ("order 值唯一，即传入
//     的值不能与存量部门的 order 值重复"; the generic error page says "同一部
//     门下，部门order不允许重复", so siblings);
//   - a move that would put the subtree deeper than 25 levels is 43019
//     (department/patch lists it).
//
// It runs before the change under the Org's read lock, so a concurrent
// write can slip between; the simulator's callers do not race like that.
func (v view) checkDeptWrite(b *larkcontact.Department, self string) error {
	names := []*string{b.Name}
	if b.I18nName != nil {
		names = append(names, b.I18nName.ZhCn, b.I18nName.EnUs, b.I18nName.JaJp)
	}
	for _, n := range names {
		if n != nil && strings.Contains(*n, "/") {
			return errNameSeparator()
		}
	}
	if self == "" && b.DepartmentId != nil {
		if id := *b.DepartmentId; !customDeptID.MatchString(id) || id == "0" || id == "1" || strings.HasPrefix(id, "od-") {
			return newErr(http.StatusBadRequest, CodeDeptCustomIDBad, "custom dept id invalid error")
		}
	}
	parent := ""
	if b.ParentDepartmentId != nil {
		p, err := v.resolveDept(*b.ParentDepartmentId)
		if err != nil {
			return err
		}
		parent = p
	}
	o := v.org
	o.mu.RLock()
	defer o.mu.RUnlock()
	if parent == "" && self != "" {
		parent = o.depts[self].ParentID
	}
	if b.Order != nil {
		n, err := strconv.Atoi(*b.Order)
		if err != nil || n < 0 {
			return errField("order: not a non-negative integer %q", *b.Order)
		}
		for _, sib := range o.children[parent] {
			if sib != self && o.depts[sib].Order == n {
				return errOrderDuplicate()
			}
		}
	}
	if self != "" && b.ParentDepartmentId != nil && parent != o.depts[self].ParentID {
		if o.depthLocked(parent)+1+o.heightLocked(self) > maxDepartmentDepth {
			return newErr(http.StatusBadRequest, CodeDeptMaxLevel, "exceed dept max level")
		}
	}
	return nil
}

// heightLocked is how many levels lie below id (0 for a leaf).
func (o *Org) heightLocked(id string) int {
	h := 0
	for _, c := range o.children[id] {
		h = max(h, 1+o.heightLocked(c))
	}
	return h
}
