package mirror

import (
	"errors"
	"fmt"

	"imbridge/ent"
	"imbridge/ent/detail"
	"imbridge/platform"
)

// Item kinds of RunError.Kind.
const (
	kindUser       = "user"
	kindDepartment = "department"
)

// itemError records one item the run could not read or write, with its kind,
// id and reason (kind "": a note about the whole run, named by id), and lets
// the run go on: one bad item never fails a batch. A read failure makes the run incomplete, so nothing unseen is marked
// removed or out of scope at the end.
func (r *runner) itemError(kind, id string, err error, read bool) {
	if read {
		r.cp.Incomplete = true
	}
	if len(r.errs) >= maxErrors {
		r.dropped++
		return
	}
	e := detail.RunError{Item: id, Message: err.Error()}
	if kind != "" { // an item, not a note about the whole run
		e = detail.RunError{Item: kind + " " + id, Kind: kind, ExternalID: id, Message: err.Error()}
	}
	var pe *platform.Error
	if errors.As(err, &pe) {
		e.Code = fmt.Sprint(pe.Code)
		e.Message = pe.Advice()
	}
	r.errs = append(r.errs, e)
}

// itemProblem says whether a failed write is the item's own fault (a value
// the schema refuses, a uniqueness conflict) rather than the database's: the
// item is recorded and the rest written.
func itemProblem(err error) bool {
	return ent.IsValidationError(err) || ent.IsConstraintError(err)
}
