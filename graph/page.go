package graph

import "fmt"

// Page sizes of connections. Without first/last a connection returns the
// first defaultPageSize rows, never a whole 100k-user directory.
const (
	defaultPageSize = 50
	maxPageSize     = 1000
)

func pageArgs(first, last *int) (*int, *int, error) {
	for name, v := range map[string]*int{"first": first, "last": last} {
		if v != nil && (*v < 0 || *v > maxPageSize) {
			return nil, nil, badInput(name, fmt.Sprintf("must be between 0 and %d", maxPageSize))
		}
	}
	if first == nil && last == nil {
		n := defaultPageSize
		first = &n
	}
	return first, last, nil
}
