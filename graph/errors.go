package graph

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"imbridge/ent"
	"imbridge/ent/privacy"
	"imbridge/platform"
	"imbridge/worker/binder"
	"imbridge/worker/oaimport"
	"imbridge/worker/oaimport/oafile"
)

// Error codes of the API (extensions.code).
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeRateLimited     = "RATE_LIMITED"
	CodePlatformError   = "PLATFORM_ERROR"
	CodeInternal        = "INTERNAL"

	// Requests refused before anything runs (request_limits.go, query_shape.go, limit.go).
	CodeRequestTooLarge = "REQUEST_TOO_LARGE"         // the body (or a GET's query string) is over the caller's limit: HTTP 413
	CodeRequestTimeout  = "REQUEST_TIMEOUT"           // the body did not arrive in time: HTTP 408
	CodeQueryTooLarge   = "QUERY_TOO_LARGE"           // too many tokens, fields or same-named fields in the document
	CodeQueryTooDeep    = "QUERY_TOO_DEEP"            // nested deeper than MaxDepth
	CodeQueryTooComplex = "COMPLEXITY_LIMIT_EXCEEDED" // costs more than MaxComplexity (gqlgen's code)
)

// InputError is invalid input: the field (input path) and the rule broken.
// Reason, when set, names the rule for the console, which words it in the
// admin's language (extensions.reason; the message is the fallback).
type InputError struct {
	Field   string
	Message string
	Reason  string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Message }

func badInput(field, msg string) error { return &InputError{Field: field, Message: msg} }

// badInputReason is badInput with a reason the console words itself.
func badInputReason(field, reason, msg string) error {
	return &InputError{Field: field, Message: msg, Reason: reason}
}

// codedError carries a code for errors that are not domain types. reason
// and ext, when set, become extensions.reason and further extensions: a
// stable key (and its values) the console turns into text in the admin's
// language; the message stays as the fallback for API callers.
type codedError struct {
	code   string
	msg    string
	reason string
	ext    map[string]any
}

func (e *codedError) Error() string { return e.msg }

func forbidden(msg string) error { return &codedError{code: CodeForbidden, msg: msg} }
func conflict(msg string) error  { return &codedError{code: CodeConflict, msg: msg} }
func notFound(msg string) error  { return &codedError{code: CodeNotFound, msg: msg} }

// withReason is a coded error with a reason key and its values.
func withReason(code, reason, msg string, ext map[string]any) error {
	return &codedError{code: code, msg: msg, reason: reason, ext: ext}
}

var errUnauthenticated = &codedError{code: CodeUnauthenticated, msg: "authentication required: log in or send Authorization: Bearer <token>"}

// maxProblems bounds how many offending items one error lists.
const maxProblems = 200

// presentError maps every error to a GraphQL error with extensions.code. It is
// the one place where domain errors become API errors; anything unexpected is
// logged and shown as INTERNAL without details.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if gerr.Extensions != nil && gerr.Extensions["code"] == "INVALID_PAGINATION" {
			// ent's negative first/last: the caller's mistake.
			gerr.Extensions["code"] = CodeBadUserInput
			return gerr
		}
		if gerr.Extensions != nil && gerr.Extensions["code"] != nil {
			if field, ok := variablePath(gerr); ok {
				// A variable's value does not fit the schema: name it.
				gerr.Extensions["code"] = CodeBadUserInput
				gerr.Extensions["field"] = field
				gerr.Message = field + ": " + gerr.Message
			}
			return gerr // other parse/validation errors already carry a code
		}
		set := func(code, msg string, ext map[string]any) *gqlerror.Error {
			gerr.Message = msg
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			gerr.Extensions["code"] = code
			for k, v := range ext {
				gerr.Extensions[k] = v
			}
			return gerr
		}
		if requestError(ctx, err) {
			// Raised while reading the request, before any resolver: the
			// client's mistake, told to the client and not logged (its
			// message may quote what the client sent).
			return set(CodeBadUserInput, gerr.Message, nil)
		}
		if field, ok := argumentPath(ctx, gerr); ok {
			// Argument coercion failed (an unknown enum value, a malformed id…)
			// before any resolver ran.
			msg := unwrapMessage(err)
			var ne *strconv.NumError
			if errors.As(err, &ne) {
				// An ID that is not one of ours ("abc"): say so, not how
				// the parser failed.
				msg = "not a valid ID: " + strconv.Quote(ne.Num)
			}
			return set(CodeBadUserInput, field+": "+msg, map[string]any{"field": field})
		}
		var (
			ce   *codedError
			ie   *InputError
			ve   *oaimport.ValidationError
			bie  *binder.InputError
			bce  *binder.ConflictError
			fe   *oafile.Error
			entV *ent.ValidationError
		)
		switch {
		case errors.As(err, &ce):
			ext := map[string]any{}
			for k, v := range ce.ext {
				ext[k] = v
			}
			if ce.reason != "" {
				ext["reason"] = ce.reason
			}
			return set(ce.code, ce.msg, ext)
		case errors.As(err, &ie):
			ext := map[string]any{"field": ie.Field}
			if ie.Reason != "" {
				ext["reason"] = ie.Reason
			}
			return set(CodeBadUserInput, ie.Error(), ext)
		case errors.As(err, &bie):
			return set(CodeBadUserInput, "input."+bie.Error(), map[string]any{"field": "input." + bie.Field})
		case errors.As(err, &bce):
			return set(CodeConflict, bce.Message, nil)
		case errors.As(err, &ve):
			problems := make([]map[string]any, 0, min(len(ve.Problems), maxProblems))
			for _, p := range ve.Problems[:min(len(ve.Problems), maxProblems)] {
				problems = append(problems, map[string]any{"field": "input." + p.Field, "item": p.Item, "message": p.Message})
			}
			field := ""
			if len(ve.Problems) > 0 {
				field = "input." + ve.Problems[0].Field
			}
			return set(CodeBadUserInput, ve.Error(), map[string]any{"field": field, "problems": problems, "problemCount": len(ve.Problems)})
		case errors.As(err, &fe):
			// An uploaded directory file: problems by sheet, row and column.
			problems := make([]map[string]any, 0, min(len(fe.Problems), maxProblems))
			for _, p := range fe.Problems[:min(len(fe.Problems), maxProblems)] {
				problems = append(problems, map[string]any{"sheet": p.Sheet, "row": p.Row, "column": p.Column, "field": p.Field, "message": p.Message})
			}
			return set(CodeBadUserInput, fe.Error(), map[string]any{"field": "input.content", "problems": problems, "problemCount": len(fe.Problems)})
		case errors.As(err, &entV):
			f := lowerCamel(entV.Name)
			return set(CodeBadUserInput, f+": "+unwrapEntMessage(entV), map[string]any{"field": "input." + f})
		case ent.IsNotFound(err):
			return set(CodeNotFound, "not found", nil)
		case errors.Is(err, privacy.Deny):
			return set(CodeForbidden, "forbidden: "+denyReason(err), nil)
		case ent.IsConstraintError(err):
			return set(CodeConflict, "conflict: an object with the same unique values exists, or the object is still in use", map[string]any{"reason": "unique"})
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return set(CodeInternal, "request canceled", nil)
		}
		var pe *platform.Error
		if errors.As(err, &pe) {
			return set(CodePlatformError, pe.Error(), platformExtensions(pe))
		}
		log.Error("unexpected resolver error", "path", gerr.Path.String(), "err", err)
		return set(CodeInternal, "internal error", nil)
	}
}

