package orgsync

import (
	"container/heap"
	"sort"
	"time"

	"imbridge/worker/orgsync/plan"
)

// intHeap orders ready changes by their place in the plan.
type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// readySet holds the changes ready to start: one heap per lane (by plan
// order) and the rest; lanes go first while they have room.
type readySet struct {
	lanes map[plan.Action]Lane
	heaps map[string]*intHeap // lane name → ready; "" = no lane
	busy  map[string]int      // lane name → in flight
	left  map[string]int      // lane name → changes not finished
	next  map[string]time.Time
	items []*item
	names []string // lane names, scarcest first
}

func (r *readySet) lane(i int) (Lane, bool) {
	l, ok := r.lanes[r.items[i].c.Action]
	return l, ok
}

func (r *readySet) push(i int) {
	name := ""
	if l, ok := r.lane(i); ok {
		name = l.Name
	}
	h := r.heaps[name]
	if h == nil {
		h = &intHeap{}
		r.heaps[name] = h
		if name != "" {
			r.names = append(r.names, name)
			inFlight := map[string]int{}
			for _, l := range r.lanes {
				inFlight[l.Name] = l.InFlight
			}
			sort.Slice(r.names, func(i, j int) bool {
				a, b := r.names[i], r.names[j]
				if inFlight[a] != inFlight[b] {
					return inFlight[a] < inFlight[b]
				}
				return a < b
			})
		}
	}
	heap.Push(h, i)
}

// pop takes the next change to start: a lane's with room first. With
// nothing to start, wait is how long until a paced lane may start (0:
// none is waiting on its pace).
func (r *readySet) pop(now time.Time) (i int, ok bool, wait time.Duration) {
	for _, name := range r.names {
		h := r.heaps[name]
		if h.Len() == 0 {
			continue
		}
		l, _ := r.lane((*h)[0])
		if r.busy[name] >= max(1, l.InFlight) {
			continue
		}
		if l.Interval > 0 && (l.WhileBusy == "" || r.left[l.WhileBusy] > 0) {
			if at := r.next[name]; now.Before(at) {
				if w := at.Sub(now); wait == 0 || w < wait {
					wait = w
				}
				continue
			}
			r.next[name] = now.Add(l.Interval)
		}
		return heap.Pop(h).(int), true, 0
	}
	if h := r.heaps[""]; h != nil && h.Len() > 0 {
		return heap.Pop(h).(int), true, 0
	}
	return 0, false, wait
}

// count tracks the changes of each lane not finished yet.
func (r *readySet) count(i, d int) {
	if l, ok := r.lane(i); ok {
		r.left[l.Name] += d
	}
}

func (r *readySet) start(i int) {
	if l, ok := r.lane(i); ok {
		r.busy[l.Name]++
	}
}

func (r *readySet) end(i int) {
	if l, ok := r.lane(i); ok {
		r.busy[l.Name]--
	}
}
