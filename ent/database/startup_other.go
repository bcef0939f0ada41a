//go:build !unix

package database

import (
	"context"
	"sync"
)

var fileStartup sync.Mutex

// lockFile serialises starts within this process only: without flock,
// several processes on one SQLite file rely on each start-up step
// tolerating the others (the super admin and the demo tenant are created
// once whoever wins).
func lockFile(context.Context, string) (func(), error) {
	fileStartup.Lock()
	return fileStartup.Unlock, nil
}