// requestError reports whether err is a GraphQL error raised outside any
// field (by a transport or an extension) without a code of its own.
func requestError(ctx context.Context, err error) bool {
	var g *gqlerror.Error
	return errors.As(err, &g) && len(g.Path) == 0 && graphql.GetFieldContext(ctx) == nil &&
		(g.Extensions == nil || g.Extensions["code"] == nil)
}

// presented is err as the client sees it (code and message), without logging.
func presented(ctx context.Context, err error) (code, message string) {
	g := presentError(slog.New(slog.DiscardHandler))(ctx, err)
	code, _ = g.Extensions["code"].(string)
	return code, g.Message
}

func unwrapEntMessage(e *ent.ValidationError) string {
	msg := e.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "ent:") {
		msg = msg[i+2:]
	}
	return msg
}

func lowerCamel(snake string) string {
	parts := strings.Split(snake, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] == "id" || parts[i] == "url" {
			parts[i] = strings.ToUpper(parts[i])
			continue
		}
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// argumentPath reports whether gerr points into an argument of the field it
// was raised on, and renders that path as "input.platform".
func argumentPath(ctx context.Context, gerr *gqlerror.Error) (string, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return "", false
	}
	base := len(fc.Path())
	if len(gerr.Path) <= base {
		return "", false
	}
	name, ok := gerr.Path[base].(ast.PathName)
	if !ok || fc.Field.Arguments.ForName(string(name)) == nil {
		return "", false
	}
	return renderPath(gerr.Path[base:]), true
}

// renderPath writes a path as fields are named in inputs: "users[3].mobile".
func renderPath(path ast.Path) string {
	var b strings.Builder
	for _, p := range path {
		switch v := p.(type) {
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(v))
		case ast.PathIndex:
			b.WriteString("[" + strconv.Itoa(int(v)) + "]")
		}
	}
	return b.String()
}

func unwrapMessage(err error) string {
	var g *gqlerror.Error
	if errors.As(err, &g) && g.Err != nil {
		return g.Err.Error()
	}
	if errors.As(err, &g) {
		return g.Message
	}
	return err.Error()
}

// variablePath reports whether a validation error points into a variable
// (path "variable", name, fields…) and renders it as "in.platform".
func variablePath(gerr *gqlerror.Error) (string, bool) {
	if gerr.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || len(gerr.Path) < 2 {
		return "", false
	}
	if first, ok := gerr.Path[0].(ast.PathName); !ok || first != "variable" {
		return "", false
	}
	field := renderPath(gerr.Path[1:])
	return field, field != ""
}

// denyReason is a privacy rule's reason without the wrapping that gqlgen
// and ent add ("input:1:10: createAPIToken …: ent/privacy: deny rule"):
// the reason is what the caller can act on.
func denyReason(err error) string {
	msg := unwrapMessage(err)
	msg = strings.TrimSuffix(msg, ": "+privacy.Deny.Error())
	msg = strings.TrimPrefix(msg, "ent/privacy: ")
	if msg == "" || msg == privacy.Deny.Error() {
		return "not allowed"
	}
	return msg
}
