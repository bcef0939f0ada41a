package graph_test

import (
	"net/http"
	"strings"
)

func httpPost(url, body string) (*http.Response, error) {
	return http.Post(url, "application/json", strings.NewReader(body))
}
