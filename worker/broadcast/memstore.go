package broadcast

import (
	"context"
	"fmt"
	"sync"

	"imbridge/platform"
)

// MemoryStore is a Store in memory (tests, the demo before ent).
type MemoryStore struct {
	mu      sync.Mutex
	seq     int
	byID    map[string]Broadcast
	viewers map[string][]platform.LiveViewer
}

func (m *MemoryStore) Get(_ context.Context, id string) (Broadcast, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.byID[id]
	if !ok {
		return Broadcast{}, ErrNotFound
	}
	return b, nil
}

func (m *MemoryStore) ByPlatformID(_ context.Context, provider, pid string) (Broadcast, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, b := range m.byID {
		if b.Provider == provider && b.PlatformID == pid {
			return b, nil
		}
	}
	return Broadcast{}, ErrNotFound
}

func (m *MemoryStore) Save(_ context.Context, b Broadcast) (Broadcast, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.byID == nil {
		m.byID, m.viewers = map[string]Broadcast{}, map[string][]platform.LiveViewer{}
	}
	if b.ID == "" {
		m.seq++
		b.ID = fmt.Sprintf("b%d", m.seq)
	}
	m.byID[b.ID] = b
	return b, nil
}

func (m *MemoryStore) SaveViewers(_ context.Context, id string, v []platform.LiveViewer) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.viewers[id] = append([]platform.LiveViewer(nil), v...)
	return nil
}

// Viewers returns the stored viewers of a broadcast.
func (m *MemoryStore) Viewers(id string) []platform.LiveViewer {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.viewers[id]
}

func (m *MemoryStore) Unsettled(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for id, b := range m.byID {
		if Unsettled(b.Status, b.Replay) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}
