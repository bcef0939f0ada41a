package graph_test

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"imbridge/ent/admin"
	"imbridge/ent/viewer"
	"imbridge/graph/generated"
	"imbridge/graph/graphtest"
)

// roleScopes is what each admin role may do, written out here rather than
// read from viewer.RoleScopes, so that a change to the roles is a change the
// test must be told about.
var roleScopes = map[admin.Role][]string{
	admin.RoleViewer:      {"read"},
	admin.RoleOperator:    {"read", "directory:write", "sync:write", "push:write", "login:redeem", "broadcast:write"},
	admin.RoleTenantAdmin: {"read", "directory:write", "sync:write", "push:write", "login:redeem", "broadcast:write", "integration:write", "admin:write"},
	admin.RoleSuperAdmin:  {"read", "directory:write", "sync:write", "push:write", "login:redeem", "broadcast:write", "integration:write", "admin:write", "tenant:write"},
}

// rootOp is one root field of the running schema and the permissions it
// requires: its @auth(requires:), and `read` for every query but
// Query.viewer (the generated entity queries cannot carry the directive;
// guardQueries applies it to all queries).
type rootOp struct {
	kind, name string   // "query", "mutation", "subscription"; field name
	requires   []string // scope names, e.g. "integration:write"; none for Query.viewer
	or         string   // @auth(or:): a scope that is enough instead of requires
	doc        string   // the operation, with placeholder arguments
}

// scopeOf turns a Permission enum value into its scope: DIRECTORY_WRITE →
// directory:write, LOGIN_REDEEM → login:redeem, READ → read.
func scopeOf(permission string) string {
	s := strings.ToLower(permission)
	for _, verb := range []string{"_write", "_redeem"} {
		if rest, ok := strings.CutSuffix(s, verb); ok {
			return rest + ":" + verb[1:]
		}
	}
	return s
}

// rootOps lists every root field of the schema with the permission it needs
// and a document calling it with placeholder arguments of the right types.
func rootOps(t *testing.T) []rootOp {
	t.Helper()
	s := generated.NewExecutableSchema(generated.Config{}).Schema()
	var ops []rootOp
	for kind, def := range map[string]*ast.Definition{"query": s.Query, "mutation": s.Mutation, "subscription": s.Subscription} {
		if def == nil {
			continue
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			op := rootOp{kind: kind, name: f.Name}
			if kind == "query" && f.Name != "viewer" {
				op.requires = append(op.requires, "read")
			}
			if d := f.Directives.ForName("auth"); d != nil {
				if sc := scopeOf(d.Arguments.ForName("requires").Value.Raw); !slices.Contains(op.requires, sc) {
					op.requires = append(op.requires, sc)
				}
				if or := d.Arguments.ForName("or"); or != nil {
					op.or = scopeOf(or.Value.Raw)
				}
			}
			if len(op.requires) == 0 && f.Name != "viewer" {
				t.Errorf("%s.%s requires no permission: give it @auth(requires: …)", def.Name, f.Name)
			}
			var args []string
			for _, a := range f.Arguments {
				if a.Type.NonNull {
					args = append(args, a.Name+": "+placeholder(t, s, a.Type, 0))
				}
			}
			call := f.Name
			if len(args) > 0 {
				call += "(" + strings.Join(args, ", ") + ")"
			}
			op.doc = kind + " { " + call + selection(s, f.Type) + " }"
			ops = append(ops, op)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].kind+ops[i].name < ops[j].kind+ops[j].name })
	return ops
}

// placeholder is a literal of type t: required input fields only, ids that
// name no row. The values only have to pass GraphQL validation, so that the
// permission check is what decides.
func placeholder(t *testing.T, s *ast.Schema, typ *ast.Type, depth int) string {
	t.Helper()
	if depth > 6 {
		t.Fatalf("input types nest too deep at %s", typ)
	}
	if typ.Elem != nil {
		return "[" + placeholder(t, s, typ.Elem, depth+1) + "]"
	}
	def := s.Types[typ.NamedType]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[0].Name
	case ast.InputObject:
		var fs []string
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				fs = append(fs, f.Name+": "+placeholder(t, s, f.Type, depth+1))
			}
		}
		return "{" + strings.Join(fs, ", ") + "}"
	}
	switch typ.NamedType {
	case "ID":
		return `"999999"`
	case "String":
		return `"x"`
	case "Int", "Float":
		return "1"
	case "Boolean":
		return "false"
	case "Time":
		return `"2030-01-01T00:00:00Z"`
	}
	t.Fatalf("no placeholder for scalar %s: add one", typ.NamedType)
	return ""
}

func selection(s *ast.Schema, typ *ast.Type) string {
	for typ.Elem != nil {
		typ = typ.Elem
	}
	switch s.Types[typ.NamedType].Kind {
	case ast.Object, ast.Interface, ast.Union:
		return " { __typename }"
	}
	return ""
}

// permissionError matches the refusal of the permission check (the @auth
// directive and guardQueries) and captures the scope it names.
var permissionError = regexp.MustCompile(`requires the (\S+) permission`)

