// Package binder holds the rules that link OA users to IM users (绑定, seed
// 003 §4.2.4) and every way of making or removing such links outside a sync
// run: by hand (用户卡片绑定/解绑), from a filled export file (关联导入),
// all of a corp at once (批量解绑), and by the auto-bind field after a pull
// (新用户关联系统账号).
//
// The rules, the same for every way in:
//   - an IM user is bound to at most one OA user, an OA user to at most one
//     IM user per corp; a binding that would break this is a conflict, never
//     a silent replacement;
//   - people are matched by one field compared in canonical form (package
//     ent/identifier): one candidate binds, several are ambiguous and bind
//     nobody, none is not found;
//   - every binding made or removed is recorded in the audit log
//     (binding.bind / binding.unbind), which is each person's binding history.
//
// Functions take the caller's ent client (a transaction in GraphQL
// mutations) and the caller's context, whose viewer the tenant filter and
// the audit log use.
package binder
