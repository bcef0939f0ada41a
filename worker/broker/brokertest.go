package broker

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
)

// EnvTestURL names the Redis server used by tests when set; tests then get
// the DB index given in the URL and flush it, so use a dedicated index.
const EnvTestURL = "IMBRIDGE_TEST_REDIS_URL"

// OpenTest returns a broker for a test: embedded by default, or the server at
// IMBRIDGE_TEST_REDIS_URL. Each test gets a namespace of its own, so parallel tests on one server do not see each other's keys.
func OpenTest(tb testing.TB) *Broker {
	tb.Helper()
	url := os.Getenv(EnvTestURL)
	b, err := Open(context.Background(), url)
	if err != nil {
		tb.Fatalf("opening test redis: %v", err)
	}
	tb.Cleanup(func() { b.Close() })
	b.Namespace = TestNamespace(tb)
	return b
}

// TestNamespace returns a namespace unique to the test and process.
func TestNamespace(tb testing.TB) string {
	return "t" + strconv.Itoa(os.Getpid()) + "-" + strings.NewReplacer("/", "-", " ", "_").Replace(tb.Name())
}
