package mirror

import "encoding/json"

// checkpoint is the resumable state of a run.
type checkpoint struct {
	Phase string `json:"phase"`
	// Queue holds the departments whose children are still to be listed
	// (departments phase).
	Queue []string `json:"queue,omitempty"`
	// After is the last department whose users were read (users phase;
	// departments are read in external id order).
	After string `json:"after,omitempty"`
	// Incomplete records that some department could not be read, which
	// disables the removal of unseen rows at the end.
	Incomplete bool `json:"incomplete,omitempty"`
	// Errors so far, so a resumed run reports them too, and how many more
	// were counted but not kept (past maxErrors).
	Errors  []errorEntry `json:"errors,omitempty"`
	Dropped int          `json:"dropped,omitempty"`
}

type errorEntry struct {
	Item, Message, Code string
	Kind, ExternalID    string `json:",omitempty"`
}

func parseCheckpoint(b []byte) (checkpoint, error) {
	var c checkpoint
	if len(b) == 0 {
		return c, nil
	}
	err := json.Unmarshal(b, &c)
	return c, err
}