// TestEveryOperationChecksItsPermission: for every root field of the schema
// (generated from the schema, so new operations join by themselves) and for
// every kind of caller — a token holding one scope, each admin role — the
// operation is refused with FORBIDDEN, naming the permission, and changes
// nothing, exactly when the caller lacks the permission the schema says it
// requires; a caller holding it gets past the check.
func TestEveryOperationChecksItsPermission(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true})
	tn, _, _ := env.Tenant("acme")
	type who struct {
		c      *graphtest.Caller
		scopes []string
	}
	var callers []who
	for _, sc := range viewer.TokenScopes {
		callers = append(callers, who{env.Token(tn.ID, "only-"+string(sc), sc), []string{string(sc)}})
	}
	callers = append(callers, who{env.Token(tn.ID, "no-scope"), nil})
	for _, role := range []admin.Role{admin.RoleViewer, admin.RoleOperator, admin.RoleTenantAdmin} {
		callers = append(callers, who{env.Admin("matrix-"+string(role), role, tn.ID), roleScopes[role]})
	}
	root := env.Admin("matrix-root", admin.RoleSuperAdmin, 0)
	root.Tenant = strconv.Itoa(tn.ID)
	callers = append(callers, who{root, roleScopes[admin.RoleSuperAdmin]})

	ops := rootOps(t)
	checked := map[string]int{}
	for _, op := range ops {
		t.Run(op.kind+"."+op.name, func(t *testing.T) {
			for _, w := range callers {
				var missing []string
				for _, r := range op.requires {
					if !slices.Contains(w.scopes, r) {
						missing = append(missing, r)
					}
				}
				allowed := len(missing) == 0 || (op.or != "" && slices.Contains(w.scopes, op.or))
				if allowed {
					missing = nil
				}
				before := rowsBut(env, "audit_events")
				errs := callOp(t, w.c, op)
				var refusal string
				for _, e := range errs {
					if m := permissionError.FindStringSubmatch(e.Message); m != nil && e.Code() == "FORBIDDEN" {
						refusal = m[1]
					}
				}
				switch {
				case allowed && refusal != "":
					t.Errorf("%s (scopes %v) holds %q but was refused: requires %s", w.c, w.scopes, op.requires, refusal)
				case !allowed && refusal == "":
					t.Errorf("%s (scopes %v) lacks %q but was not refused by the permission check: %+v", w.c, w.scopes, op.requires, errs)
				case !allowed && !slices.Contains(missing, refusal):
					t.Errorf("%s: refused for %q, the schema requires %v and it lacks %v", w.c, refusal, op.requires, missing)
				case !allowed:
					if d := diffSnapshots(before, rowsBut(env, "audit_events")); d != "" {
						t.Errorf("%s: refused %s still changed stored rows:\n%s", w.c, op.name, d)
					}
				}
				for _, m := range missing {
					checked[m]++
				}
			}
		})
	}
	// Every permission that guards something was refused to someone.
	for _, p := range []string{"read", "directory:write", "sync:write", "integration:write", "admin:write", "tenant:write", "login:redeem"} {
		if checked[p] == 0 {
			t.Errorf("no operation requiring %s was tried by a caller without it", p)
		}
	}
}

// callOp runs op as c and returns its errors (a subscription's first frame).
func callOp(t *testing.T, c *graphtest.Caller, op rootOp) []graphtest.Error {
	t.Helper()
	if op.kind != "subscription" {
		return c.Do(op.doc, nil).Errors
	}
	s := subscribe(t, c, op.doc, nil, 10*time.Second)
	if s.err != nil || s.timedOut {
		t.Fatalf("%s: %s: connection error %v (timed out %v)", c, op.name, s.err, s.timedOut)
	}
	var errs []graphtest.Error
	for _, r := range s.results {
		errs = append(errs, r.Errors...)
	}
	return errs
}

// rowsBut is every stored row except those of the named tables (refused
// operations may be audited) and what authenticating touches (a token's last
// use, stamped at most once a minute, and with it its updated_at).
func rowsBut(env *graphtest.Env, tables ...string) map[string][]graphtest.Row {
	rows := env.Rows("last_used_at", "api_tokens.updated_at")
	for _, tb := range tables {
		delete(rows, tb)
	}
	return rows
}

// TestTokensCannotBeGrantedAdminPermissions: admin:write and tenant:write
// are never given to a token (a leaked token must not mint more access),
// whoever asks, alone or among other scopes; every other permission of the
// schema can be.
func TestTokensCannotBeGrantedAdminPermissions(t *testing.T) {
	env := graphtest.New(t, graphtest.Options{NoWorker: true})
	tn, adm, _ := env.Tenant("acme")
	root := env.Admin("root", admin.RoleSuperAdmin, 0)
	root.Tenant = strconv.Itoa(tn.ID)
	s := generated.NewExecutableSchema(generated.Config{}).Schema()
	const create = `mutation($s: [String!]!) { createAPIToken(input: {name: "t", scopes: $s}) { apiToken { scopes } } }`
	grantable := 0
	for _, v := range s.Types["Permission"].EnumValues {
		scope := scopeOf(v.Name)
		adminOnly := scope == "admin:write" || scope == "tenant:write"
		for _, c := range []*graphtest.Caller{adm, root} {
			for i, scopes := range [][]string{{scope}, {"read", scope}} {
				before := rowsBut(env, "audit_events")
				r := c.Do(create, map[string]any{"s": scopes})
				if !adminOnly {
					if len(r.Errors) > 0 {
						t.Errorf("%s: a token with %v refused: %+v", c, scopes, r.Errors)
					}
					grantable++
					continue
				}
				field := fmt.Sprintf("input.scopes[%d]", i)
				if len(r.Errors) == 0 {
					t.Errorf("%s granted %v to a token: %s", c, scopes, r.Data)
				} else if e := r.Errors[0]; e.Code() != "BAD_USER_INPUT" || e.Extensions["field"] != field {
					t.Errorf("%s: %v: %s %v %s, want BAD_USER_INPUT on %s", c, scopes, e.Code(), e.Extensions["field"], e.Message, field)
				}
				if d := diffSnapshots(before, rowsBut(env, "audit_events")); d != "" {
					t.Errorf("%s: refused token %v still stored:\n%s", c, scopes, d)
				}
			}
		}
	}
	if grantable == 0 {
		t.Fatal("no permission could be granted to a token: the check proves nothing")
	}
}
