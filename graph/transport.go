package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postTransport serves POST /query: one JSON object {query, operationName,
// variables, extensions} sent as application/json. It replaces gqlgen's
// transport.POST, which quotes a malformed body in its error message (so a
// secret in the body reached the log) and answers it on a path where the
// mutation transaction panics ("missing operation context"). Here every
// client mistake is a 4xx with code BAD_USER_INPUT (REQUEST_TOO_LARGE,
// REQUEST_TIMEOUT for the body limits) and a message that names the rule,
// never the body.
type postTransport struct{}

var _ graphql.Transport = postTransport{}

// Supports takes every POST that is not a WebSocket upgrade, so a wrong
// Content-Type gets a clear answer instead of "transport not supported".
func (postTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeRequestError(w, http.StatusUnsupportedMediaType, CodeBadUserInput,
			`Content-Type must be application/json, with a body {"query": "…", "variables": {…}}`)
		return
	}
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		status, code, msg := bodyReadError(err)
		writeRequestError(w, status, code, msg)
		return
	}
	params, msg := decodeParams(body)
	if msg != "" {
		writeRequestError(w, http.StatusBadRequest, CodeBadUserInput, msg)
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, params, false)
}

// getTransport serves GET /query?query=…&variables=…: queries only, so that
// a link or an image on another site cannot run a mutation with the
// browser's session cookie. It replaces gqlgen's transport.GET for the same
// errors as postTransport.
type getTransport struct{}

var _ graphql.Transport = getTransport{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeRequestError(w, http.StatusBadRequest, CodeBadUserInput, "the query string is not valid URL encoding")
		return
	}
	params := &graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName")}
	for name, into := range map[string]*map[string]any{"variables": &params.Variables, "extensions": &params.Extensions} {
		if v := q.Get(name); v != "" {
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if err := dec.Decode(into); err != nil {
				writeRequestError(w, http.StatusBadRequest, CodeBadUserInput, name+" must be a JSON object")
				return
			}
		}
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, params, true)
}

// execute runs a decoded request and writes its response.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, queryOnly bool) {
	ctx := r.Context()
	params.Headers = r.Header
	w.Header().Set("Content-Type", "application/json")
	oc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		w.WriteHeader(statusForErrors(opErr))
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, oc), opErr))
		return
	}
	if queryOnly && oc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeRequestError(w, http.StatusMethodNotAllowed, CodeBadUserInput, "GET runs queries only; send mutations as POST")
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	writeResponse(w, responses(ctx))
}

// rawParams is the request body's shape.
type rawParams struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
	Extensions    map[string]any `json:"extensions"`
}

const bodyShape = `{"query": "…", "operationName": "…", "variables": {…}}`

// decodeParams parses a request body, or says what is wrong with it (in
// words that never quote it).
func decodeParams(body []byte) (*graphql.RawParams, string) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	switch {
	case len(trimmed) == 0:
		return nil, "the request body is empty; send one JSON object " + bodyShape
	case trimmed[0] == '[':
		return nil, "the request body is a JSON array; batched requests are not supported, send one JSON object " + bodyShape
	case trimmed[0] != '{':
		return nil, "the request body must be one JSON object " + bodyShape
	}
	var p rawParams
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber() // variables keep their exact numbers; gqlgen coerces json.Number
	if err := dec.Decode(&p); err != nil {
		return nil, jsonProblem(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, "the request body holds more than one JSON value; send one JSON object " + bodyShape
	}
	return &graphql.RawParams{Query: p.Query, OperationName: p.OperationName, Variables: p.Variables, Extensions: p.Extensions}, ""
}

func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("the request body is not valid JSON (error at byte %d)", syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the request body is not valid JSON (it ends in the middle of a value)"
	case errors.As(err, &typ):
		want := "a string"
		if typ.Type != nil && typ.Type.Kind() == reflect.Map {
			want = "an object"
		}
		if typ.Field == "" {
			return "the request body must be one JSON object " + bodyShape
		}
		return fmt.Sprintf("%s must be %s, not a JSON %s", typ.Field, want, typ.Value)
	}
	return "the request body is not valid JSON"
}

// bodyReadError classifies a failure to read the body.
func bodyReadError(err error) (status int, code, msg string) {
	var tooLarge *bodyTooLargeError
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge, CodeRequestTooLarge, tooLarge.Error()
	case errors.As(err, &maxBytes):
		return http.StatusRequestEntityTooLarge, CodeRequestTooLarge, fmt.Sprintf("the request body is larger than %d bytes", maxBytes.Limit)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return http.StatusRequestTimeout, CodeRequestTimeout, "the request body did not arrive in time"
	}
	return http.StatusBadRequest, CodeBadUserInput, "the request body could not be read"
}

// statusForErrors is the HTTP status of an operation refused before it ran.
func statusForErrors(list gqlerror.List) int {
	if len(list) > 0 && list[0].Extensions != nil {
		switch list[0].Extensions["code"] {
		case CodeBadUserInput, CodeQueryTooLarge, CodeQueryTooDeep, CodeQueryTooComplex:
			return http.StatusBadRequest
		}
	}
	if errcode.GetErrorKind(list) == errcode.KindProtocol {
		return http.StatusUnprocessableEntity // parse and validation errors, as gqlgen answers them
	}
	return http.StatusOK
}

// writeRequestError answers a request refused before GraphQL saw it, in the
// shape of a GraphQL response.
func writeRequestError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	writeResponse(w, &graphql.Response{Errors: gqlerror.List{{Message: msg, Extensions: map[string]any{"code": code}}}})
}

func writeResponse(w io.Writer, resp *graphql.Response) {
	b, err := json.Marshal(resp)
	if err != nil {
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"` + CodeInternal + `"}}]}`)
	}
	_, _ = w.Write(b)
}

// unsupportedTransport answers what no other transport takes (PUT, DELETE…)
// with 405 and the way to send a request.
type unsupportedTransport struct{}

func (unsupportedTransport) Supports(r *http.Request) bool { return r.Header.Get("Upgrade") == "" }

func (unsupportedTransport) Do(w http.ResponseWriter, _ *http.Request, _ graphql.GraphExecutor) {
	w.Header().Set("Allow", "GET, POST, OPTIONS")
	writeRequestError(w, http.StatusMethodNotAllowed, CodeBadUserInput,
		"send GraphQL requests as POST with Content-Type: application/json (GET for queries, WebSocket for subscriptions)")
}
