package main

import (
	"fmt"
	"math"

	"github.com/dustin/go-humanize"

	"imbridge/graph"
)

// parseSize reads a byte size such as 65536, 64KiB or 32 MiB.
func parseSize(flag, s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil || n == 0 || n > math.MaxInt64 {
		return 0, fmt.Errorf("%s: %q is not a size in bytes such as 65536, 64KiB or 32MiB", flag, s)
	}
	return int64(n), nil
}

// requestLimits are the /query limits of this configuration.
func (c config) requestLimits() graph.RequestLimits {
	l := graph.DefaultRequestLimits
	l.Body, l.AnonymousBody = c.MaxBody, c.MaxAnonymousBody
	return l
}
