package binder

import (
	"context"
	"encoding/json"
	"strconv"

	"imbridge/ent"
	"imbridge/ent/audit"
)

// Audit actions of the binding history.
const (
	ActionBind   = "binding.bind"
	ActionUnbind = "binding.unbind"
)

// event is one line of a person's binding history.
type event struct {
	action  string
	binding int
	corp    int
	oa, im  *ent.User
	method  string
	row     int // the import row, 0 otherwise
}

// record writes history events to the audit log, for the actor in ctx. The
// summary names both people by id and name so the history stays readable
// after either leaves.
func record(ctx context.Context, db *ent.Client, evs []event) error {
	entries := make([]audit.Entry, 0, len(evs))
	for _, e := range evs {
		s := map[string]any{"corpID": e.corp, "method": e.method}
		if e.oa != nil {
			s["oaUser"] = e.oa.ExternalID + " " + e.oa.Name
		}
		if e.im != nil {
			s["imUser"] = e.im.ExternalID + " " + e.im.Name
		}
		if e.row > 0 {
			s["row"] = e.row
		}
		b, _ := json.Marshal(s)
		entries = append(entries, audit.Entry{Action: e.action, TargetType: "Binding", TargetID: strconv.Itoa(e.binding), Summary: string(b)})
	}
	return audit.RecordAll(ctx, db, entries)
}
