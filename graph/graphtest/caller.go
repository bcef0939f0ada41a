package graphtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Caller sends GraphQL requests as one principal.
type Caller struct {
	env    *Env
	cookie *http.Cookie
	bearer string
	// Tenant is sent as X-Imbridge-Tenant (super admins pick a tenant this way).
	Tenant string
	Name   string
}

// Response is a GraphQL response.
type Response struct {
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Error is a GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Do sends a query with variables and returns the raw response.
func (c *Caller) Do(query string, vars map[string]any) Response {
	c.env.T.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.env.Server.URL+"/query", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	c.authorize(req.Header)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.env.T.Fatalf("POST /query: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out Response
	if err := json.Unmarshal(raw, &out); err != nil {
		c.env.T.Fatalf("decoding response %d %s: %v", resp.StatusCode, raw, err)
	}
	return out
}

func (c *Caller) authorize(h http.Header) {
	if c.bearer != "" {
		h.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.cookie != nil {
		h.Set("Cookie", c.cookie.Name+"="+c.cookie.Value)
	}
	if c.Tenant != "" {
		h.Set("X-Imbridge-Tenant", c.Tenant)
	}
}

// On returns the caller sending its requests to another API process of the
// same installation (see AnotherAPI), with the same credentials.
func (c *Caller) On(e *Env) *Caller {
	other := *c
	other.env = e
	return &other
}

// Bearer is the caller's API token, if it has one.
func (c *Caller) Bearer() string { return c.bearer }

// MustDo sends a query, fails the test on any error, and decodes data into out.
func (c *Caller) MustDo(query string, vars map[string]any, out any) {
	c.env.T.Helper()
	r := c.Do(query, vars)
	if len(r.Errors) > 0 {
		c.env.T.Fatalf("%s: unexpected errors: %+v", c.Name, r.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			c.env.T.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
}

// ErrCode sends a query that must fail and returns the first error's code.
func (c *Caller) ErrCode(query string, vars map[string]any) (string, Error) {
	c.env.T.Helper()
	r := c.Do(query, vars)
	if len(r.Errors) == 0 {
		c.env.T.Fatalf("%s: expected an error, got data %s", c.Name, r.Data)
	}
	return r.Errors[0].Code(), r.Errors[0]
}

// String describes the caller in test output.
func (c *Caller) String() string { return fmt.Sprintf("caller(%s)", c.Name) }

// AuthorizeForTest adds the caller's credentials to a raw request's headers.
func (c *Caller) AuthorizeForTest(h http.Header) { c.authorize(h) }

// Bearer returns a caller sending the given token (e.g. an expired or
// made-up one).
func (e *Env) Bearer(token string) *Caller { return &Caller{env: e, bearer: token, Name: "bearer"} }
