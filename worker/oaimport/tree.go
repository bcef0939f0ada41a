package oaimport

import "strings"

// The department tree an import produces is the existing OA tree with the
// input's departments laid over it: an input department's parent is the one
// the input names, any other department keeps its stored parent. Cycles and
// creation order are both questions about that combined graph.

// tree is the combined parent graph, by external id.
type tree struct {
	input map[string]string // input department → parent external id ("" for top level)
	old   *oldDepts
}

func newTree(in []Department, old *oldDepts) *tree {
	t := &tree{input: make(map[string]string, len(in)), old: old}
	for _, d := range in {
		if _, dup := t.input[d.ExternalID]; !dup && d.ExternalID != "" {
			t.input[d.ExternalID] = d.ParentExternalID
		}
	}
	return t
}

// parent returns a department's parent in the combined graph.
func (t *tree) parent(ext string) (string, bool) {
	if p, ok := t.input[ext]; ok {
		return p, p != ""
	}
	return t.old.parentExt(ext)
}

// cycles returns, for every department lying on a parent cycle, the cycle
// starting at that department (A → B → C, meaning A's parent is B …). Every
// node has at most one parent, so one walk per start with three colours finds
// all cycles in linear time.
func (t *tree) cycles(starts []string) map[string][]string {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]uint8, len(starts))
	found := make(map[string][]string)
	var path []string
	for _, s := range starts {
		path = path[:0]
		for x := s; ; {
			if st := state[x]; st == done {
				break
			} else if st == onPath {
				at := indexOf(path, x)
				cycle := path[at:]
				for i, n := range cycle {
					found[n] = rotate(cycle, i)
				}
				break
			}
			state[x] = onPath
			path = append(path, x)
			p, ok := t.parent(x)
			if !ok {
				break
			}
			x = p
		}
		for _, n := range path {
			state[n] = done
		}
	}
	return found
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

func rotate(s []string, i int) []string {
	out := make([]string, 0, len(s))
	return append(append(out, s[i:]...), s[:i]...)
}

// describeCycle renders a cycle as "A → B → C → A".
func describeCycle(c []string) string {
	return strings.Join(append(append([]string(nil), c...), c[0]), " → ")
}
