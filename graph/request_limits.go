package graph

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/dustin/go-humanize"

	"imbridge/ent/viewer"
)

// RequestLimits bound what /query reads of a request before GraphQL sees
// it: the body's size and the time to receive it. Callers without valid
// credentials get small bounds (they can only ask for `viewer`); the
// authenticated get room for importDirectory's large inputs.
type RequestLimits struct {
	// AnonymousBody is the largest body, in bytes, accepted from a caller
	// without valid credentials; also the longest query string of a GET.
	AnonymousBody int64
	// Body is the largest body, in bytes, accepted from an authenticated caller.
	Body int64
	// AnonymousReadTimeout and ReadTimeout bound the time to receive the body.
	AnonymousReadTimeout, ReadTimeout time.Duration
}

// DefaultRequestLimits: 32 KiB before authentication (GraphiQL's
// introspection query is ~2 KiB), 64 MiB after (an import of 100,000 users
// with memberships is ~30 MB of JSON), read at no less than ~0.5 MB/s.
var DefaultRequestLimits = RequestLimits{
	AnonymousBody:        32 << 10,
	Body:                 64 << 20,
	AnonymousReadTimeout: 10 * time.Second,
	ReadTimeout:          2 * time.Minute,
}

// Handler applies the limits to next. It must run after the authentication
// middleware, which puts the viewer (if any) in the context. A body declared
// too large is refused without reading it; one that turns out too large is
// read only up to the limit (and the connection is then closed).
func (l RequestLimits) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit, timeout, anonymous := l.Body, l.ReadTimeout, viewer.FromContext(r.Context()) == nil
		if anonymous {
			limit, timeout = l.AnonymousBody, l.AnonymousReadTimeout
		}
		if r.Method == http.MethodGet && int64(len(r.URL.RawQuery)) > limit {
			writeRequestError(w, http.StatusRequestURITooLong, CodeRequestTooLarge, (&bodyTooLargeError{limit, anonymous}).Error())
			return
		}
		if r.Body == nil || r.Body == http.NoBody || r.Header.Get("Upgrade") != "" {
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > limit {
			writeRequestError(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, (&bodyTooLargeError{limit, anonymous}).Error())
			return
		}
		// The read deadline covers the body only: it is lifted once the body
		// is read, because net/http's background read after the body would
		// otherwise hit it while a long mutation runs and cancel the request.
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(timeout)) // not supported by every writer (tests); the size limit still holds
		lift := sync.OnceFunc(func() { _ = rc.SetReadDeadline(time.Time{}) })
		defer lift()
		r.Body = &limitedBody{
			ReadCloser: http.MaxBytesReader(w, r.Body, limit),
			done:       lift,
			tooLarge:   &bodyTooLargeError{limit, anonymous},
		}
		next.ServeHTTP(w, r)
	})
}

// limitedBody reports an over-limit body as bodyTooLargeError and lifts the
// read deadline when the body ends.
type limitedBody struct {
	io.ReadCloser
	done     func()
	tooLarge *bodyTooLargeError
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		err = b.tooLarge
	}
	if err != nil {
		b.done()
	}
	return n, err
}

// bodyTooLargeError is a body over the caller's limit.
type bodyTooLargeError struct {
	limit     int64
	anonymous bool
}

func (e *bodyTooLargeError) Error() string {
	msg := fmt.Sprintf("the request is larger than %s, the limit", humanize.IBytes(uint64(e.limit)))
	if e.anonymous {
		return msg + " before authentication; send credentials (session or Bearer token)"
	}
	return msg + "; split the import or ask the operator to raise IMBRIDGE_MAX_BODY"
}
